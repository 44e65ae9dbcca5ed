"""The Arktos side of server groups: the pod affinity of each policy, slots of
``max_server_per_host``, and a hard-policy member no node takes (NoValidHost)."""

import pytest

from translator import states
from translator.backend.arktos import names, server_groups, status, translate
from translator.backend.models import ServerGroup

GROUP_ID = '0d6f1d3e-3f5a-4c8e-9d53-6c1b0c1f3a77'
TERM = {'labelSelector': {'matchLabels': {names.LABEL_GROUP_MEMBER: GROUP_ID}},
        'topologyKey': 'kubernetes.io/hostname'}


def _group(policy: str, **rules) -> ServerGroup:
    return ServerGroup(id=GROUP_ID, name='g', policy=policy, project_id='p', user_id='u',
                       rules=rules)


@pytest.mark.parametrize('policy,expected', [
    ('affinity', {'podAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': [TERM]}}),
    ('anti-affinity',
     {'podAntiAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': [TERM]}}),
    ('soft-affinity', {'podAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [
        {'weight': 100, 'podAffinityTerm': TERM}]}}),
    ('soft-anti-affinity', {'podAntiAffinity': {
        'preferredDuringSchedulingIgnoredDuringExecution': [
            {'weight': 100, 'podAffinityTerm': TERM}]}}),
])
def test_each_policy_is_its_pod_affinity(policy, expected):
    assert server_groups.affinity(_group(policy), None) == expected


def _member(slot: str | None = None, **spec) -> dict:
    labels = {names.LABEL_SERVER: 'true', names.LABEL_GROUP_MEMBER: GROUP_ID}
    if slot is not None:
        labels[names.LABEL_GROUP_SLOT] = slot
    return {'metadata': {'name': 'member', 'labels': labels}, 'spec': spec, 'status': {}}


def test_max_server_per_host_fills_the_least_used_slots():
    group = _group('anti-affinity', max_server_per_host=3)
    existing = [_member('0'), _member('0'), _member('2')]
    assert server_groups.slots(group, existing, 4) == ['1', '1', '2', '0']
    assert server_groups.affinity(group, '1')['podAntiAffinity'][
        'requiredDuringSchedulingIgnoredDuringExecution'][0]['labelSelector'] == {
        'matchLabels': {names.LABEL_GROUP_MEMBER: GROUP_ID, names.LABEL_GROUP_SLOT: '1'}}
    assert server_groups.slots(_group('anti-affinity', max_server_per_host=1), [], 2) == \
        [None, None]
    assert server_groups.slots(_group('anti-affinity'), [], 1) == [None]


def _unschedulable(pod: dict) -> dict:
    pod['status'] = {'phase': 'Pending', 'conditions': [{
        'type': 'PodScheduled', 'status': 'False', 'reason': 'Unschedulable',
        'message': "0/3 nodes are available: 3 node(s) didn't match pod affinity/anti-affinity.",
        'lastTransitionTime': '2026-12-04T21:00:00Z'}]}
    pod['metadata']['creationTimestamp'] = '2026-12-04T20:59:59Z'
    return pod


def test_a_hard_member_no_node_takes_is_error_with_no_valid_host():
    pod = _unschedulable(_member(affinity=server_groups.affinity(_group('anti-affinity'),
                                                                 None)))
    assert status.server_state(pod) == (states.ERROR, None, states.NOSTATE)
    server = translate.server_from_pod(pod, 'private')
    assert server.fault == {
        'code': 500, 'created': '2026-12-04T21:00:00Z',
        'message': "No valid host was found. 0/3 nodes are available: 3 node(s) didn't "
                   "match pod affinity/anti-affinity."}
    assert server.server_groups == (GROUP_ID,)


@pytest.mark.parametrize('pod', [
    # Soft policies never fail a boot; other pods wait for capacity as before.
    _member(affinity=server_groups.affinity(_group('soft-anti-affinity'), None)),
    {'metadata': {'name': 'm', 'labels': {names.LABEL_SERVER: 'true'}}, 'spec': {}},
])
def test_other_unschedulable_pods_are_still_scheduling(pod):
    assert status.server_state(_unschedulable(pod)) == (states.BUILDING, states.SCHEDULING,
                                                        states.NOSTATE)


def test_a_group_is_read_back_from_its_configmap():
    group = _group('anti-affinity', max_server_per_host=2)
    namespace = server_groups.tenancy.Namespace('t', 'default')
    configmap = server_groups.configmap_for_group(group, namespace)
    assert configmap['metadata']['name'] == server_groups.configmap_name(GROUP_ID)
    assert GROUP_ID not in configmap['metadata']['name']
    assert server_groups.group_from_configmap(configmap, ('s1',)) == \
        ServerGroup(**{**group.__dict__, 'members': ('s1',)})
