"""Arktos nodes as compute hosts: quantities, the heartbeat and the service patch."""

from fractions import Fraction

from translator.backend.arktos import hosts
from translator.conductor import lease


def _node(**spec) -> dict:
    return {'metadata': {'name': 'n1', 'uid': 'u', 'resourceVersion': '7',
                         'annotations': {hosts.ANN_DISABLED_REASON: 'why'}},
            'spec': spec,
            'status': {'capacity': {'cpu': '3500m', 'memory': '1536Mi',
                                    'ephemeral-storage': '20Gi'},
                       'conditions': [{'type': 'Ready', 'status': 'False',
                                       'lastHeartbeatTime': '2026-01-01T00:00:00Z'}],
                       'addresses': [{'type': 'Hostname', 'address': 'n1'},
                                     {'type': 'InternalIP', 'address': '192.0.2.9'}]}}


def test_quantities():
    assert hosts.quantity('64Gi') == 64 * 2**30
    assert hosts.quantity('500m') == Fraction(1, 2)
    assert hosts.quantity('2k') == 2000
    assert hosts.quantity('bogus') == 0 and hosts.quantity(None) == 0
    assert hosts.quantity('1.2.3') == 0


def test_a_node_without_a_lease_reads_its_ready_condition():
    host = hosts.compute_host(_node(unschedulable=True), None, [], 'z')
    assert (host.vcpus, host.memory_mb, host.local_gb) == (3, 1536, 20)
    assert host.host_ip == '192.0.2.9'
    assert (host.ready, host.alive, host.disabled) == (False, False, True)
    assert host.disabled_reason == 'why' and host.heartbeat == '2026-01-01T00:00:00Z'
    assert host.zone == 'z' and host.resource_version == '7'


def test_the_node_lease_is_the_heartbeat_and_forced_down_wins():
    renewed = lease._now().strftime('%Y-%m-%dT%H:%M:%S.%fZ')
    node_lease = {'spec': {'renewTime': renewed, 'leaseDurationSeconds': 40}}
    assert hosts.compute_host(_node(), node_lease, [], 'z').alive
    forced = _node()
    forced['metadata']['annotations'][hosts.ANN_FORCED_DOWN] = 'true'
    host = hosts.compute_host(forced, node_lease, [], 'z')
    assert host.forced_down and not host.alive
    stale = {'spec': {'renewTime': '2020-01-01T00:00:00.000000Z', 'leaseDurationSeconds': 40}}
    assert not hosts.compute_host(_node(), stale, [], 'z').alive


def test_service_patch_is_conditional_and_clears_what_enabling_clears():
    node = _node()
    assert hosts.service_patch(node, True, 'maintenance', None) == {
        'metadata': {'resourceVersion': '7',
                     'annotations': {hosts.ANN_DISABLED_REASON: 'maintenance'}},
        'spec': {'unschedulable': True}}
    assert hosts.service_patch(node, False, 'ignored', False) == {
        'metadata': {'resourceVersion': '7',
                     'annotations': {hosts.ANN_DISABLED_REASON: None,
                                     hosts.ANN_FORCED_DOWN: None}},
        'spec': {'unschedulable': None}}
    assert hosts.service_patch(node, None, None, None) == {
        'metadata': {'resourceVersion': '7'}}
