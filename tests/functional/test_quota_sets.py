"""Quotas that hold under concurrent creates (across two API processes), and that admins
set per project (``os-quota-sets``) and for every project (``os-quota-class-sets``)."""

import concurrent.futures

import pytest
import requests
from tempest.lib.services.compute import quota_classes_client, quotas_client

from tests import api, contract
from translator.testing import harness

CONF = '[quota]\ninstances = 10\ncores = 20\nram = 51200\n'


@pytest.fixture(scope='module')
def apis(arktos, tmp_path_factory):
    """Two translator-api processes (one conductor) sharing one Arktos."""
    path = tmp_path_factory.mktemp('quota-sets')
    servers = [harness.start_translator(path, arktos['url'], token=arktos['token'],
                                        extra_conf=CONF, conductor=index == 0)
               for index in range(2)]
    try:
        yield [server.url for server in servers]
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def quota_classes(arktos):
    """Quota classes live in Arktos, shared by every translator of the session: the ones a
    test sets are removed after it."""
    yield
    requests.delete(f"{arktos['url']}/api/v1/tenants/system/namespaces/nova-catalog/"
                    'configmaps/nova-quota-classes', headers=_arktos_headers(arktos),
                    timeout=10)


def _admin(url: str, version: str | None = None) -> api.ComputeAPI:
    return api.ComputeAPI(url, project='admin', user='admin', version=version)


def _servers(compute: api.ComputeAPI) -> list:
    servers = compute.get('/servers').json()['servers']
    compute.created += [server['id'] for server in servers]
    return servers


def _concurrently(calls: list) -> list:
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [future.result() for future in [pool.submit(call) for call in calls]]


def test_concurrent_batches_never_exceed_the_quota(apis, arktos_pods):
    project = api.new_project()
    clients = [api.ComputeAPI(apis[index % 2], project=project) for index in range(5)]
    responses = _concurrently([lambda c=c: c.create_server('b', min_count=1, max_count=10)
                               for c in clients])
    codes = sorted(response.status_code for response in responses)
    assert set(codes) <= {202, 403}, [r.text for r in responses]
    servers = _servers(clients[0])
    assert len(servers) == 10
    assert len(arktos_pods(project)) == 10
    for response in responses:
        if response.status_code == 403:
            assert response.json()['forbidden']['message'].startswith(
                'Quota exceeded for instances: Requested 10, but already used ')


def test_concurrent_single_creates_never_exceed_the_quota(apis, arktos_pods):
    project = api.new_project()
    clients = [api.ComputeAPI(apis[index % 2], project=project) for index in range(16)]
    responses = _concurrently([lambda c=c: c.create_server('s') for c in clients])
    assert sorted(r.status_code for r in responses) == [202] * 10 + [403] * 6, \
        [r.text for r in responses if r.status_code not in (202, 403)]
    assert len(_servers(clients[0])) == 10
    assert len(arktos_pods(project)) == 10


def test_admins_set_a_projects_quota(apis, arktos, arktos_pods):
    project = api.new_project()
    member = api.ComputeAPI(apis[0], project=project)
    admin = _admin(apis[1])
    path = f'/os-quota-sets/{project}'
    assert member.put(path, {'quota_set': {'instances': 20}}).status_code == 403
    assert member.delete(path).status_code == 403

    response = admin.put(path, {'quota_set': {'instances': 12, 'cores': '30',
                                              'floating_ips': 3}})
    assert response.status_code == 200, response.text
    contract.validate(contract.client_schema(quotas_client.QuotasClient, '2.1',
                                             'update_quota_set'), response)
    body = response.json()['quota_set']
    assert 'id' not in body
    assert (body['instances'], body['cores'], body['ram'], body['floating_ips']) == \
        (12, 30, 51200, 3)
    shown = member.get(path).json()['quota_set']
    assert (shown['id'], shown['instances'], shown['cores']) == (project, 12, 30)
    # Arktos holds the instances limit: the project's ResourceQuota.
    quota = requests.get(f"{arktos['url']}/api/v1/tenants/{project}/namespaces/default/"
                         'resourcequotas/nova-quota', timeout=10,
                         headers=_arktos_headers(arktos)).json()
    assert quota['spec']['hard'] == {'pods': '12'}

    assert member.create_server('q', min_count=12, max_count=12).status_code == 202
    assert len(_servers(member)) == 12
    detail = member.get(f'{path}/detail').json()['quota_set']
    assert detail['instances'] == {'limit': 12, 'in_use': 12, 'reserved': 0}
    assert detail['cores'] == {'limit': 30, 'in_use': 12, 'reserved': 0}
    # Not below what is used, unless forced.
    response = admin.put(path, {'quota_set': {'instances': 11}})
    assert response.status_code == 400
    assert response.json()['badRequest']['message'] == (
        'Quota limit 11 for instances must be greater than or equal to already used and '
        'reserved 12.')
    response = admin.put(path, {'quota_set': {'instances': 11, 'force': 'True'}})
    assert response.status_code == 200
    assert member.create_server('over').status_code == 403
    # Back to the defaults.
    assert admin.delete(path).status_code == 202
    shown = member.get(path).json()['quota_set']
    assert (shown['instances'], shown['cores'], shown['floating_ips']) == (10, 20, 10)
    assert len(arktos_pods(project)) == 12


@pytest.mark.parametrize('version,body,dropped', [
    ('2.35', {'floating_ips': 1}, None),
    ('2.36', {'floating_ips': 1}, 'floating_ips'),
    ('2.56', {'injected_files': 1}, None),
    ('2.57', {'injected_files': 1}, 'injected_files'),
    ('2.1', {'instances': -2}, 'instances'),
    ('2.1', {'instances': '1.5'}, 'instances'),
    ('2.1', {'instances': 2 ** 31}, 'instances'),
    ('2.1', {'force': 'maybe'}, 'force'),
])
def test_update_schema_per_microversion(apis, version, body, dropped):
    admin = _admin(apis[0], version)
    response = admin.put(f'/os-quota-sets/{api.new_project()}', {'quota_set': body})
    if dropped is None:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400, response.text
        assert dropped in response.json()['badRequest']['message']


def test_per_user_quotas_are_the_projects(apis):
    """Reading a user's quotas answers the project's (tempest's test_get_quotas does);
    setting or deleting them is Nova's 501."""
    admin = _admin(apis[0])
    project = api.new_project()
    assert admin.get(f'/os-quota-sets/{project}?user_id=bob').json() == \
        admin.get(f'/os-quota-sets/{project}').json()
    response = admin.put(f'/os-quota-sets/{project}?user_id=bob',
                         {'quota_set': {'instances': 1}})
    assert response.status_code == 501
    assert 'user_id' in response.json()['notImplemented']['message']
    assert admin.delete(f'/os-quota-sets/{project}?user_id=bob').status_code == 501


def test_default_quota_class(apis, quota_classes):
    admin = _admin(apis[0], '2.57')
    member = api.ComputeAPI(apis[1])
    assert member.get('/os-quota-class-sets/default').status_code == 403
    assert member.put('/os-quota-class-sets/default',
                      {'quota_class_set': {'instances': 1}}).status_code == 403
    response = admin.get('/os-quota-class-sets/default')
    contract.validate(contract.client_schema(quota_classes_client.QuotaClassesClient, '2.57',
                                             'get_quota_class_set'), response)
    assert response.json()['quota_class_set']['instances'] == 10
    response = admin.put('/os-quota-class-sets/default',
                         {'quota_class_set': {'instances': 2, 'key_pairs': 7}})
    assert response.status_code == 200, response.text
    contract.validate(contract.client_schema(quota_classes_client.QuotaClassesClient,
                                             '2.57', 'update_quota_class_set'), response)
    assert response.json()['quota_class_set']['instances'] == 2
    # Every project without limits of its own has the class's.
    defaults = member.get(f'/os-quota-sets/{member.project}/defaults').json()
    assert (defaults['quota_set']['instances'], defaults['quota_set']['key_pairs']) == (2, 7)
    assert member.create_server('a', min_count=2, max_count=3).status_code == 202
    assert len(_servers(member)) == 2
    assert member.create_server('b').status_code == 403
    # 2.50 dropped the network quotas from quota classes.
    response = _admin(apis[0], '2.50').put('/os-quota-class-sets/default',
                                           {'quota_class_set': {'floating_ips': 1}})
    assert response.status_code == 400


def test_novaclient_quota_update(apis, quota_classes):
    from keystoneauth1 import session as ks_session
    from keystoneauth1 import token_endpoint
    from novaclient import client as nova_client

    project = api.new_project()
    endpoint = apis[0] + '/v2.1'
    session = ks_session.Session(auth=token_endpoint.Token(endpoint, 'admin:admin'))
    nova = nova_client.Client('2.96', session=session, endpoint_override=endpoint)
    nova.quotas.update(project, instances=15, ram=1024)
    assert nova.quotas.get(project).instances == 15
    assert nova.quotas.get(project, detail=True).ram == {'limit': 1024, 'in_use': 0,
                                                         'reserved': 0}
    nova.quotas.delete(project)
    assert nova.quotas.get(project).instances == 10
    assert nova.quota_classes.update('default', cores=21).cores == 21


def _arktos_headers(arktos: dict) -> dict:
    return {'Authorization': f"Bearer {arktos['token']}"} if arktos.get('token') else {}
