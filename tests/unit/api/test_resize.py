"""In-place resize in process over the FakeDriver: RESIZE → VERIFY_RESIZE, confirm and
revert, Nova's checks and faults, quota for the growth and
``/os-migrations`` per microversion (tempest's schemas)."""

import jsonschema
import pytest
from tempest.lib.services.compute import migrations_client

from tests import contract


def _schema(version: str) -> dict:
    return contract.client_schema(migrations_client.MigrationsClient, version,
                                  'list_migrations')


@pytest.fixture
def active(api, fake):
    server_id = api.create_server()['id']
    fake.settle()
    return server_id


def _status(api, server_id: str) -> tuple:
    server = api.server(server_id)
    return server['status'], server['OS-EXT-STS:task_state'], server['flavor']['id']


def test_resize_then_confirm(api, admin, fake, active):
    assert api.action(active, {'resize': {'flavorRef': '2'}}).status_int == 202
    assert _status(api, active) == ('RESIZE', 'resize_finish', '2')
    fake.settle()
    assert _status(api, active) == ('VERIFY_RESIZE', None, '2')
    assert api.action(active, {'confirmResize': None}).status_int == 204
    assert _status(api, active) == ('ACTIVE', None, '2')
    [migration] = admin.get('/os-migrations', version='2.80').json_body['migrations']
    assert (migration['instance_uuid'], migration['status'], migration['migration_type'],
            migration['old_instance_type_id'], migration['new_instance_type_id']) == \
        (active, 'confirmed', 'resize', 1, 2)


def test_resize_then_revert(api, fake, active):
    api.action(active, {'resize': {'flavorRef': '2'}})
    fake.settle()
    assert api.action(active, {'revertResize': None}).status_int == 202
    assert _status(api, active) == ('REVERT_RESIZE', 'resize_reverting', '1')
    fake.settle()
    assert _status(api, active) == ('ACTIVE', None, '1')


@pytest.mark.parametrize('body,code,message', [
    ({'resize': {'flavorRef': '1'}}, 400, 'When resizing, instances must change flavor!'),
    ({'resize': {'flavorRef': '404'}}, 400, 'Flavor 404 could not be found.'),
    ({'resize': {}}, 400, "'flavorRef' is a required property"),
    ({'resize': {'flavorRef': '2', 'extra': 1}}, 400, 'Additional properties'),
    ({'confirmResize': None}, 409,
     "Cannot 'confirmResize' instance {id} while it is in vm_state active"),
    ({'revertResize': None}, 409,
     "Cannot 'revertResize' instance {id} while it is in vm_state active"),
])
def test_bad_resizes_are_novas_faults(api, active, body, code, message):
    response = api.action(active, body)
    assert response.status_int == code, response.json_body
    assert message.format(id=active) in next(iter(response.json_body.values()))['message']
    assert _status(api, active) == ('ACTIVE', None, '1')


def test_a_resizing_server_cannot_resize_again(api, active):
    api.action(active, {'resize': {'flavorRef': '2'}})
    response = api.action(active, {'resize': {'flavorRef': '3'}})
    assert response.status_int == 409


def test_the_growth_must_fit_the_quota(api, admin, active):
    admin.put(f'/os-quota-sets/{api.project}', {'quota_set': {'cores': 1}})
    response = api.action(active, {'resize': {'flavorRef': '3'}})
    assert response.status_int == 403
    assert response.json_body['forbidden']['message'].startswith(
        'Quota exceeded for cores: Requested 1, but already used 1 of 1 cores')


def test_where_arktos_cannot_resize_in_place_resize_is_501(api, fake):
    fake.resize_in_place = False
    server_id = api.create_server()['id']
    fake.settle()
    for body in ({'resize': {'flavorRef': '2'}}, {'confirmResize': None},
                 {'revertResize': None}):
        response = api.action(server_id, body)
        assert response.status_int == 501
        assert 'InPlacePodVerticalScaling' in response.json_body['notImplemented']['message']
    assert api.action('c0ffee00-0000-4000-8000-000000000000',
                      {'resize': {'flavorRef': '2'}}).status_int == 404


@pytest.mark.parametrize('version', ['2.1', '2.23', '2.59', '2.80'])
def test_os_migrations_per_microversion(api, admin, fake, active, version):
    api.action(active, {'resize': {'flavorRef': '2'}})
    response = admin.get('/os-migrations', version=version)
    jsonschema.validate(response.json_body, _schema(version)['response_body'])
    [migration] = response.json_body['migrations']
    assert migration['status'] == 'migrating'
    assert ('uuid' in migration) == (version >= '2.59')
    assert ('project_id' in migration) == (version >= '2.80')
    assert api.get('/os-migrations').status_int == 403


def test_os_migrations_filters_and_pages(api, admin, fake):
    servers = [api.create_server(f'vm{i}')['id'] for i in range(3)]
    fake.settle()
    for server_id in servers:
        assert api.action(server_id, {'resize': {'flavorRef': '2'}}).status_int == 202
    fake.settle()
    api.action(servers[0], {'confirmResize': None})
    listed = admin.get('/os-migrations?status=finished').json_body['migrations']
    assert sorted(m['instance_uuid'] for m in listed) == sorted(servers[1:])
    assert admin.get(f'/os-migrations?instance_uuid={servers[0]}').json_body[
        'migrations'][0]['status'] == 'confirmed'
    newest = admin.get('/os-migrations', version='2.59').json_body['migrations']
    page = admin.get('/os-migrations?limit=1', version='2.59').json_body
    assert [m['uuid'] for m in page['migrations']] == [newest[0]['uuid']]
    assert page['migrations_links'][0]['rel'] == 'next'
    after = admin.get(f'/os-migrations?limit=5&marker={newest[0]["uuid"]}',
                      version='2.59').json_body['migrations']
    assert [m['uuid'] for m in after] == [m['uuid'] for m in newest[1:]]
    assert admin.get('/os-migrations?marker=nope', version='2.59').status_int == 400
    assert admin.get('/os-migrations?bogus=1', version='2.59').status_int == 400
    assert admin.get(f'/os-migrations?project_id={api.project}', version='2.80').json_body[
        'migrations'] != []
