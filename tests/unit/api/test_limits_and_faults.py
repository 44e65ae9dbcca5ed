"""Limits, zones and networks; and the faults every handler answers in Nova's shape
(unknown paths, methods, bodies, policies, an unavailable backend) in process."""

import pytest

from tests.unit.api.conftest import API, CIRROS


def test_limits_count_the_projects_servers_until_they_are_deleted(make_app):
    app, fake = make_app('[quota]\ninstances = 10\ncores = 20\nram = 51200\n')
    api = API(app)
    server_id = api.create_server(flavorRef='3')['id']
    api.create_server()
    absolute = api.get('/limits').json_body['limits']['absolute']
    assert (absolute['maxTotalInstances'], absolute['totalInstancesUsed'],
            absolute['totalCoresUsed'], absolute['totalRAMUsed']) == (10, 2, 3, 4608)
    assert 'maxPersonality' in absolute
    assert 'maxPersonality' not in api.get('/limits', version='2.57').json_body[
        'limits']['absolute']
    api.delete(f'/servers/{server_id}')
    assert api.get('/limits').json_body['limits']['absolute']['totalInstancesUsed'] == 1
    assert API(app).get('/limits').json_body['limits']['absolute']['totalCoresUsed'] == 0


def test_limits_of_another_project_are_for_admins(api, admin):
    other = API(api.app)
    other.create_server()
    path = f'/limits?tenant_id={other.project}'
    assert admin.get(path).json_body['limits']['absolute']['totalInstancesUsed'] == 1
    assert api.get(path).status_int == 403


def test_zones_networks_and_the_default_security_group(make_app):
    app, _ = make_app(
        '[availability_zone]\nzones = az1\n'
        '[network]\nnetworks = id=6b7e9e1c-2f5d-4c8a-9b61-3c1d2e4f5a6b,label=private,'
        'subnet=subnet1,default=true\n')
    api = API(app)
    zones = api.get('/os-availability-zone').json_body['availabilityZoneInfo']
    assert [zone['zoneName'] for zone in zones] == ['az1', 'nova']
    server_id = api.create_server(availability_zone='az1')['id']
    assert api.server(server_id)['OS-EXT-AZ:availability_zone'] == 'az1'
    response = api.post('/servers', {'server': {
        'name': 'vm', 'flavorRef': '1', 'imageRef': 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01',
        'availability_zone': 'elsewhere'}})
    assert response.status_int == 400
    networks = api.get('/os-networks').json_body['networks']
    assert [network['label'] for network in networks] == ['private']
    assert api.get(f'/os-networks/{networks[0]["id"]}').status_int == 200
    assert api.get('/os-networks/6b7e9e1c-0000-4c8a-9b61-3c1d2e4f5a6b').status_int == 404
    groups = api.get('/os-security-groups').json_body['security_groups']
    assert [group['name'] for group in groups] == ['default']
    assert api.get(f'/os-security-groups/{groups[0]["id"]}').status_int == 200


def test_unknown_paths_are_404_and_wrong_methods_405_with_allow(api):
    response = api.get('/nowhere')
    assert (response.status_int, response.json_body) == (404, {'itemNotFound': {
        'code': 404, 'message': 'The resource could not be found.'}})
    response = api.request('PATCH', '/servers')
    assert response.status_int == 405
    assert response.headers['Allow'] == 'GET, POST'
    assert response.json_body['badMethod']['code'] == 405


@pytest.mark.parametrize('body,message', [
    (b'{"server": ', 'Malformed request body'),
    (b'[]', 'Malformed request body'),
])
def test_malformed_action_bodies_are_400(api, body, message):
    server_id = api.create_server()['id']
    response = api.post(f'/servers/{server_id}/action', body)
    assert response.status_int == 400
    assert response.json_body['badRequest']['message'] == message


def test_schema_errors_name_the_field(api):
    response = api.post('/servers', {'server': {'name': '', 'flavorRef': '1',
                                                'imageRef': 'x'}})
    assert response.status_int == 400
    assert "Invalid input for field/attribute name" in \
        response.json_body['badRequest']['message']


def test_an_unavailable_backend_is_503_with_retry_after(api, fake):
    fake.unavailable = 'connection refused'
    for response in (api.get('/servers'), api.get('/flavors'),
                     api.post('/os-keypairs', {'keypair': {'name': 'k'}})):
        assert response.status_int == 503
        assert response.headers['Retry-After'] == '2'
        assert response.json_body == {'serviceUnavailable': {
            'code': 503,
            'message': 'The compute backend is unavailable: connection refused'}}


def test_faults_carry_the_negotiated_microversion(api):
    response = api.get('/servers/nope', version='2.60')
    assert response.status_int == 404
    assert response.headers['OpenStack-API-Version'] == 'compute 2.60'


def test_admins_set_quotas_by_project_and_class(api, admin):
    path = f'/os-quota-sets/{api.project}'
    assert api.put(path, {'quota_set': {'instances': 1}}).status_int == 403
    assert admin.put(path, {'quota_set': {'instances': 1}}).json_body['quota_set'][
        'instances'] == 1
    api.create_server()
    response = api.post('/servers', {'server': {'name': 'two', 'flavorRef': '1',
                                                'imageRef': CIRROS}})
    assert response.status_int == 403
    assert 'Quota exceeded for instances' in response.json_body['forbidden']['message']
    response = admin.put(path, {'quota_set': {'instances': 0}})
    assert response.status_int == 400  # below what the project uses, unless forced
    assert admin.put(path, {'quota_set': {'instances': 0, 'force': True}}).status_int == 200
    assert admin.delete(path).status_int == 202
    assert api.get(path).json_body['quota_set']['instances'] == \
        api.get(f'{path}/defaults').json_body['quota_set']['instances'] == 10
    admin.put('/os-quota-class-sets/default', {'quota_class_set': {'key_pairs': 7}})
    assert api.get(f'{path}/defaults').json_body['quota_set']['key_pairs'] == 7


def test_admins_list_and_find_every_projects_servers(api, admin):
    other = API(api.app)
    server_id = other.create_server('theirs')['id']
    listed = admin.get('/servers?all_tenants=1').json_body['servers']
    assert server_id in {server['id'] for server in listed}
    assert admin.get(f'/servers/{server_id}').json_body['server']['name'] == 'theirs'
    assert api.get('/servers?all_tenants=1').status_int == 403
