"""Flavors as operators manage them: descriptions (2.55), extra specs, private flavors
and their projects."""

import uuid

import pytest

from tests import api


@pytest.fixture
def private_flavor(translator):
    admin = api.ComputeAPI(translator, user='admin', version='2.61')
    flavor_id = f'p-{uuid.uuid4().hex[:8]}'
    created = admin.post('/flavors', {'flavor': {
        'name': f'private.{flavor_id}', 'id': flavor_id, 'ram': 64, 'vcpus': 1, 'disk': 0,
        'os-flavor-access:is_public': False}})
    assert created.status_code == 200, created.text
    yield admin, flavor_id
    admin.delete(f'/flavors/{flavor_id}')


def test_description_updates_from_2_55(private_flavor, translator):
    admin, flavor_id = private_flavor
    response = admin.put(f'/flavors/{flavor_id}', {'flavor': {'description': 'small'}})
    assert response.status_code == 200, response.text
    assert response.json()['flavor']['description'] == 'small'
    assert admin.get(f'/flavors/{flavor_id}').json()['flavor']['description'] == 'small'
    old = api.ComputeAPI(translator, admin.project, user='admin', version='2.54')
    assert old.put(f'/flavors/{flavor_id}', {'flavor': {'description': 'x'}}).status_code == 404
    assert admin.put(f'/flavors/{flavor_id}', {'flavor': {'name': 'x'}}).status_code == 400


def test_extra_specs(private_flavor, translator):
    admin, flavor_id = private_flavor
    path = f'/flavors/{flavor_id}/os-extra_specs'
    response = admin.post(path, {'extra_specs': {'hw:cpu_policy': 'dedicated', 'n': 2,
                                                 'b': True}})
    assert response.status_code == 200, response.text
    assert response.json() == {'extra_specs': {'hw:cpu_policy': 'dedicated', 'n': '2',
                                               'b': 'true'}}
    assert admin.put(f'{path}/n', {'n': '3'}).json() == {'n': '3'}
    assert admin.put(f'{path}/n', {'m': '3'}).status_code == 400
    assert admin.put(f'{path}/n', {'n': '3', 'm': '4'}).status_code == 400
    assert admin.delete(f'{path}/b').status_code == 200  # Nova's code, not 202
    assert admin.delete(f'{path}/b').status_code == 404
    assert admin.get(path).json() == {'extra_specs': {'hw:cpu_policy': 'dedicated', 'n': '3'}}
    assert admin.post(path, {'extra_specs': {'bad/key': 'v'}}).status_code == 400
    member = api.ComputeAPI(translator)
    assert member.post('/flavors/1/os-extra_specs',
                       {'extra_specs': {'a': 'b'}}).status_code == 403


def test_private_flavors_are_for_their_projects(private_flavor, translator):
    admin, flavor_id = private_flavor
    member = api.ComputeAPI(translator)
    assert member.get(f'/flavors/{flavor_id}').status_code == 404
    assert flavor_id not in [f['id'] for f in member.get('/flavors').json()['flavors']]
    assert member.create_server(flavorRef=flavor_id).status_code == 400
    # Admins list public flavors by default, private ones with is_public.
    assert flavor_id not in [f['id'] for f in admin.get('/flavors').json()['flavors']]
    listed = admin.get('/flavors?is_public=false').json()['flavors']
    assert flavor_id in [f['id'] for f in listed]

    action = f'/flavors/{flavor_id}/action'
    response = admin.post(action, {'addTenantAccess': {'tenant': member.project}})
    assert response.status_code == 200, response.text
    assert response.json() == {'flavor_access': [{'flavor_id': flavor_id,
                                                  'tenant_id': member.project}]}
    assert admin.post(action, {'addTenantAccess': {'tenant': member.project}}
                      ).status_code == 409
    assert admin.get(f'/flavors/{flavor_id}/os-flavor-access').json()['flavor_access'] == \
        [{'flavor_id': flavor_id, 'tenant_id': member.project}]
    assert member.get(f'/flavors/{flavor_id}').status_code == 200
    assert flavor_id in [f['id'] for f in member.get('/flavors').json()['flavors']]
    server = member.create_server(flavorRef=flavor_id)
    assert server.status_code == 202, server.text

    assert admin.post(action, {'removeTenantAccess': {'tenant': member.project}}
                      ).json() == {'flavor_access': []}
    assert admin.post(action, {'removeTenantAccess': {'tenant': member.project}}
                      ).status_code == 404
    assert member.get(f'/flavors/{flavor_id}').status_code == 404
    assert admin.get('/flavors/1/os-flavor-access').status_code == 404  # public
    assert member.post(action, {'addTenantAccess': {'tenant': 'x'}}).status_code == 403
    assert admin.post(action, {'nothing': {}}).status_code == 400
