"""Operations: /healthcheck reports Arktos, access lines, log hygiene, policy files,
``translator-manage``."""

import base64
import collections
import json
import os
import re
import subprocess
import time
import uuid

import pytest
import requests
import yaml

from tests import api
from translator import policies
from translator.api import router as compute_router
from translator.image import router as image_router
from translator.network import router as network_router
from translator.placement import router as placement_router
from translator.testing import harness

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASTE = os.path.join(REPO_ROOT, 'etc', 'translator', 'api-paste.ini')
MANAGE = os.path.join(harness.BIN_DIR, 'translator-manage')


@pytest.fixture
def started(tmp_path):
    """Start servers (emulators, translators) that are stopped after the test."""
    servers = []

    def start(factory, *args, **kwargs):
        server = factory(*args, **kwargs)
        servers.append(server)
        return server
    yield start
    for server in reversed(servers):
        server.stop()


def _translator(started, tmp_path, arktos_url, token=None, extra_conf=''):
    return started(harness.start_translator, tmp_path, arktos_url, token=token,
                   extra_conf=harness.UNLIMITED_SERVERS + extra_conf)


# /healthcheck ---------------------------------------------------------------

def _healthy(url: str, timeout: float = 30.0) -> requests.Response:
    """``/healthcheck`` once it is 200: a conductor started with the API takes a moment
    to hold its Lease."""
    deadline = time.monotonic() + timeout
    while (response := requests.get(url + '/healthcheck', timeout=10)).status_code != 200:
        assert time.monotonic() < deadline, response.text
        time.sleep(0.2)
    return response


def test_healthcheck_ok_while_arktos_answers(translator):
    response = _healthy(translator)
    assert response.text.splitlines() == ['OK', 'Arktos answers', 'A translator-conductor runs']
    assert requests.head(translator + '/healthcheck', timeout=10).status_code == 204


def test_healthcheck_503_without_a_conductor(started, tmp_path, arktos):
    with harness.other_conductors_paused():
        server = started(harness.start_translator, tmp_path, arktos['url'],
                         token=arktos['token'], conductor=False)
        deadline = time.monotonic() + 60
        while (response := requests.get(server.url + '/healthcheck', timeout=10)).ok:
            # The paused conductors' Leases run out.
            assert time.monotonic() < deadline, response.text
            time.sleep(1)
    assert response.status_code == 503
    assert 'No translator-conductor has renewed its lease lately' in response.text


def test_healthcheck_503_when_arktos_is_down(started, tmp_path):
    dead = f'http://127.0.0.1:{harness.free_port()}'
    url = _translator(started, tmp_path, dead).url
    response = requests.get(url + '/healthcheck', timeout=30)
    assert response.status_code == 503
    assert 'Arktos does not answer' in response.text
    # The Arktos URL is a detail, not shown to anonymous callers.
    assert dead not in response.text
    assert requests.head(url + '/healthcheck', timeout=30).status_code == 503


def test_healthcheck_503_when_arktos_rejects_the_credentials(started, tmp_path):
    emulator = started(harness.start_emulator, tmp_path, '--token', 'right-token')
    url = _translator(started, tmp_path, emulator.url, token='wrong-token').url
    # Arktos (like Kubernetes) authenticates a bearer token before anything, /healthz
    # too: a wrong token is a 401 there, and the service is not healthy.
    response = requests.get(url + '/healthcheck', timeout=30)
    assert response.status_code == 503
    assert "Arktos rejects the service's credentials" in response.text


def test_healthcheck_disable_file(started, tmp_path, arktos):
    disable = tmp_path / 'healthcheck_disable'
    paste = tmp_path / 'api-paste.ini'
    paste.write_text(open(PASTE).read().replace('/etc/translator/healthcheck_disable',
                                                str(disable)))
    url = _translator(started, tmp_path, arktos['url'], token=arktos['token'],
                      extra_conf=f'[api]\napi_paste_config = {paste}\n').url
    _healthy(url)
    disable.write_text('')
    response = requests.get(url + '/healthcheck', timeout=10)
    assert response.status_code == 503
    assert 'DISABLED BY FILE' in response.text


# access lines and log hygiene -------------------------------------------------

_ACCESS = re.compile(r'INFO translator\.api\.middleware\.request_id \[(?P<ctx>[^\]]*)\] '
                     r'\S+ "(?P<method>\S+) (?P<uri>\S+)" status: (?P<status>\d+) '
                     r'len: \S+ microversion: \S+ project: (?P<project>\S+) '
                     r'tenant: (?P<tenant>\S+) time: (?P<time>[\d.]+)$')


def _access_lines(log_path: str) -> list[dict]:
    lines = []
    for line in open(log_path):
        match = _ACCESS.search(line.rstrip('\n'))
        if match:
            lines.append(match.groupdict())
    return lines


def test_every_access_line_has_request_id_project_tenant_and_latency(started, tmp_path,
                                                                     arktos):
    server = _translator(started, tmp_path, arktos['url'], token=arktos['token'])
    compute = api.ComputeAPI(server.url)
    ids = {}
    for path in ('/', '/v2.1', '/v2.1/flavors', '/v2.1/servers', '/v2.1/nothing-here'):
        response = compute.session.get(server.url + path, timeout=10)
        ids[path] = response.headers['x-openstack-request-id']
    response = requests.get(server.url + '/image/v2/images', timeout=10,
                            headers={'X-Auth-Token': f'bob:{compute.project}'})
    ids['/image/v2/images'] = response.headers['x-openstack-request-id']
    lines = {line['uri']: line for line in _access_lines(server.log_path)}
    for path, request_id in ids.items():
        line = lines[path]
        assert request_id in line['ctx'], line
        assert float(line['time']) >= 0
    for path in ('/v2.1/flavors', '/v2.1/servers', '/v2.1/nothing-here', '/image/v2/images'):
        assert lines[path]['project'] == compute.project
        assert lines[path]['tenant'] == compute.project      # the default tenant template
    assert lines['/']['project'] == '-'


def test_no_tokens_passwords_or_user_data_in_the_logs(started, tmp_path):
    arktos_token = 'arktos-' + uuid.uuid4().hex
    emulator = started(harness.start_emulator, tmp_path, '--token', arktos_token)
    server = _translator(started, tmp_path, emulator.url, token=arktos_token)
    compute = api.ComputeAPI(server.url, version='2.57')
    admin_pass = 'adminpass-' + uuid.uuid4().hex
    user_data_secret = 'userdata-' + uuid.uuid4().hex
    user_data = base64.b64encode(f'#!/bin/sh\necho {user_data_secret}\n'.encode()).decode()
    response = compute.create_server('quiet', adminPass=admin_pass, user_data=user_data,
                                     networks='auto')
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    assert response.json()['server']['adminPass'] == admin_pass
    compute.get(f'/servers/{server_id}')
    compute.post(f'/servers/{server_id}/action', {'reboot': {'type': 'HARD'}})
    # A rejected create echoes nothing of the body into the log either.
    compute.create_server('bad', adminPass=admin_pass, user_data='%%not-base64%%',
                          networks='auto')
    # keystone pipeline: the token is never logged, even when keystone cannot be reached.
    keystone_token = 'gAAAAA' + uuid.uuid4().hex
    dead = f'http://127.0.0.1:{harness.free_port()}'
    ks = _translator(started, tmp_path, emulator.url, token=arktos_token, extra_conf=(
        f'[api]\nauth_strategy = keystone\n[keystone_authtoken]\nwww_authenticate_uri = '
        f'{dead}/v3\nauth_url = {dead}/v3\nauth_type = password\nusername = translator\n'
        'password = service-password-s3cret\nproject_name = service\n'
        'user_domain_name = Default\nproject_domain_name = Default\nhttp_connect_timeout = 1\n'
        'http_request_max_retries = 0\n'))
    assert requests.get(ks.url + '/v2.1/servers', timeout=60,
                        headers={'X-Auth-Token': keystone_token}).status_code in (401, 503)
    for log_path in (server.log_path, ks.log_path):
        log = open(log_path).read()
        assert 'DEBUG' in log                                  # debug really was on
        for secret in (arktos_token, admin_pass, user_data, user_data_secret, keystone_token,
                       'service-password-s3cret'):
            assert secret not in log, f'{secret} leaked into {log_path}'


# policy -------------------------------------------------------------------------

def test_a_policy_file_overrides_a_default(started, tmp_path, arktos):
    policy = tmp_path / 'policy.yaml'
    policy.write_text('"os_compute_api:servers:index": "role:admin"\n')
    url = _translator(started, tmp_path, arktos['url'], token=arktos['token'],
                      extra_conf=f'[oslo_policy]\npolicy_file = {policy}\n').url
    member = api.ComputeAPI(url)
    response = member.get('/servers')
    assert response.status_code == 403
    assert 'os_compute_api:servers:index' in response.json()['forbidden']['message']
    assert member.get('/servers/detail').status_code == 200     # untouched default
    admin = api.ComputeAPI(url, user='admin', project='admin')
    assert admin.get('/servers').status_code == 200


# Reads that Nova, Glance and Neutron serve to anyone with a token, with no policy rule.
UNGUARDED = {
    ('/v2.0/extensions', 'GET'), ('/v2.0/extensions/{alias}', 'GET'),
    ('/flavors', 'GET'), ('/flavors/detail', 'GET'), ('/flavors/{flavor_id}', 'GET'),
    ('/flavors/{flavor_id}/os-extra_specs', 'GET'),
    ('/flavors/{flavor_id}/os-extra_specs/{key}', 'GET'),
    ('/v2/schemas/image', 'GET'), ('/v2/schemas/images', 'GET'),
    ('/v2/schemas/member', 'GET'), ('/v2/schemas/members', 'GET'),
    ('/v2/schemas/metadefs/{kind}', 'GET'),
    ('/v2/info/import', 'GET'), ('/v2/info/stores', 'GET'),
}

_BODIES = {
    ('/servers', 'POST'): {'server': {'name': 'x', 'flavorRef': '1',
                                      'imageRef': api.CIRROS}},
    ('/servers/{server_id}', 'PUT'): {'server': {'name': 'y'}},
    ('/servers/{server_id}/action', 'POST'): {'reboot': {'type': 'SOFT'}},
    ('/flavors', 'POST'): {'flavor': {'name': 'f', 'ram': 64, 'vcpus': 1, 'disk': 1}},
    ('/os-keypairs', 'POST'): {'keypair': {'name': 'k'}},
    ('/flavors/{flavor_id}/action', 'POST'): {'addTenantAccess': {'tenant': 'p'}},
    ('/os-aggregates/{aggregate_id}/action', 'POST'): {'add_host': {'host': 'h'}},
    ('/os-server-groups', 'POST'): {'server_group': {'name': 'g', 'policies': ['affinity']}},
}
# Routes that exist from a microversion on (before, they are 404 as Nova's are).
_VERSIONS = {('/servers/{server_id}/tags', None): '2.26',
             ('/servers/{server_id}/tags/{tag}', None): '2.26',
             ('/flavors/{flavor_id}', 'PUT'): '2.55',
             ('/servers/{server_id}/remote-consoles', None): '2.6',
             ('/resource_providers/{uuid}/aggregates', 'GET'): '1.1',
             ('/resource_providers/{uuid}/traits', 'GET'): '1.6',
             ('/usages', 'GET'): '1.9', ('/allocation_candidates', 'GET'): '1.10',
             ('/resource_classes', 'GET'): '1.2', ('/resource_classes/{name}', 'GET'): '1.2',
             ('/traits', 'GET'): '1.6', ('/traits/{name}', 'GET'): '1.6'}


def _routes():
    for prefix, declarations in (('/v2.1', compute_router.ROUTE_DECLARATIONS),
                                 ('/image', image_router.ROUTE_DECLARATIONS),
                                 ('/networking', network_router.ROUTE_DECLARATIONS),
                                 ('/placement', placement_router.ROUTE_DECLARATIONS)):
        for path, methods in declarations.items():
            for method in methods:
                yield prefix, path, method


def test_every_route_is_guarded_by_a_policy(started, tmp_path, arktos):
    """With every rule of the service set to "never", an admin gets 403 everywhere but
    on the reads Nova, Glance and Neutron leave open: no route skips its policy check."""
    policy = tmp_path / 'deny-all.yaml'
    policy.write_text(yaml.safe_dump({rule.name: '!' for rule in policies.list_rules()}))
    url = _translator(started, tmp_path, arktos['url'], token=arktos['token'],
                      extra_conf=f'[oslo_policy]\npolicy_file = {policy}\n').url
    session = requests.Session()
    session.headers['X-Auth-Token'] = 'admin:admin'
    values = {'server_id': str(uuid.uuid4()), 'flavor_id': '1', 'key': 'hw:cpu_policy',
              'image_id': api.CIRROS, 'keypair_name': 'k', 'project_id': 'admin',
              'network_id': str(uuid.uuid4()), 'security_group_id': str(uuid.uuid4()),
              'server_group_id': str(uuid.uuid4()), 'tag': 'web', 'port_id': str(uuid.uuid4()),
              'network_label': 'default', 'alias': 'os-keypairs', 'request_id': 'req-x',
              'class_name': 'default', 'tenant_id': 'admin'}
    unguarded = []
    for prefix, path, method in _routes():
        if (path, method) in UNGUARDED:
            continue
        body = _BODIES.get((path, method))
        version = _VERSIONS.get((path, method)) or _VERSIONS.get((path, None))
        service = 'placement' if prefix == '/placement' else 'compute'
        headers = {'OpenStack-API-Version': f'{service} {version}'} if version else {}
        data = json.dumps(body if body is not None else {})
        if method == 'PATCH':
            headers['Content-Type'] = 'application/openstack-images-v2.1-json-patch'
            data = json.dumps([{'op': 'replace', 'path': '/name', 'value': 'n'}])
        elif method in ('POST', 'PUT'):
            headers['Content-Type'] = 'application/json'
        else:
            data = None
        # A URL variable without a value of its own gets one: a new route is checked too.
        response = session.request(method, url + prefix + path.format_map(
                                       collections.defaultdict(lambda: 'x', values)), data=data,
                                   headers=headers, timeout=30)
        if response.status_code != 403:
            unguarded.append(f'{method} {prefix}{path}: {response.status_code}')
    assert not unguarded, 'routes that answer without a policy check:\n' + \
        '\n'.join(unguarded)


# translator-manage ------------------------------------------------------------

def _manage(conf_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([MANAGE, '--config-file', str(conf_path), *args],
                          capture_output=True, text=True, timeout=60)


def _conf(tmp_path, url, token=None):
    path = tmp_path / f'manage-{uuid.uuid4().hex[:8]}.conf'
    path.write_text(f'[arktos]\nurl = {url}\n' + (f'token = {token}\n' if token else ''))
    return path


def test_manage_arktos_check(started, tmp_path):
    emulator = started(harness.start_emulator, tmp_path, '--token', 'good-token')
    result = _manage(_conf(tmp_path, emulator.url, 'good-token'), 'arktos', 'check')
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'FAIL' not in result.stdout
    assert 'list tenants' in result.stdout
    wrong = _manage(_conf(tmp_path, emulator.url, 'bad-token'), 'arktos', 'check')
    assert wrong.returncode == 1
    assert "Arktos rejects the service's credentials (a token): 401" in wrong.stdout
    assert 'bad-token' not in wrong.stdout + wrong.stderr
    dead = _manage(_conf(tmp_path, f'http://127.0.0.1:{harness.free_port()}'),
                   'arktos', 'check')
    assert dead.returncode == 1
    assert 'does not answer' in dead.stdout


def test_manage_catalog_load(started, tmp_path):
    emulator = started(harness.start_emulator, tmp_path)
    conf = _conf(tmp_path, emulator.url)
    image_id = str(uuid.uuid4())
    catalog = tmp_path / 'catalog.yaml'
    catalog.write_text(yaml.safe_dump({
        'flavors': [{'id': '1', 'name': 'm1.tiny', 'vcpus': 1, 'ram': 512, 'disk': 1},
                    {'id': 'gpu.large', 'name': 'gpu.large', 'vcpus': 8, 'ram': 32768,
                     'disk': 80, 'extra_specs': {'resources:VGPU': 1}}],
        'images': [{'id': image_id, 'name': 'fedora', 'location': 'example.org/fedora.img',
                    'min_disk': 5, 'properties': {'os_distro': 'fedora'}}]}))
    dry = _manage(conf, 'catalog', 'load', str(catalog), '--dry-run')
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert '(dry run) created   flavor gpu.large' in dry.stdout
    server = _translator(started, tmp_path, emulator.url)
    compute = api.ComputeAPI(server.url, user='admin', project='admin')
    assert compute.get('/flavors/gpu.large').status_code == 404
    result = _manage(conf, 'catalog', 'load', str(catalog))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == \
        'done: 2 created, 0 replaced, 1 unchanged, 0 deleted'
    assert compute.get('/flavors/gpu.large').json()['flavor']['ram'] == 32768
    assert compute.get('/flavors/gpu.large/os-extra_specs').json() == \
        {'extra_specs': {'resources:VGPU': '1'}}
    assert compute.get('/flavors/2').status_code == 200         # defaults stay ...
    again = _manage(conf, 'catalog', 'load', str(catalog))
    assert again.stdout.splitlines()[-1] == \
        'done: 0 created, 0 replaced, 3 unchanged, 0 deleted'
    pruned = _manage(conf, 'catalog', 'load', str(catalog), '--prune')
    assert pruned.returncode == 0
    assert compute.get('/flavors/2').status_code == 404         # ... unless pruned
    names = {i['name'] for i in requests.get(server.url + '/image/v2/images', timeout=10,
                                             headers={'X-Auth-Token': 'admin:admin'}
                                             ).json()['images']}
    assert names == {'fedora'}
    listing = _manage(conf, 'catalog', 'list')
    assert 'gpu.large' in listing.stdout and 'fedora' in listing.stdout


def test_manage_rejects_a_bad_catalog_file(tmp_path):
    bad = tmp_path / 'bad.yaml'
    for content, message in (
            ('flavors:\n  - {id: x, name: y}\n', "flavor 'y' lacks vcpus, ram, disk"),
            ('images:\n  - {id: not-a-uuid, name: i, location: l}\n', 'must be a UUID'),
            ('flavors:\n  - {id: a, name: y, vcpus: 1, ram: 1, disk: 1, colour: red}\n',
             'unknown keys colour'),
            ('servers: []\n', 'expected a mapping')):
        bad.write_text(content)
        result = _manage(_conf(tmp_path, 'http://127.0.0.1:9'), 'catalog', 'load', str(bad))
        assert result.returncode == 2, content
        assert message in result.stdout, result.stdout


def test_every_line_carries_its_own_request_id(started, tmp_path, arktos):
    """keystonemiddleware logs before the context filter: its lines carry the request's
    id and no caller, never those of the request the thread served before."""
    dead_keystone = f'http://127.0.0.1:{harness.free_port()}/v3'
    server = started(harness.start_translator, tmp_path, arktos['url'],
                     token=arktos['token'], conductor=False,
                     auth_conf=f'[api]\nauth_strategy = keystone\nthreads = 1\n'
                               f'[keystone_authtoken]\nwww_authenticate_uri = {dead_keystone}\n'
                               f'auth_url = {dead_keystone}\nauth_type = password\n'
                               'username = translator\npassword = secret\n'
                               'project_name = service\nhttp_connect_timeout = 1\n'
                               'http_request_max_retries = 0\n')
    ids = [requests.get(server.url + path, timeout=30, headers=headers
                        ).headers['x-openstack-request-id']
           for path, headers in [('/v2.1', {}),
                                 ('/v2.1/servers', {'X-Auth-Token': 'not-a-token'}),
                                 ('/', {})]]
    lines = open(server.log_path).read().splitlines()
    authtoken = [line for line in lines if ' keystonemiddleware.' in line]
    assert authtoken, lines[-20:]
    for line in authtoken:
        # The request's id, and '-' for a caller no one has authenticated.
        assert re.search(rf'\[None {ids[1]} (- )+-\] ', line), line
    for request_id in ids:
        access = [line for line in lines if request_id in line and 'status: ' in line]
        assert len(access) == 1, (request_id, lines[-10:])
