"""``/os-hypervisors`` and ``/os-services`` over the FakeDriver's one node, per microversion."""

import datetime
import uuid

import pytest

from tests.unit import fake_driver
from translator.api.views import hosts as view
from translator.backend.models import ComputeHost


def _boot(api, fake):
    server = api.create_server()
    fake.settle()
    return server


def test_admin_only(api):
    for path in ('/os-hypervisors', '/os-hypervisors/detail', '/os-hypervisors/statistics',
                 '/os-services'):
        assert api.get(path).status_int == 403, path


def test_hypervisor_list_detail_and_statistics(api, admin, fake):
    server = _boot(api, fake)
    [listed] = admin.get('/os-hypervisors').json_body['hypervisors']
    hypervisor_id = view.legacy_id(fake_driver.HOST_UID)
    assert listed == {'id': hypervisor_id, 'hypervisor_hostname': 'fake-node-1',
                      'state': 'up', 'status': 'enabled'}
    [detail] = admin.get('/os-hypervisors/detail').json_body['hypervisors']
    assert detail['vcpus'] == 16 and detail['vcpus_used'] == 1
    assert detail['memory_mb'] == 65536 and detail['memory_mb_used'] == 512
    assert detail['free_ram_mb'] == 65024
    assert detail['local_gb'] == 251 and detail['local_gb_used'] == 1
    assert detail['running_vms'] == 1 and detail['current_workload'] == 0
    assert detail['hypervisor_type'] == 'arktos' and detail['host_ip'] == '192.0.2.2'
    assert detail['cpu_info'] == '' and detail['disk_available_least'] is None
    assert detail['service'] == {'id': view.legacy_id(view.service_uuid(fake.list_compute_hosts(
        None)[0])), 'host': 'fake-node-1', 'disabled_reason': None}
    assert 'servers' not in detail
    shown = admin.get(f'/os-hypervisors/{hypervisor_id}').json_body['hypervisor']
    assert shown == detail
    stats = admin.get('/os-hypervisors/statistics').json_body['hypervisor_statistics']
    assert (stats['count'], stats['vcpus'], stats['vcpus_used'], stats['running_vms']) == (
        1, 16, 1, 1)
    servers = admin.get('/os-hypervisors/node/servers').json_body['hypervisors']
    assert servers[0]['servers'] == [{'name': 'vm', 'uuid': server['id']}]
    assert admin.get('/os-hypervisors/fake/search').json_body['hypervisors'] == [listed]


def test_hypervisor_errors_per_microversion(admin):
    assert admin.get('/os-hypervisors/nope/search').json_body['itemNotFound']['message'] == (
        "No hypervisor matching 'nope' could be found.")
    assert admin.get('/os-hypervisors/x1').status_int == 404
    assert admin.get('/os-hypervisors/12').json_body['itemNotFound']['message'] == (
        "Hypervisor with ID '12' could not be found.")
    assert admin.get('/os-hypervisors/12', version='2.53').json_body['badRequest'][
        'message'] == 'Invalid uuid 12'
    assert admin.get(f'/os-hypervisors/{uuid.uuid4()}', version='2.53').status_int == 404
    assert admin.get('/os-hypervisors/statistics', version='2.88').status_int == 404
    assert admin.get('/os-hypervisors/fake/search', version='2.53').status_int == 404
    assert admin.get('/os-hypervisors?foo=1', version='2.53').status_int == 400
    assert admin.get('/os-hypervisors?hypervisor_hostname_pattern=fake&limit=1',
                     version='2.53').status_int == 400
    hypervisor_id = view.legacy_id(fake_driver.HOST_UID)
    uptime = admin.get(f'/os-hypervisors/{hypervisor_id}/uptime').json_body['hypervisor']
    assert uptime['hypervisor_hostname'] == 'fake-node-1' and ' up ' in uptime['uptime']
    assert admin.get('/os-hypervisors/1/uptime').status_int == 404


def test_hypervisors_at_2_53_and_2_88(api, admin, fake):
    server = _boot(api, fake)
    page = admin.get('/os-hypervisors?with_servers=true&hypervisor_hostname_pattern=node',
                     version='2.53').json_body
    [hypervisor] = page['hypervisors']
    assert hypervisor['id'] == fake_driver.HOST_UID
    assert hypervisor['servers'] == [{'name': 'vm', 'uuid': server['id']}]
    assert admin.get('/os-hypervisors?hypervisor_hostname_pattern=node_1',
                     version='2.53').json_body['hypervisors'][0]['id'] == fake_driver.HOST_UID
    assert admin.get('/os-hypervisors?hypervisor_hostname_pattern=node.1',
                     version='2.53').status_int == 404  # '.' is no wildcard
    assert admin.get('/os-hypervisors?hypervisor_hostname_pattern=%25',
                     version='2.53').status_int == 400
    first = admin.get('/os-hypervisors?limit=1', version='2.53').json_body
    assert first['hypervisors_links'][0]['rel'] == 'next'
    after = admin.get(f'/os-hypervisors?marker={fake_driver.HOST_UID}',
                      version='2.53').json_body
    assert after == {'hypervisors': []}
    assert admin.get('/os-hypervisors?marker=nope', version='2.53').status_int == 400
    detail = admin.get(f'/os-hypervisors/{fake_driver.HOST_UID}', version='2.88').json_body[
        'hypervisor']
    assert 'vcpus' not in detail and 'cpu_info' not in detail and ' up ' in detail['uptime']
    assert detail['service']['id'] == view.service_uuid(fake.list_compute_hosts(None)[0])
    empty = admin.get(f'/os-hypervisors/{fake_driver.HOST_UID}?with_servers=1',
                      version='2.75')
    assert empty.json_body['hypervisor']['servers'][0]['uuid'] == server['id']
    assert admin.get(f'/os-hypervisors/{fake_driver.HOST_UID}', version='2.28').status_int \
        == 404
    cpu_info = admin.get(f'/os-hypervisors/{view.legacy_id(fake_driver.HOST_UID)}',
                         version='2.28').json_body['hypervisor']['cpu_info']
    assert cpu_info == {}


def test_service_list_and_filters(admin):
    services = admin.get('/os-services').json_body['services']
    assert [(s['binary'], s['host'], s['state'], s['status'], s['zone']) for s in services] == [
        ('nova-compute', 'fake-node-1', 'up', 'enabled', 'nova'),
        ('nova-conductor', 'fake-conductor', 'up', 'enabled', 'internal')]
    assert isinstance(services[0]['id'], int) and 'forced_down' not in services[0]
    assert admin.get('/os-services?binary=nova-conductor').json_body['services'][0][
        'host'] == 'fake-conductor'
    assert admin.get('/os-services?host=fake-node-1&binary=nova-conductor').json_body == {
        'services': []}
    at_253 = admin.get('/os-services', version='2.53').json_body['services']
    assert at_253[1]['id'] == fake_driver.CONDUCTOR_UID and at_253[0]['forced_down'] is False
    assert admin.get('/os-services?foo=1', version='2.75').status_int == 400
    assert admin.get('/os-services?foo=1', version='2.74').status_int == 200


def _compute(admin, version='2.53'):
    return admin.get('/os-services?binary=nova-compute', version=version).json_body[
        'services'][0]


def test_disable_and_enable_by_id(admin, fake):
    service_id = _compute(admin)['id']
    path = f'/os-services/{service_id}'
    response = admin.put(path, {'status': 'disabled', 'disabled_reason': 'maintenance'},
                         version='2.53')
    assert response.status_int == 200, response.json_body
    service = response.json_body['service']
    assert (service['status'], service['disabled_reason']) == ('disabled', 'maintenance')
    assert fake._node['spec'] == {'unschedulable': True}
    hypervisor = admin.get('/os-hypervisors/detail').json_body['hypervisors'][0]
    assert hypervisor['status'] == 'disabled'
    assert hypervisor['service']['disabled_reason'] == 'maintenance'
    forced = admin.put(path, {'forced_down': True}, version='2.53').json_body['service']
    assert (forced['forced_down'], forced['state'], forced['status']) == (True, 'down',
                                                                          'disabled')
    enabled = admin.put(path, {'status': 'enabled', 'forced_down': 'false'},
                        version='2.53').json_body['service']
    assert (enabled['status'], enabled['disabled_reason'], enabled['state']) == (
        'enabled', None, 'up')
    assert fake._node['spec'] == {}


@pytest.mark.parametrize('body,message', [
    ({}, "No updates were requested. Fields 'status' or 'forced_down' should be specified."),
    ({'status': 'enabled', 'disabled_reason': 'x'},
     "Specifying 'disabled_reason' with status 'enabled' is invalid."),
])
def test_update_by_id_errors(admin, body, message):
    path = f"/os-services/{_compute(admin)['id']}"
    assert admin.put(path, body, version='2.53').json_body['badRequest']['message'] == message


def test_update_errors(admin):
    assert admin.put('/os-services/12', {'status': 'disabled'}, version='2.53').json_body[
        'badRequest']['message'] == 'Invalid uuid 12'
    missing = admin.put(f'/os-services/{uuid.uuid4()}', {'status': 'disabled'},
                        version='2.53')
    assert missing.status_int == 404
    conductor = f'/os-services/{fake_driver.CONDUCTOR_UID}'
    assert admin.put(conductor, {'status': 'disabled'}, version='2.53').json_body[
        'badRequest']['message'] == ('Updating a nova-conductor service is not supported. '
                                     'Only nova-compute services can be updated.')
    assert admin.put('/os-services/bogus', {'status': 'x'}, version='2.53').status_int == 400


def test_old_actions(admin, fake):
    who = {'host': 'fake-node-1', 'binary': 'nova-compute'}
    disabled = admin.put('/os-services/disable-log-reason',
                         {**who, 'disabled_reason': 'why'}).json_body
    assert disabled == {'service': {**who, 'status': 'disabled', 'disabled_reason': 'why'}}
    assert fake._node['spec'] == {'unschedulable': True}
    assert admin.put('/os-services/enable', who).json_body == {
        'service': {**who, 'status': 'enabled'}}
    assert admin.put('/os-services/disable', who).json_body == {
        'service': {**who, 'status': 'disabled'}}
    assert admin.put('/os-services/force-down', who).status_int == 404
    forced = admin.put('/os-services/force-down', {**who, 'forced_down': True},
                       version='2.11').json_body
    assert forced == {'service': {**who, 'forced_down': True}}
    assert admin.put('/os-services/disable-log-reason', who).json_body['badRequest'][
        'message'] == 'Missing disabled reason field'
    assert admin.put('/os-services/disable', {'host': 'other', 'binary': 'nova-compute'}
                     ).json_body['itemNotFound']['message'] == (
        'Could not find binary nova-compute on host other.')
    assert admin.put('/os-services/disable', {**who, 'binary': 'nova-scheduler'}
                     ).status_int == 400
    assert admin.put('/os-services/disable', {'status': 'disabled'}, version='2.53'
                     ).status_int == 400


def test_delete(api, admin, fake):
    _boot(api, fake)
    service_id = _compute(admin, version='2.1')['id']
    busy = admin.delete(f'/os-services/{service_id}')
    assert busy.status_int == 409
    assert busy.json_body['conflictingRequest']['message'] == (
        'Unable to delete compute service that is hosting instances. Migrate or delete the '
        'instances first.')
    assert admin.delete('/os-services/x').status_int == 400
    assert admin.delete('/os-services/1').status_int == 404
    conductor = admin.delete(f'/os-services/{fake_driver.CONDUCTOR_UID}', version='2.53')
    assert conductor.status_int == 501


def test_os_hosts_up_to_2_42(api, admin, fake):
    _boot(api, fake)
    hosts = admin.get('/os-hosts').json_body['hosts']
    assert hosts == [{'host_name': 'fake-node-1', 'service': 'compute', 'zone': 'nova'},
                     {'host_name': 'fake-conductor', 'service': 'conductor',
                      'zone': 'internal'}]
    assert admin.get('/os-hosts?zone=internal').json_body['hosts'] == hosts[1:]
    assert admin.get('/os-hosts', version='2.43').status_int == 404
    assert api.get('/os-hosts').status_int == 403
    resources = [r['resource'] for r in admin.get('/os-hosts/fake-node-1').json_body['host']]
    assert [r['project'] for r in resources] == ['(total)', '(used_now)', '(used_max)',
                                                 api.project]
    assert (resources[0]['cpu'], resources[0]['memory_mb'], resources[0]['disk_gb']) == (
        16, 65536, 251)
    assert (resources[3]['cpu'], resources[3]['memory_mb'], resources[3]['disk_gb']) == (
        1, 512, 1)
    assert admin.get('/os-hosts/nope').json_body['itemNotFound']['message'] == (
        'Compute host nope could not be found.')
    disabled = admin.put('/os-hosts/fake-node-1', {'status': 'Disable'})
    assert disabled.json_body == {'host': 'fake-node-1', 'status': 'disabled'}
    assert fake._node['spec'] == {'unschedulable': True}
    assert [h['host_name'] for h in admin.get('/os-hosts').json_body['hosts']] == [
        'fake-conductor']
    assert admin.put('/os-hosts/fake-node-1', {'status': 'enable'}).json_body['status'] == \
        'enabled'
    assert admin.put('/os-hosts/fake-node-1', {'maintenance_mode': 'enable'}).status_int == 501
    assert admin.put('/os-hosts/fake-node-1', {}).status_int == 400
    assert admin.get('/os-hosts/fake-node-1/reboot').status_int == 501
    assert admin.get('/os-hosts/nope/startup').status_int == 404


def test_uptime_is_the_time_since_the_node_became_ready():
    ready = view.uptime(_host('2026-01-01T00:00:00Z'),
                        datetime.datetime(2026, 1, 3, 5, 7, 9))
    assert ready == ' 05:07:09 up 2 days,  5:07'
    assert view.uptime(_host(None)) is None


def _host(ready_since):
    return ComputeHost(name='n', uid=fake_driver.HOST_UID, vcpus=1, memory_mb=1, local_gb=1,
                       host_ip=None, ready=True, alive=True, disabled=False,
                       ready_since=ready_since)
