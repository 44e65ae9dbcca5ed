"""Golden-file tests of the pure Nova ⇄ Arktos translation."""

import base64
import copy
import json
import os

import pytest

from translator.api.microversion import APIVersion
from translator.api.views import servers as servers_view
from translator.backend import catalog
from translator.backend.arktos import names, networks, pod_spec, translate
from translator.backend.models import Network, ServerCreate

DATA = os.path.join(os.path.dirname(__file__), 'data')
SERVER_ID = 'f5dc173b-6804-445a-a6d8-c705dad5b5eb'
DEFAULT_NETWORK = Network(id='0b8ac2ff-0b3a-4a8f-9a55-5b1ad1c4a6b0', label='private')


def _load(name: str):
    with open(os.path.join(DATA, name)) as f:
        return json.load(f)


class FakeContext:
    def __init__(self, admin: bool):
        self.admin = admin

    def can_quietly(self, rule: str, target=None) -> bool:
        return self.admin


class FakeRequest:
    """What the views read from a request (a member's unless ``admin``)."""

    def __init__(self, version: str, url_project_id: str | None = None,
                 admin: bool = False):
        self.version = APIVersion(version)
        self.base_url = 'https://cloud.example.com/compute'
        self.url_project_id = url_project_id
        self.environ: dict = {}
        self.context = FakeContext(admin)


def _pod_for(request: ServerCreate, **overrides) -> dict:
    arguments = dict(
        server_id=SERVER_ID, flavor=catalog.FLAVORS[1], image=catalog.IMAGES[0],
        tenant='6f70656e737461636b20342065766572', namespace='default',
        now='2026-11-26T06:00:00Z', public_key=None, default_key_pair_name='nova-no-key',
        cpu_allocation_ratio=4.0, ram_allocation_ratio=1.0, reservation_id='r-0a1b2c3d',
        attachment=networks.NetworkTable([DEFAULT_NETWORK]).attach(request.networks))
    arguments.update(overrides)
    return pod_spec.pod_for_server(request, **arguments)


def test_create_request_to_vm_pod():
    request = ServerCreate(**_load('create_request.json'))
    assert _pod_for(request) == _load('pod_created.json')


def test_user_data_is_stored_as_base64_of_novas_base64_text():
    request = ServerCreate(**_load('create_request.json'))
    stored = _pod_for(request)['spec']['virtualMachine']['userData']
    assert base64.b64decode(base64.b64decode(stored)) == b'#cloud-config\n'


def test_networks_none_means_no_nic():
    request = ServerCreate(**{**_load('create_request.json'), 'networks': 'none'})
    assert _pod_for(request)['spec']['nics'] == []


@pytest.mark.parametrize('name,expected', [
    ('Web Server_01.example', 'web-server-01-example'),
    ('--ok--', 'ok'),
    ('日本', 'server-x'),
    ('a' * 80, 'a' * 63),
])
def test_hostname_sanitizing(name, expected):
    assert pod_spec.sanitize_hostname(name, 'server-x') == expected


@pytest.mark.parametrize('version,golden', [('2.1', 'server_v2_1.json'),
                                            ('2.100', 'server_v2_100.json')])
def test_active_pod_to_nova_server(version, golden):
    server = translate.server_from_pod(_load('pod_active.json'), 'private')
    assert servers_view.show(FakeRequest(version), server) == _load(golden)


@pytest.mark.parametrize('version', ['2.1', '2.3', '2.16', '2.100'])
def test_admins_see_the_extended_server_attributes(version):
    server = translate.server_from_pod(_load('pod_active.json'), 'private')
    member = servers_view.show(FakeRequest(version), server)
    admin = servers_view.show(FakeRequest(version, admin=True), server)
    extra = {key: value for key, value in admin.items() if key not in member}
    assert extra['OS-EXT-SRV-ATTR:host'] == server.host == 'arktos-node-1'
    assert extra['OS-EXT-SRV-ATTR:hypervisor_hostname'] == server.host
    assert extra['OS-EXT-SRV-ATTR:instance_name'] == f'instance-{server.id}'
    if version == '2.1':
        assert len(extra) == 3
    else:
        assert extra['OS-EXT-SRV-ATTR:reservation_id'] == server.reservation_id
        assert extra['OS-EXT-SRV-ATTR:launch_index'] == 0
        assert 'OS-EXT-SRV-ATTR:user_data' in extra
    assert ('host_status' in extra) == (APIVersion(version) >= (2, 16))


def _state(pod: dict) -> tuple:
    server = translate.server_from_pod(pod, 'private')
    return server.status, server.vm_state, server.task_state, server.power_state


def _with(pod: dict, status: dict | None = None, **spec) -> dict:
    pod = copy.deepcopy(pod)
    if status is not None:
        pod['status'] = status
    pod['spec'].update(spec)
    return pod


def test_state_mapping_through_the_arktos_lifecycle():
    pod = _load('pod_active.json')
    assert _state(_with(pod, {'phase': 'Pending'}, nodeName=None)) == \
        ('BUILD', 'building', 'scheduling', 0)
    booting = {'phase': 'Pending', 'virtualMachineStatus': {'state': 'deleted',
                                                            'powerState': 'nostate'}}
    assert _state(_with(pod, booting)) == ('BUILD', 'building', 'spawning', 0)
    assert _state(_with(pod, {'phase': 'Pending', 'virtualMachineStatus': {
        'state': 'suspended', 'powerState': 'nostate'}})) == ('BUILD', 'building',
                                                              'spawning', 0)
    assert _state(pod) == ('ACTIVE', 'active', None, 1)
    stopping = _with(pod)
    stopping['spec']['virtualMachine']['powerSpec'] = 'Shutdown'
    assert _state(stopping) == ('ACTIVE', 'active', 'powering-off', 1)
    stopped = _with(stopping, {'phase': 'NoSchedule', 'virtualMachineStatus': {
        'state': 'stopped', 'powerState': 'shutdown'}}, nodeName=None)
    assert _state(stopped) == ('SHUTOFF', 'stopped', None, 4)
    assert _state(_with(pod, {'phase': 'Failed', 'message': 'boom'})) == \
        ('ERROR', 'error', None, 6)
    deleting = _with(pod)
    deleting['metadata']['deletionTimestamp'] = '2026-11-26T06:05:00Z'
    assert _state(deleting) == ('ACTIVE', 'active', 'deleting', 1)


def test_building_server_has_no_addresses_and_error_has_fault():
    pod = _load('pod_active.json')
    building = translate.server_from_pod(_with(pod, {'phase': 'Pending'}), 'private')
    assert building.addresses == {} and building.launched_at is None
    failed = translate.server_from_pod(_with(pod, {'phase': 'Failed', 'message': 'boom'}),
                                       'private')
    assert failed.fault == {'code': 500, 'message': 'boom', 'created': failed.updated}


def test_revision_changes_with_every_write():
    pod = {'metadata': {'uid': 'u1', 'resourceVersion': '7'}}
    rewritten = {'metadata': {'uid': 'u1', 'resourceVersion': '8'}}
    recreated = {'metadata': {'uid': 'u2', 'resourceVersion': '7'}}
    revisions = {translate.revision(pod), translate.revision(rewritten),
                 translate.revision(recreated)}
    assert len(revisions) == 3
    assert translate.revision(pod) == translate.revision(dict(pod))


def test_nics_are_the_networks_a_pod_was_created_on():
    pod = _load('pod_active.json')
    server = translate.server_from_pod(pod, 'private')
    assert [nic.network_label for nic in server.nics] == ['private']
    assert server.nics[0].mac_address == server.addresses['private'][0].mac_addr
    two = copy.deepcopy(pod)
    two['metadata']['annotations'][names.ANN_NETWORK_LABELS] = '["private", "public"]'
    nics = translate.server_from_pod(two, 'private').nics
    assert [nic.network_label for nic in nics] == ['private', 'public']
    assert len({nic.port_id for nic in nics}) == len({nic.mac_address for nic in nics}) == 2
    none = copy.deepcopy(pod)
    none['metadata']['annotations'][names.ANN_NETWORKS] = '"none"'
    assert translate.server_from_pod(none, 'private').nics == ()
