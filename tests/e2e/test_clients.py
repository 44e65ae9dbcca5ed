"""Unmodified OpenStack clients through Keystone's catalog and tokens."""

import json
import os
import socket
import subprocess
import time

import pytest
import requests

from tests.e2e.conftest import client_env, sdk_connection, token
from translator.testing import harness


@pytest.fixture(autouse=True)
def _delete_leftover_servers(stack):
    """Each test starts from empty projects, whatever the one before left behind."""
    yield
    for user in ('demo', 'alt_demo'):
        compute = _compute(stack, user, user)
        for server in compute('GET', '/servers').json()['servers']:
            compute('DELETE', f'/servers/{server["id"]}')


@pytest.fixture
def cli(stack, tmp_path):
    """Run ``openstack`` or ``nova`` as a Keystone user (default: demo in demo)."""
    def run(program: str, *args: str, user: str = 'demo', project: str = 'demo',
            check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([os.path.join(harness.BIN_DIR, program), *args],
                                capture_output=True, text=True, timeout=180,
                                env=client_env(stack, user, project, tmp_path))
        if check and result.returncode != 0:
            raise AssertionError(f'{program} {" ".join(args)}: {result.stderr}')
        return result
    return run


def _json(result):
    return json.loads(result.stdout)


def _wait_status(cli, name: str, status: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        server = _json(cli('openstack', 'server', 'show', name, '-f', 'json'))
        if server['status'] == status and not server.get('OS-EXT-STS:task_state'):
            return server
        assert time.monotonic() < deadline, server
        time.sleep(0.5)


def _pods(arktos, tenant: str) -> list:
    headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
    response = requests.get(f'{arktos["url"]}/api/v1/tenants/{tenant}/namespaces/default/pods',
                            headers=headers, timeout=10)
    return response.json().get('items', []) if response.ok else []


def test_catalog_lists_compute_and_image(stack):
    response = requests.post(f'{stack["KEYSTONE_URL"]}/auth/tokens', timeout=30, json={
        'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': 'demo', 'domain': {'id': 'default'}, 'password': 'demo-pass'}}},
            'scope': {'project': {'name': 'demo', 'domain': {'id': 'default'}}}}})
    catalog = {entry['type']: entry['endpoints'][0]['url']
               for entry in response.json()['token']['catalog']}
    assert catalog['compute'] == stack['TRANSLATOR_URL'] + '/v2.1'
    assert catalog['image'] == stack['TRANSLATOR_URL'] + '/image'


def test_openstackclient_server_lifecycle(cli, stack, arktos):
    created = _json(cli('openstack', 'server', 'create', '--image', 'cirros', '--flavor',
                        'm1.tiny', '--wait', 'e2e-vm', '-f', 'json'))
    assert created['status'] == 'ACTIVE'
    listed = _json(cli('openstack', 'server', 'list', '-f', 'json'))
    assert [(s['Name'], s['Status'], s['Image'], s['Flavor']) for s in listed] == \
        [('e2e-vm', 'ACTIVE', 'cirros', 'm1.tiny')]
    long = _json(cli('openstack', 'server', 'list', '--long', '-f', 'json'))
    assert long[0]['Image Name'] == 'cirros' and long[0]['Power State'] in (1, 'Running')
    (pod,) = [pod for pod in _pods(arktos, stack['DEMO_PROJECT_ID'])
              if pod['metadata']['name'] == created['id']]
    assert pod['metadata']['annotations']['nova.openstack.org/name'] == 'e2e-vm'
    cli('openstack', 'server', 'set', '--name', 'e2e-vm2', 'e2e-vm')
    cli('openstack', 'server', 'reboot', '--wait', 'e2e-vm2')
    image = _json(cli('openstack', 'server', 'image', 'create', '--name', 'e2e-snap', '--wait',
                      'e2e-vm2', '-f', 'json'))
    assert image['status'] == 'active'
    cli('openstack', 'image', 'delete', 'e2e-snap')
    cli('openstack', 'server', 'stop', 'e2e-vm2')
    _wait_status(cli, 'e2e-vm2', 'SHUTOFF')
    again = cli('openstack', 'server', 'stop', 'e2e-vm2', check=False)
    assert again.returncode == 1
    assert "Cannot 'stop' instance" in again.stderr and 'vm_state stopped' in again.stderr
    cli('openstack', 'server', 'start', 'e2e-vm2')
    _wait_status(cli, 'e2e-vm2', 'ACTIVE')
    # Real Arktos drops Actions for a VM restarted a moment ago: the service waits.
    late = _json(cli('openstack', 'server', 'image', 'create', '--name', 'late', '--wait',
                     'e2e-vm2', '-f', 'json'))
    assert late['status'] == 'active'
    cli('openstack', 'image', 'delete', 'late')
    cli('openstack', 'server', 'reboot', '--wait', 'e2e-vm2')
    cli('openstack', 'server', 'delete', '--wait', 'e2e-vm2')
    assert _json(cli('openstack', 'server', 'list', '-f', 'json')) == []


def test_openstackclient_multi_create(cli):
    cli('openstack', 'server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
        '--min', '3', '--max', '3', 'web')
    names = sorted(s['Name'] for s in _json(cli('openstack', 'server', 'list', '-f', 'json')))
    assert names == ['web-1', 'web-2', 'web-3']
    cli('openstack', 'server', 'delete', '--wait', *names)


def test_novaclient_cli(cli):
    cli('nova', 'boot', '--image', 'cirros', '--flavor', 'm1.tiny', '--nic', 'auto',
        '--poll', 'nova-vm', user='alt_demo', project='alt_demo')
    listed = cli('nova', 'list', user='alt_demo', project='alt_demo').stdout
    assert 'nova-vm' in listed and 'ACTIVE' in listed
    shown = cli('nova', 'show', 'nova-vm', user='alt_demo', project='alt_demo').stdout
    assert 'm1.tiny' in shown
    for command in (('reboot', '--poll', 'nova-vm'), ('stop', 'nova-vm')):
        cli('nova', *command, user='alt_demo', project='alt_demo')
    deadline = time.monotonic() + 60
    while 'SHUTOFF' not in cli('nova', 'show', 'nova-vm', user='alt_demo',
                               project='alt_demo').stdout:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    cli('nova', 'start', 'nova-vm', user='alt_demo', project='alt_demo')
    cli('nova', 'delete', 'nova-vm', user='alt_demo', project='alt_demo')


def _compute(stack, user: str, project: str, version: str = '2.100'):
    session = requests.Session()
    session.headers.update({'X-Auth-Token': token(stack, user, project),
                            'OpenStack-API-Version': f'compute {version}'})
    base = stack['TRANSLATOR_URL'] + '/v2.1'
    return lambda method, path, **kw: session.request(method, base + path, timeout=30, **kw)


def test_bad_tokens_are_401(stack):
    url = stack['TRANSLATOR_URL'] + '/v2.1/servers'
    response = requests.get(url, headers={'X-Auth-Token': 'not-a-token'})
    assert response.status_code == 401
    assert response.headers['WWW-Authenticate'] == f'Keystone uri="{stack["KEYSTONE_URL"]}"'
    assert requests.get(url).status_code == 401
    revoked = token(stack, 'demo', 'demo')
    requests.delete(f'{stack["KEYSTONE_URL"]}/auth/tokens', timeout=30,
                    headers={'X-Auth-Token': revoked, 'X-Subject-Token': revoked})
    assert requests.get(url, headers={'X-Auth-Token': revoked}).status_code == 401


def test_reader_can_read_but_not_create(stack):
    reader = _compute(stack, 'demo_reader', 'demo')
    assert reader('GET', '/servers').status_code == 200
    response = reader('POST', '/servers', json={'server': {
        'name': 'r', 'flavorRef': '1', 'imageRef': 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01',
        'networks': 'auto'}})
    assert response.status_code == 403
    assert 'os_compute_api:servers:create' in response.json()['forbidden']['message']


_ACTIONS = [{'reboot': {'type': 'HARD'}}, {'os-stop': None}, {'os-start': None},
            {'pause': None}, {'unpause': None}, {'suspend': None}, {'resume': None},
            {'lock': None}, {'unlock': None}, {'createImage': {'name': 'x'}},
            {'rebuild': {'imageRef': 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'}}]


def test_projects_are_isolated(stack, arktos):
    owner = _compute(stack, 'demo', 'demo')
    intruder = _compute(stack, 'alt_demo', 'alt_demo')
    server_id = owner('POST', '/servers', json={'server': {
        'name': 'private', 'flavorRef': '1',
        'imageRef': 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01', 'networks': 'auto'}}
    ).json()['server']['id']
    try:
        before = owner('GET', f'/servers/{server_id}').json()['server']
        for method, path, body in [('GET', f'/servers/{server_id}', None),
                                   ('PUT', f'/servers/{server_id}', {'server': {'name': 'x'}}),
                                   ('DELETE', f'/servers/{server_id}', None)] + \
                [('POST', f'/servers/{server_id}/action', action) for action in _ACTIONS]:
            response = intruder(method, path, json=body)
            assert response.status_code == 404, (method, path, body, response.text)
        for path in ('/servers', '/servers/detail', '/servers?name=private'):
            assert intruder('GET', path).json()['servers'] == []
        assert intruder('GET', f'/{stack["DEMO_PROJECT_ID"]}/servers').status_code == 400
        after = owner('GET', f'/servers/{server_id}').json()['server']
        assert (after['name'], after['locked']) == (before['name'], before['locked'])
        assert _pods(arktos, stack['ALT_DEMO_PROJECT_ID']) == []
    finally:
        owner('DELETE', f'/servers/{server_id}')


def test_tokens_are_cached_in_memcached(stack):
    if not stack['MEMCACHED']:
        pytest.skip('memcached is not installed')
    compute = _compute(stack, 'demo', 'demo')
    assert compute('GET', '/servers').status_code == 200
    host, port = stack['MEMCACHED'].split(':')
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(b'stats\r\n')
        stats = b''
        while not stats.endswith(b'END\r\n'):
            stats += connection.recv(4096)
    items = dict(line.split()[1:3] for line in stats.decode().splitlines()
                 if line.startswith('STAT '))
    assert int(items['curr_items']) > 0 and int(items['cmd_set']) > 0


def test_openstacksdk_through_keystone(stack):
    conn = sdk_connection(stack, 'demo', 'demo')
    assert {flavor.name for flavor in conn.compute.flavors()} >= {'m1.tiny', 'm1.small'}
    image = conn.image.find_image('cirros', ignore_missing=False)
    server = conn.compute.create_server(name='sdk-e2e', image_id=image.id,
                                        flavor_id=conn.compute.find_flavor('m1.tiny').id,
                                        networks='auto')
    server = conn.compute.wait_for_server(server, wait=60, interval=1)
    assert [s.name for s in conn.compute.servers()] == ['sdk-e2e']
    limits = conn.compute.get_limits()
    assert limits.absolute.instances_used == 1
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=60, interval=1)


def test_catalog_resources_with_the_clis(cli, tmp_path):
    key = tmp_path / 'id.pub'
    key.write_text('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBnXDVGW6wz4RtoQH7TTpMdEpwQNoP8gkgJvZx1'
                   'JqZ8K e2e@test\n')
    created = _json(cli('openstack', 'keypair', 'create', '--public-key', str(key), 'k1',
                        '-f', 'json'))
    assert created['name'] == 'k1' and created['fingerprint']
    assert [k['Name'] for k in _json(cli('openstack', 'keypair', 'list', '-f', 'json'))] == \
        ['k1']
    server = _json(cli('openstack', 'server', 'create', '--image', 'cirros', '--flavor',
                       'm1.tiny', '--key-name', 'k1', '--wait', 'keyed', '-f', 'json'))
    assert server['key_name'] == 'k1'
    images = {i['Name'] for i in _json(cli('openstack', 'image', 'list', '-f', 'json'))}
    assert {'cirros', 'ubuntu-xenial'} <= images
    flavors = {f['Name'] for f in _json(cli('openstack', 'flavor', 'list', '-f', 'json'))}
    assert {'m1.tiny', 'm1.xlarge'} <= flavors
    limits = {row['Name']: row['Value'] for row in _json(
        cli('openstack', 'limits', 'show', '--absolute', '-f', 'json'))}
    assert (limits['instances_used'], limits['instances']) == (1, 10), limits
    zones = cli('nova', 'availability-zone-list').stdout
    assert 'nova' in zones and 'available' in zones
    booted = cli('nova', 'boot', '--image', 'cirros', '--flavor', 'm1.tiny', '--nic', 'none',
                 '--key-name', 'k1', '--poll', 'nova-keyed').stdout
    assert 'nova-keyed' in booted
    cli('openstack', 'server', 'delete', '--wait', 'keyed', 'nova-keyed')
    cli('openstack', 'keypair', 'delete', 'k1')


def test_quota_set_by_openstackclient_and_novaclient(cli):
    """``openstack quota set`` finds the project in Keystone, then sets its compute quota;
    ``nova quota-update``/``quota-delete`` take the project id."""
    admin = {'user': 'admin', 'project': 'admin'}
    project_id = cli('openstack', 'project', 'show', 'alt_demo', '-f', 'value', '-c', 'id',
                     **admin).stdout.strip()
    try:
        cli('openstack', 'quota', 'set', '--instances', '20', '--cores', '40', 'alt_demo',
            **admin)
        rows = _json(cli('openstack', 'quota', 'show', '--compute', 'alt_demo', '-f', 'json',
                         **admin))
        shown = {row['Resource']: row['Limit'] for row in rows}
        assert (shown['instances'], shown['cores']) == (20, 40), rows
        cli('nova', 'quota-update', '--instances', '15', project_id, **admin)
        assert _table_value(cli('nova', 'quota-show', '--tenant', project_id, **admin).stdout,
                            'instances') == '15'
        denied = cli('openstack', 'quota', 'set', '--instances', '30', 'alt_demo',
                     user='alt_demo', project='alt_demo', check=False)
        assert denied.returncode != 0
    finally:
        cli('nova', 'quota-delete', '--tenant', project_id, **admin)
    assert _table_value(cli('nova', 'quota-show', '--tenant', project_id, **admin).stdout,
                        'instances') == '10'


def _table_value(table: str, key: str) -> str:
    """The value of row ``key`` of a CLI's ASCII table."""
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip('|').split('|')]
        if cells[0] == key:
            return cells[1]
    raise AssertionError(f'no row {key} in {table}')
