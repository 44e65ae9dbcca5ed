"""``/os-server-groups`` in process over the FakeDriver: Nova's validation, shapes per
microversion (tempest's schemas), quotas, and servers booted into a group."""

import uuid

import jsonschema
import pytest
from tempest.lib.services.compute import server_groups_client

from tests import contract
from tests.unit.api.conftest import API, CIRROS


def _schema(version: str, name: str) -> dict:
    return contract.client_schema(server_groups_client.ServerGroupsClient, version, name)


def _validate(version: str, name: str, response) -> None:
    jsonschema.validate(response.json_body, _schema(version, name)['response_body'])
    assert response.status_int in _schema(version, name)['status_code']


def _create(api, version: str = '2.64', **group):
    group = {'name': 'g', **group}
    if 'policy' not in group and 'policies' not in group:
        group.update({'policy': 'anti-affinity'} if version >= '2.64'
                     else {'policies': ['anti-affinity']})
    return api.post('/os-server-groups', {'server_group': group}, version=version)


@pytest.mark.parametrize('version,group', [
    ('2.1', {'policies': ['affinity']}),
    ('2.13', {'policies': ['anti-affinity']}),
    ('2.15', {'policies': ['soft-affinity']}),
    ('2.64', {'policy': 'soft-anti-affinity'}),
    ('2.64', {'policy': 'anti-affinity', 'rules': {'max_server_per_host': 2}}),
])
def test_create_show_list_delete_in_novas_shapes(api, version, group):
    response = _create(api, version, **group)
    assert response.status_int == 200, response.json_body
    _validate(version, 'create_show_server_group', response)
    created = response.json_body['server_group']
    assert created['members'] == []
    if version >= '2.64':
        assert (created['policy'], created['rules']) == (group['policy'],
                                                         group.get('rules', {}))
        assert 'metadata' not in created
    else:
        assert (created['policies'], created['metadata']) == (group['policies'], {})
    assert ('project_id' in created) == (version >= '2.13')
    shown = api.get(f'/os-server-groups/{created["id"]}', version=version)
    _validate(version, 'create_show_server_group', shown)
    assert shown.json_body['server_group'] == created
    listed = api.get('/os-server-groups', version=version)
    _validate(version, 'list_server_groups', listed)
    assert listed.json_body['server_groups'] == [created]
    assert api.delete(f'/os-server-groups/{created["id"]}', version=version).status_int == 204
    assert api.get(f'/os-server-groups/{created["id"]}').status_int == 404
    assert api.delete(f'/os-server-groups/{created["id"]}').status_int == 404


@pytest.mark.parametrize('version,group,wording', [
    ('2.1', {'policies': ['soft-affinity']}, "'soft-affinity' is not one of"),
    ('2.14', {'policies': ['affinity', 'anti-affinity']}, 'policies'),
    ('2.15', {'policies': []}, 'policies'),
    ('2.15', {'policy': 'affinity'}, 'policy'),
    ('2.64', {'policies': ['affinity']}, 'policies'),
    ('2.64', {'policy': 'best-effort'}, 'policy'),
    ('2.64', {'policy': 'anti-affinity', 'rules': {'max_server_per_host': 0}},
     'max_server_per_host'),
    ('2.64', {'policy': 'anti-affinity', 'rules': {'other': 1}}, 'other'),
    ('2.64', {'policy': 'affinity', 'rules': {'max_server_per_host': 2}},
     'Only anti-affinity policy supports rules.'),
    ('2.64', {'policy': 'affinity', 'name': ''}, 'name'),
    ('2.64', {'policy': 'affinity', 'name': ' padded '}, 'name'),
])
def test_bad_groups_are_novas_400(api, version, group, wording):
    response = _create(api, version, **group)
    assert response.status_int == 400, response.json_body
    assert wording in response.json_body['badRequest']['message']
    assert api.get('/os-server-groups').json_body == {'server_groups': []}


def test_group_quota_is_a_403(api, admin):
    assert admin.put(f'/os-quota-sets/{api.project}',
                     {'quota_set': {'server_groups': 1}}).status_int == 200
    assert _create(api).status_int == 200
    response = _create(api)
    assert response.status_int == 403
    assert response.json_body['forbidden']['message'] == \
        'Quota exceeded, too many server groups.'
    limits = api.get('/limits').json_body['limits']['absolute']
    assert (limits['maxServerGroups'], limits['totalServerGroupsUsed']) == (1, 1)
    detail = api.get(f'/os-quota-sets/{api.project}/detail').json_body['quota_set']
    assert detail['server_groups'] == {'limit': 1, 'in_use': 1, 'reserved': 0}


def test_groups_are_the_projects_own_and_admins_see_all(api, admin, app_and_driver):
    other = API(app_and_driver[0])
    group = _create(api).json_body['server_group']
    assert other.get(f'/os-server-groups/{group["id"]}').status_int == 404
    assert other.delete(f'/os-server-groups/{group["id"]}').status_int == 404
    # Nova's rule: a member asking for every project gets its own.
    assert other.get('/os-server-groups?all_projects=True').json_body == \
        {'server_groups': []}
    outsider = API(app_and_driver[0], user='admin')
    assert outsider.get(f'/os-server-groups/{group["id"]}').status_int == 200
    assert [g['id'] for g in outsider.get('/os-server-groups?all_projects=True')
            .json_body['server_groups']] == [group['id']]
    assert outsider.get('/os-server-groups').json_body == {'server_groups': []}


def test_list_pages_with_limit_and_offset(api):
    ids = [_create(api, name=f'g{i}').json_body['server_group']['id'] for i in range(3)]
    page = api.get('/os-server-groups?limit=1&offset=1').json_body['server_groups']
    assert [g['id'] for g in page] == ids[1:2]
    assert api.get('/os-server-groups?limit=x').status_int == 400
    assert api.get('/os-server-groups?bogus=1', version='2.75').status_int == 400
    assert api.get('/os-server-groups?bogus=1', version='2.74').status_int == 200


def _boot(api, group_id: str, **fields):
    body = {'server': {'name': 'vm', 'flavorRef': '1', 'imageRef': CIRROS, **fields},
            'os:scheduler_hints': {'group': group_id}}
    return api.post('/servers', body)


def test_servers_booted_into_a_group_are_its_members(api, admin, fake):
    group = _create(api).json_body['server_group']
    server = _boot(api, group['id']).json_body['server']
    shown = api.get(f'/os-server-groups/{group["id"]}').json_body['server_group']
    assert shown['members'] == [server['id']]
    assert api.get(f'/servers/{server["id"]}', version='2.71').json_body['server'][
        'server_groups'] == [group['id']]
    assert api.delete(f'/servers/{server["id"]}').status_int == 204
    fake.settle()
    assert api.get(f'/os-server-groups/{group["id"]}').json_body['server_group'][
        'members'] == []


def test_a_boot_into_an_unknown_group_is_novas_400(api, app_and_driver):
    unknown = str(uuid.uuid4())
    response = _boot(api, unknown)
    assert response.status_int == 400
    assert response.json_body['badRequest']['message'] == \
        f'Instance group {unknown} could not be found.'
    theirs = _create(API(app_and_driver[0])).json_body['server_group']['id']
    assert _boot(api, theirs).status_int == 400
    assert _boot(api, 'not-a-uuid').status_int == 400
    assert api.get('/servers').json_body == {'servers': []}


def test_group_members_quota_is_a_403_on_boot(api, admin):
    assert admin.put(f'/os-quota-sets/{api.project}',
                     {'quota_set': {'server_group_members': 2}}).status_int == 200
    group = _create(api).json_body['server_group']
    assert _boot(api, group['id'], min_count=3, max_count=3).status_int == 403
    assert _boot(api, group['id'], max_count=2).status_int == 202
    response = _boot(api, group['id'])
    assert response.status_int == 403
    assert response.json_body['forbidden']['message'] == \
        'Quota exceeded, too many servers in group'
