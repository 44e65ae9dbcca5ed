"""Server groups placed by the scheduler, through translator-api: against an emulator of
three nodes (``--nodes 3``) and, with ``--backend arktos``, the real control plane
(``arktos-up.sh --nodes 3``)."""

import time

import pytest
import requests

from tests import api
from translator.testing import harness

# Real Arktos's kube-scheduler panics (nil event in client-go's events finishSeries) at its
# next 30-minute event-series refresh when the tenant of a pod it kept failing to place was
# deleted meanwhile: the series patch is refused and the cache keeps a nil. Tenants whose
# pods were unplaceable are therefore left in place (their servers are deleted).


@pytest.fixture(scope='module')
def cloud(arktos, translator, tmp_path_factory):
    """``(translator URL, Arktos URL, token, projects)``: three schedulable nodes; the
    servers of ``projects`` are deleted at the end, and on the emulator their tenants
    (see above)."""
    emulator = service = None
    if arktos['kind'] == 'arktos':
        url, token, base = arktos['url'], arktos['token'], translator
    else:
        workdir = tmp_path_factory.mktemp('three-nodes')
        emulator = harness.start_emulator(workdir, '--nodes', '3')
        service = harness.start_translator(workdir, emulator.url,
                                           extra_conf=harness.UNLIMITED_SERVERS)
        url, token, base = emulator.url, None, service.url
    headers = {'Authorization': f'Bearer {token}'} if token else {}
    nodes = [node['metadata']['name'] for node in requests.get(
        f'{url}/api/v1/nodes', headers=headers, timeout=10).json()['items']
        if not node['spec'].get('unschedulable')]
    if len(nodes) != 3:
        pytest.skip(f'needs three schedulable nodes, the Arktos under test has {len(nodes)}')
    projects: list = []
    try:
        yield base, url, headers, projects
    finally:
        for project in projects:
            compute = api.ComputeAPI(base, project)
            for server in compute.get('/servers').json()['servers']:
                compute.delete(f'/servers/{server["id"]}')
                api.wait_for_404(compute, server['id'])
            if emulator is not None:
                requests.delete(f'{url}/api/v1/tenants/{project}', headers=headers,
                                timeout=10)
        for process in (service, emulator):
            if process is not None:
                process.stop()


def _settled(compute, server_id: str) -> dict:
    deadline = time.monotonic() + 30
    while True:
        server = compute.get(f'/servers/{server_id}').json()['server']
        if server['status'] in ('ACTIVE', 'ERROR'):
            return server
        assert time.monotonic() < deadline, server
        time.sleep(0.2)


def _members(cloud, policy: str, count: int) -> tuple[api.ComputeAPI, list[dict]]:
    """A group of ``policy`` in a new project and ``count`` servers booted into it in
    turn, once each is ACTIVE or ERROR (as the admin sees them: with their host)."""
    base, _, _, projects = cloud
    compute = api.ComputeAPI(base, version='2.64')
    projects.append(compute.project)
    admin = api.ComputeAPI(base, 'admin', 'admin', version='2.71')
    group = compute.post('/os-server-groups', {'server_group': {
        'name': policy, 'policy': policy}}).json()['server_group']
    servers = []
    for index in range(count):
        response = compute.post('/servers', {
            'server': {'name': f'{policy}-{index}', 'flavorRef': '1', 'imageRef': api.CIRROS,
                       'networks': 'auto'},
            'os:scheduler_hints': {'group': group['id']}})
        assert response.status_code == 202, response.text
        _settled(compute, response.json()['server']['id'])
        servers.append(admin.get(f'/servers/{response.json()["server"]["id"]}').json()[
            'server'])
    assert [s['server_groups'] for s in servers] == [[group['id']]] * count
    return compute, servers


def test_three_anti_affinity_members_on_three_nodes_and_a_fourth_fails(cloud):
    _, servers = _members(cloud, 'anti-affinity', 4)
    placed, extra = servers[:3], servers[3]
    assert [s['status'] for s in placed] == ['ACTIVE'] * 3
    assert len({s['OS-EXT-SRV-ATTR:host'] for s in placed}) == 3
    assert extra['status'] == 'ERROR'
    assert extra['OS-EXT-SRV-ATTR:host'] is None
    assert extra['fault']['message'].startswith('No valid host was found.')


def test_affinity_members_share_a_node(cloud):
    _, servers = _members(cloud, 'affinity', 3)
    assert [s['status'] for s in servers] == ['ACTIVE'] * 3
    assert len({s['OS-EXT-SRV-ATTR:host'] for s in servers}) == 1


def test_soft_anti_affinity_spreads_and_never_fails(cloud):
    _, servers = _members(cloud, 'soft-anti-affinity', 4)
    assert [s['status'] for s in servers] == ['ACTIVE'] * 4
    assert len({s['OS-EXT-SRV-ATTR:host'] for s in servers[:3]}) == 3
