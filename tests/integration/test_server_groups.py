"""``/os-server-groups`` through the whole pipeline against tempest.lib's schemas: groups
stored as labelled ConfigMaps, members as the pods that carry the group's label and pod
(anti-)affinity, placed by the scheduler (``--backend arktos``: its three nodes)."""

import time

import pytest
import requests
from tempest.lib.services.compute import server_groups_client

from tests import api, contract
from translator.backend.arktos import names


def _schema(version: str, name: str) -> dict:
    return contract.client_schema(server_groups_client.ServerGroupsClient, version, name)


def _arktos(arktos: dict, method: str, path: str, **params) -> dict:
    headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
    response = requests.request(method, arktos['url'] + path, headers=headers, params=params,
                                timeout=10)
    response.raise_for_status()
    return response.json()


def _arktos_get(arktos: dict, path: str, **params) -> dict:
    return _arktos(arktos, 'GET', path, **params)


def _create(compute: api.ComputeAPI, policy: str, **group) -> dict:
    response = compute.post('/os-server-groups', {'server_group': {
        'name': f'{policy}-group', 'policy': policy, **group}})
    contract.validate(_schema('2.64', 'create_show_server_group'), response)
    return response.json()['server_group']


def _boot(compute: api.ComputeAPI, group_id: str, name: str = 'member') -> str:
    body = {'server': {'name': name, 'flavorRef': '1', 'imageRef': api.CIRROS,
                       'networks': 'auto'},
            'os:scheduler_hints': {'group': group_id}}
    response = compute.post('/servers', body)
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    compute.created.append(server_id)
    return server_id


def _settled(compute: api.ComputeAPI, server_id: str, timeout: float = 30.0) -> dict:
    """The server once it is ACTIVE or ERROR."""
    deadline = time.monotonic() + timeout
    while True:
        server = compute.get(f'/servers/{server_id}').json()['server']
        if server['status'] in ('ACTIVE', 'ERROR'):
            return server
        assert time.monotonic() < deadline, server
        time.sleep(0.2)


def _nodes(arktos: dict) -> list[str]:
    """The schedulable nodes of the Arktos under test (none on an emulator without
    nodes)."""
    try:
        items = _arktos_get(arktos, '/api/v1/nodes').get('items') or []
    except requests.HTTPError:
        return []
    return [node['metadata']['name'] for node in items
            if not (node.get('spec') or {}).get('unschedulable')]


# Real Arktos's kube-scheduler panics (nil event in client-go's events finishSeries) at its
# next 30-minute event-series refresh when the tenant of a pod it kept failing to place was
# deleted meanwhile: the series patch is refused and the cache keeps a nil. Tenants whose
# pods were unplaceable are therefore left in place (their servers are deleted).


@pytest.fixture
def project(translator, arktos):
    """A fresh project; its servers are deleted afterwards, and its tenant unless the
    real scheduler failed to place one of them (see above)."""
    compute = api.ComputeAPI(translator)
    yield compute.project
    compute = api.ComputeAPI(translator, compute.project)
    unplaced = False
    for server in compute.get('/servers/detail').json()['servers']:
        unplaced = unplaced or server['status'] == 'ERROR'
        compute.delete(f'/servers/{server["id"]}')
        api.wait_for_404(compute, server['id'])
    if unplaced and arktos['kind'] == 'arktos':
        return
    try:
        _arktos(arktos, 'DELETE', f'/api/v1/tenants/{compute.project}')
    except requests.HTTPError:
        pass


@pytest.fixture
def compute(translator, project):
    return api.ComputeAPI(translator, project, version='2.71')


@pytest.mark.parametrize('version', ['2.1', '2.13', '2.64'])
def test_groups_are_configmaps_of_the_project(translator, arktos, project, version):
    compute = api.ComputeAPI(translator, project, version=version)
    group = {'name': 'web', **({'policy': 'soft-affinity'} if version == '2.64'
                               else {'policies': ['affinity']})}
    created = compute.post('/os-server-groups', {'server_group': group})
    contract.validate(_schema(version, 'create_show_server_group'), created)
    group_id = created.json()['server_group']['id']
    stored = _arktos_get(arktos, f'/api/v1/tenants/{compute.project}/namespaces/default/'
                                 'configmaps', labelSelector=names.SERVER_GROUP_SELECTOR)
    [configmap] = stored['items']
    assert group_id not in configmap['metadata']['name']
    assert configmap['data']['id'] == group_id
    listed = compute.get('/os-server-groups')
    contract.validate(_schema(version, 'list_server_groups'), listed)
    assert listed.json()['server_groups'] == [created.json()['server_group']]
    deleted = compute.delete(f'/os-server-groups/{group_id}')
    contract.validate(_schema(version, 'delete_server_group'), deleted)
    assert compute.get(f'/os-server-groups/{group_id}').status_code == 404


def test_members_carry_the_label_and_affinity(compute, arktos):
    group = _create(compute, 'soft-anti-affinity')
    server_id = _boot(compute, group['id'])
    pod = _arktos_get(arktos, f'/api/v1/tenants/{compute.project}/namespaces/default/'
                              f'pods/{server_id}')
    assert pod['metadata']['labels'][names.LABEL_GROUP_MEMBER] == group['id']
    assert pod['spec']['affinity'] == {'podAntiAffinity': {
        'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 100, 'podAffinityTerm': {
            'labelSelector': {'matchLabels': {names.LABEL_GROUP_MEMBER: group['id']}},
            'topologyKey': 'kubernetes.io/hostname'}}]}}
    assert _settled(compute, server_id)['status'] == 'ACTIVE'
    assert compute.get(f'/servers/{server_id}').json()['server']['server_groups'] == \
        [group['id']]
    shown = compute.get(f'/os-server-groups/{group["id"]}')
    contract.validate(_schema('2.64', 'create_show_server_group'), shown)
    assert shown.json()['server_group']['members'] == [server_id]
    compute.delete(f'/servers/{server_id}')
    api.wait_for_404(compute, server_id)
    assert compute.get(f'/os-server-groups/{group["id"]}').json()['server_group'][
        'members'] == []


def _hosts(arktos: dict, compute: api.ComputeAPI, server_ids: list) -> list:
    return [_arktos_get(arktos, f'/api/v1/tenants/{compute.project}/namespaces/default/'
                                f'pods/{server_id}')['spec'].get('nodeName')
            for server_id in server_ids]


def test_anti_affinity_members_land_on_distinct_nodes(compute, arktos):
    nodes = _nodes(arktos)
    if len(nodes) < 2:
        pytest.skip('the Arktos under test has fewer than two schedulable nodes')
    group = _create(compute, 'anti-affinity')
    members = [_boot(compute, group['id'], f'member-{i}') for i in range(len(nodes))]
    assert [_settled(compute, m)['status'] for m in members] == ['ACTIVE'] * len(nodes)
    assert sorted(_hosts(arktos, compute, members)) == sorted(nodes)
    extra = _settled(compute, _boot(compute, group['id'], 'one-too-many'))
    assert extra['status'] == 'ERROR'
    assert extra['fault']['code'] == 500
    assert extra['fault']['message'].startswith('No valid host was found.')


def test_anti_affinity_max_server_per_host(compute, arktos):
    nodes = _nodes(arktos)
    if len(nodes) < 2:
        pytest.skip('the Arktos under test has fewer than two schedulable nodes')
    group = _create(compute, 'anti-affinity', rules={'max_server_per_host': 2})
    members = [_boot(compute, group['id'], f'member-{i}') for i in range(2 * len(nodes))]
    assert [_settled(compute, m)['status'] for m in members] == ['ACTIVE'] * len(members)
    hosts = _hosts(arktos, compute, members)
    assert all(hosts.count(node) == 2 for node in nodes)
    assert _settled(compute, _boot(compute, group['id'], 'one-too-many'))['status'] == 'ERROR'


def test_affinity_members_share_a_node(compute, arktos):
    if len(_nodes(arktos)) < 2:
        pytest.skip('the Arktos under test has fewer than two schedulable nodes')
    group = _create(compute, 'affinity')
    members = [_boot(compute, group['id'], f'member-{i}') for i in range(3)]
    assert [_settled(compute, m)['status'] for m in members] == ['ACTIVE'] * 3
    assert len(set(_hosts(arktos, compute, members))) == 1


def test_admins_list_and_show_every_projects_groups(translator, compute):
    group = _create(compute, 'affinity')
    admin = api.ComputeAPI(translator, 'admin', 'admin', version='2.64')
    listed = admin.get('/os-server-groups?all_projects=True')
    contract.validate(_schema('2.64', 'list_server_groups'), listed)
    assert group['id'] in [g['id'] for g in listed.json()['server_groups']]
    assert group['id'] not in [g['id'] for g in admin.get('/os-server-groups').json()[
        'server_groups']]
    assert admin.get(f'/os-server-groups/{group["id"]}').json()['server_group'][
        'project_id'] == compute.project
    other = api.ComputeAPI(translator, version='2.64')
    assert other.get(f'/os-server-groups/{group["id"]}').status_code == 404
    assert other.get('/os-server-groups?all_projects=True').json() == {'server_groups': []}
