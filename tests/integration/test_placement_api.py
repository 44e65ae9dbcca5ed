"""The Placement subset at /placement through the whole application over the emulator's
(or real Arktos's) nodes: discovery and microversions, one provider per hypervisor (same
uuid and name), a booted server's allocations and usages, filters, Placement's faults and
the refused writes."""

import uuid

from tests import api
from tests.api import PlacementAPI, wait_for_status


def _error(response, status: int) -> str:
    assert response.status_code == status, response.text
    [error] = response.json()['errors']
    assert error['status'] == status and error['code'] == 'placement.undefined_code'
    assert error['request_id'] == response.headers['x-openstack-request-id']
    return error['detail']


def test_version_discovery_and_microversions(translator):
    response = PlacementAPI(translator).get('')
    assert response.status_code == 200
    assert response.json() == {'versions': [{
        'id': 'v1.0', 'max_version': '1.18', 'min_version': '1.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': translator + '/placement/'}]}]}
    assert response.headers['OpenStack-API-Version'] == 'placement 1.0'
    assert response.headers['Vary'] == 'openstack-api-version'
    latest = PlacementAPI(translator, version='latest').get('/resource_providers')
    assert latest.headers['OpenStack-API-Version'] == 'placement 1.18'
    unacceptable = PlacementAPI(translator, version='1.99').get('')
    assert _error(unacceptable, 406) == \
        'Invalid microversion: Unacceptable version header: 1.99'
    assert unacceptable.json()['errors'][0]['max_version'] == '1.18'
    assert 'invalid version string' in _error(
        PlacementAPI(translator, version='one').get('/resource_providers'), 400)
    assert latest.headers['Cache-Control'] == 'no-cache' and latest.headers['Last-Modified']
    before = PlacementAPI(translator, version='1.14').get('/resource_providers')
    assert 'Last-Modified' not in before.headers and 'Cache-Control' not in before.headers
    old = PlacementAPI(translator, version='1.5')
    _error(old.get('/traits'), 404)
    assert 'root_provider_uuid' not in old.get('/resource_providers').json()[
        'resource_providers'][0]


def test_providers_are_the_hypervisors(translator):
    hypervisors = api.ComputeAPI(translator, project='admin', user='admin',
                                 version='2.53').get('/os-hypervisors').json()['hypervisors']
    placement = PlacementAPI(translator, version='1.14')
    providers = placement.get('/resource_providers').json()['resource_providers']
    assert sorted((p['uuid'], p['name']) for p in providers) == sorted(
        (h['id'], h['hypervisor_hostname']) for h in hypervisors)
    provider = providers[0]
    assert provider['parent_provider_uuid'] is None
    assert provider['root_provider_uuid'] == provider['uuid']
    assert placement.get(f"/resource_providers/{provider['uuid']}").json() == provider
    inventories = placement.get(f"/resource_providers/{provider['uuid']}/inventories").json()
    assert inventories['resource_provider_generation'] == provider['generation']
    vcpu = inventories['inventories']['VCPU']
    assert vcpu['total'] > 0 and vcpu['max_unit'] == vcpu['total']
    assert {key: vcpu[key] for key in ('min_unit', 'step_size', 'allocation_ratio')} == {
        'min_unit': 1, 'step_size': 1, 'allocation_ratio': 1.0}
    assert set(inventories['inventories']) <= {'VCPU', 'MEMORY_MB', 'DISK_GB'}
    by_name = placement.get(f"/resource_providers?name={provider['name']}").json()
    assert by_name['resource_providers'] == [provider]
    assert placement.get(f"/resource_providers?in_tree={provider['uuid']}").json()[
        'resource_providers'] == [provider]
    too_big = placement.get(f"/resource_providers?resources=VCPU:{vcpu['total'] + 1}")
    assert too_big.json()['resource_providers'] == []
    assert placement.get(f"/resource_providers/{provider['uuid']}/aggregates").json() == {
        'aggregates': []}
    assert placement.get(f"/resource_providers/{provider['uuid']}/traits").json()[
        'traits'] == []


def test_a_server_allocates_on_its_provider(translator):
    compute = api.ComputeAPI(translator)
    server_id = compute.create_server('allocated', flavorRef='2').json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    admin = api.ComputeAPI(translator, project='admin', user='admin', version='2.53')
    server = admin.get(f'/servers/{server_id}').json()['server']
    [hypervisor] = admin.get('/os-hypervisors?hypervisor_hostname_pattern='
                             f"{server['OS-EXT-SRV-ATTR:host']}").json()['hypervisors']
    placement = PlacementAPI(translator, version='1.18')
    allocations = placement.get(f'/allocations/{server_id}').json()
    assert allocations['allocations'][hypervisor['id']]['resources'] == {
        'VCPU': 1, 'MEMORY_MB': 2048, 'DISK_GB': 20}
    assert allocations['project_id'] == compute.project
    usages = placement.get(f"/resource_providers/{hypervisor['id']}/usages").json()['usages']
    assert usages['VCPU'] >= 1 and usages['MEMORY_MB'] >= 2048
    assert placement.get(f'/usages?project_id={compute.project}').json() == {
        'usages': {'VCPU': 1, 'MEMORY_MB': 2048, 'DISK_GB': 20}}
    on_provider = placement.get(f"/resource_providers/{hypervisor['id']}/allocations").json()
    assert on_provider['allocations'][server_id] == {
        'resources': {'VCPU': 1, 'MEMORY_MB': 2048, 'DISK_GB': 20}}
    assert placement.get(f'/allocations/{uuid.uuid4()}').json() == {'allocations': {}}


def test_classes_traits_and_faults(translator):
    placement = PlacementAPI(translator, version='1.18')
    names = [rc['name'] for rc in placement.get('/resource_classes').json()[
        'resource_classes']]
    assert names == ['VCPU', 'MEMORY_MB', 'DISK_GB']
    assert placement.get('/resource_classes/VCPU').status_code == 200
    assert placement.get('/traits').json() == {'traits': ['COMPUTE_STATUS_DISABLED']}
    assert placement.get('/traits?associated=true').json() == {'traits': []}
    assert placement.get('/traits/COMPUTE_STATUS_DISABLED').status_code == 204
    missing = str(uuid.uuid4())
    assert _error(placement.get(f'/resource_providers/{missing}'), 404) == \
        f'No resource provider with uuid {missing} found'
    assert "('colour' was unexpected)" in _error(
        placement.get('/resource_providers?colour=blue'), 400)
    assert _error(placement.get('/resource_providers?required=HW_CPU_X86_AVX'), 400) == \
        'No such trait(s): HW_CPU_X86_AVX'
    assert 'Invalid resource class' in _error(
        placement.get('/resource_providers?resources=PCPU:1'), 400)
    assert 'member_of' in _error(placement.get('/resource_providers?member_of=x'), 400)
    assert 'project_id' in _error(placement.get('/usages'), 400)
    refused = placement.request('PUT', f'/resource_providers/{missing}/inventories',
                                json={'inventories': {}})
    assert "is Arktos's" in _error(refused, 403)
    _error(placement.request('PATCH', '/resource_providers'), 405)
    member = PlacementAPI(translator, project=api.new_project(), user='alice')
    assert 'placement:resource_providers:list' in _error(
        member.get('/resource_providers'), 403)


def test_allocation_candidates_are_the_hosts_that_fit(translator):
    placement = PlacementAPI(translator, version='1.17')
    providers = placement.get('/resource_providers').json()['resource_providers']
    body = placement.get('/allocation_candidates?resources=VCPU:1,MEMORY_MB:64').json()
    assert len(body['allocation_requests']) == len(providers)
    first = body['allocation_requests'][0]['allocations']
    [(provider_uuid, allocation)] = first.items()
    assert allocation == {'resources': {'VCPU': 1, 'MEMORY_MB': 64}}
    summary = body['provider_summaries'][provider_uuid]
    assert set(summary['resources']) == {'VCPU', 'MEMORY_MB'} and summary['traits'] == []
    assert summary['resources']['VCPU']['capacity'] >= 1
    limited = placement.get('/allocation_candidates?resources=VCPU:1&limit=1').json()
    assert len(limited['allocation_requests']) == 1
    assert placement.get('/allocation_candidates?resources=VCPU:100000').json() == {
        'allocation_requests': [], 'provider_summaries': {}}
    old = PlacementAPI(translator, version='1.10').get(
        '/allocation_candidates?resources=VCPU:1').json()
    assert old['allocation_requests'][0]['allocations'][0]['resources'] == {'VCPU': 1}
    assert 'resources' in _error(placement.get('/allocation_candidates'), 400)
    assert "('limit' was unexpected)" in _error(PlacementAPI(translator, version='1.15').get(
        '/allocation_candidates?resources=VCPU:1&limit=1'), 400)
    _error(PlacementAPI(translator, version='1.9').get(
        '/allocation_candidates?resources=VCPU:1'), 404)
