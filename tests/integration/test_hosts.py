"""Hypervisors and compute services through the whole application over the emulator's (or
real Arktos's) nodes: a booted server is counted on the hypervisor it is bound to and listed
with it; disabling its service cordons the node, enabling uncordons it."""

from tests import api
from tests.api import wait_for_status


def _admin(translator, version=None) -> api.ComputeAPI:
    return api.ComputeAPI(translator, project='admin', user='admin', version=version)


def test_a_server_counts_on_its_hypervisor(translator):
    compute = api.ComputeAPI(translator)
    server_id = compute.create_server('counted', flavorRef='2').json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    admin = _admin(translator, '2.53')
    host = admin.get(f'/servers/{server_id}').json()['server']['OS-EXT-SRV-ATTR:host']
    found = admin.get(f'/os-hypervisors/detail?with_servers=true'
                      f'&hypervisor_hostname_pattern={host}').json()['hypervisors']
    [hypervisor] = [h for h in found if h['hypervisor_hostname'] == host]
    assert {'name': 'counted', 'uuid': server_id} in hypervisor['servers']
    assert hypervisor['running_vms'] >= 1 and hypervisor['vcpus_used'] >= 1
    assert hypervisor['memory_mb_used'] >= 2048 and hypervisor['local_gb_used'] >= 20
    shown = admin.get(f"/os-hypervisors/{hypervisor['id']}").json()['hypervisor']
    assert 'servers' not in shown and shown['running_vms'] == hypervisor['running_vms']
    stats = _admin(translator, '2.87').get('/os-hypervisors/statistics').json()[
        'hypervisor_statistics']
    assert stats['running_vms'] >= 1
    old = _admin(translator).get(f'/os-hypervisors/{host}/servers').json()['hypervisors']
    assert {'name': 'counted', 'uuid': server_id} in old[0]['servers']


def test_disable_and_enable_a_compute_service(translator):
    admin = _admin(translator, '2.53')
    service = admin.get('/os-services?binary=nova-compute').json()['services'][-1]
    path = f"/os-services/{service['id']}"
    try:
        disabled = admin.put(path, {'status': 'disabled', 'disabled_reason': 'integration'})
        assert disabled.status_code == 200, disabled.text
        [hypervisor] = [h for h in admin.get('/os-hypervisors/detail').json()['hypervisors']
                        if h['hypervisor_hostname'] == service['host']]
        assert hypervisor['status'] == 'disabled'
        assert hypervisor['service'] == {'id': service['id'], 'host': service['host'],
                                         'disabled_reason': 'integration'}
    finally:
        enabled = admin.put(path, {'status': 'enabled'})
    assert enabled.json()['service']['status'] == 'enabled'
    assert enabled.json()['service']['disabled_reason'] is None
