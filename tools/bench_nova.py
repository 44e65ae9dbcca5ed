#!/usr/bin/env python3
"""Throughput and latency of the translator next to the real nova-api, in one run, on loopback.

    .venv/bin/python tools/bench_nova.py [--servers 1000] [--concurrency 1,8] [--duration 5]
                                         [--microversion 2.100] [--json bench-nova.json]

Installs nova (PyPI) into ``.venvs/nova`` from ``tools/nova/constraints.txt`` once (and wrk
and memcached with apt-get when missing), starts memcached (authtoken's token cache, for both
services) and, through ``translator.testing.harness``, a real Keystone (``tools/keystone``), then:

* nova-api (``nova.wsgi.osapi_compute`` under gunicorn, ``tools/nova/nova_api_wsgi.py``) behind
  keystonemiddleware with SQLite API, cell0 and cell1 databases and ``transport_url = fake://``;
  ``tools/nova/seed.py`` writes the m1.* flavors and ``--servers`` ACTIVE servers (instance,
  mapping, request spec) straight into its databases. Its ``GET /servers/detail`` asks neutron
  for the servers' ports: a stub on loopback answers at once with none.
* the Arktos emulator and translator-api with the keystone pipeline against the same Keystone,
  unlimited quotas, and the same number of servers created by one batch request.

Both run gunicorn gthread, workers = cores, 8 threads, ``debug = false``, ``[api] max_limit``
= ``--servers``; nova's response validation is off (``ignore``: its default ``warn`` validates
every response against its JSON schema, which only makes it slower). With one Keystone token
of the demo user (validated once, then cached), wrk (Debian) measures
``GET /v2.1/servers/detail?limit=N`` (all servers in one page) and ``GET /v2.1/flavors/detail``
at each concurrency. A target whose single request takes longer than ``--duration``/20 would
give wrk too few requests (or hit its 10 s timeout): it is measured by a closed loop of
max(10, 2 x concurrency) requests instead (marked ``*``). Prints rps, p50/p99 and the ratio
translator rps / nova-api rps, writes ``--json``, and stops everything it started by PID.
State and logs go to ``.state/bench-nova/<time>``.
"""

import argparse
import contextlib
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

import bench_api  # tools/, next to this file
import requests

from translator.testing import harness

TOOLS = pathlib.Path(__file__).resolve().parent
REPO = TOOLS.parent

NOVA_VENV = REPO / '.venvs' / 'nova'
TIMEOUT = 600  # seconds for any one setup command or request


def apt_install(*packages: str) -> None:
    """Install Debian packages when root (as tools/run-tests.sh does), else say what is missing."""
    if os.geteuid() != 0 or not shutil.which('apt-get'):
        sys.exit(f'missing: {" ".join(packages)} (apt-get install {" ".join(packages)})')
    install = ['apt-get', 'install', '-y', '-q', *packages]
    if subprocess.run(install, capture_output=True).returncode:
        subprocess.run(['apt-get', 'update', '-q'], check=True, capture_output=True)
        subprocess.run(install, check=True, capture_output=True)


def install_nova(log: pathlib.Path) -> None:
    if (NOVA_VENV / 'bin' / 'nova-manage').exists() and (NOVA_VENV / 'bin' / 'gunicorn').exists():
        return
    if subprocess.run(['python3', '-m', 'venv', NOVA_VENV], capture_output=True).returncode:
        shutil.rmtree(NOVA_VENV, ignore_errors=True)
        apt_install('python3-venv')
        subprocess.run(['python3', '-m', 'venv', NOVA_VENV], check=True)
    pip = [NOVA_VENV / 'bin' / 'pip', 'install', '-q']
    with open(log, 'wb') as out:
        for argv in (pip + ['--upgrade', 'pip'],
                     pip + ['-c', TOOLS / 'nova' / 'constraints.txt', 'nova', 'gunicorn',
                            'python-memcached']):
            subprocess.run(argv, check=True, stdout=out, stderr=subprocess.STDOUT,
                           timeout=TIMEOUT)


@contextlib.contextmanager
def neutron_stub():
    """The URL of a neutron that has no ports (nova-api lists the servers' ports)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def do_GET(self):
            body = json.dumps({'ports' if '/ports' in self.path else 'security_groups': []})
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f'http://127.0.0.1:{server.server_port}'
    finally:
        server.shutdown()
        server.server_close()


def start_nova(state: pathlib.Path, keystone_url: str, memcached: str | None,
               neutron_url: str, user: dict, args) -> harness.ServiceProcess:
    """nova-api with ``args.servers`` servers of ``user``'s project in cell1."""
    etc, logs = state / 'etc', state / 'logs'
    for path in (etc, logs, state / 'lock', state / 'home'):
        path.mkdir(parents=True, exist_ok=True)
    shutil.copy(NOVA_VENV / 'etc' / 'nova' / 'api-paste.ini', etc)
    conf = etc / 'nova.conf'
    conf.write_text(
        f'[DEFAULT]\ntransport_url = fake://\nstate_path = {state}\n'
        f'log_file = {logs}/nova.log\ndebug = false\n'
        f'[api]\nmax_limit = {args.servers}\nresponse_validation = ignore\n'
        f'[api_database]\nconnection = sqlite:///{state}/nova_api.db\n'
        f'[database]\nconnection = sqlite:///{state}/nova.db\n'
        f'[oslo_concurrency]\nlock_path = {state}/lock\n'
        f'[wsgi]\napi_paste_config = {etc}/api-paste.ini\n'
        f'[neutron]\nendpoint_override = {neutron_url}\n'
        + harness.authtoken_conf(keystone_url, memcached))
    env = {**os.environ, 'HOME': str(state / 'home'), 'OS_NOVA_CONFIG_DIR': str(etc)}
    manage = [NOVA_VENV / 'bin' / 'nova-manage', '--config-file', conf]
    with open(logs / 'setup.log', 'wb') as out:
        for argv in (manage + ['api_db', 'sync'],
                     manage + ['cell_v2', 'map_cell0', '--database_connection',
                               f'sqlite:///{state}/nova_cell0.db'],
                     manage + ['cell_v2', 'create_cell', '--name', 'cell1',
                               '--database_connection', f'sqlite:///{state}/nova.db',
                               '--transport-url', 'fake://'],
                     manage + ['db', 'sync'],
                     [NOVA_VENV / 'bin' / 'python', TOOLS / 'nova' / 'seed.py', conf,
                      user['project_id'], user['user_id'], str(args.servers), bench_api.CIRROS]):
            subprocess.run(argv, check=True, env=env, stdout=out, stderr=subprocess.STDOUT,
                           timeout=TIMEOUT)
    port = harness.free_port()
    return harness.ServiceProcess(
        'nova-api', [NOVA_VENV / 'bin' / 'gunicorn', '--chdir', state, '--pythonpath',
                     TOOLS / 'nova', '--bind', f'127.0.0.1:{port}', '--workers',
                     str(os.cpu_count()), '--worker-class', 'gthread', '--threads', '8',
                     '--no-control-socket', 'nova_api_wsgi:application'],
        f'http://127.0.0.1:{port}', '/v2.1', str(logs / 'gunicorn.log'), env=env, timeout=120)


def demo_user(keystone_url: str) -> dict:
    """One project-scoped token of the demo user, with its user and project ids."""
    token = harness.keystone_token(keystone_url, 'demo', 'demo')
    response = requests.get(f'{keystone_url}/auth/tokens', timeout=60,
                            headers={'X-Auth-Token': token, 'X-Subject-Token': token})
    response.raise_for_status()
    body = response.json()['token']
    return {'token': token, 'user_id': body['user']['id'], 'project_id': body['project']['id']}


def servers(url: str, headers: dict, count: int) -> list:
    response = requests.get(f'{url}/v2.1/servers/detail?limit={count}', headers=headers,
                            timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()['servers']


def measure(url: str, headers: dict, concurrency: int, duration: int) -> dict:
    """wrk, or a closed loop of requests when one request is too slow for wrk's run."""
    session = requests.Session()
    session.mount('http://', requests.adapters.HTTPAdapter(pool_maxsize=concurrency))
    latencies = []
    for _ in range(2):  # warm-up: authtoken's cache, lazy imports, connection pools
        started = time.perf_counter()
        session.get(url, headers=headers, timeout=TIMEOUT).raise_for_status()
        latencies.append(time.perf_counter() - started)
    if min(latencies) * 20 <= duration:
        return {**bench_api.wrk(url, headers, concurrency, duration), 'tool': 'wrk'}

    def get(_):
        session.get(url, headers=headers, timeout=TIMEOUT).raise_for_status()
    return {**bench_api.timed_pool(get, range(max(10, 2 * concurrency)), concurrency),
            'tool': 'closed loop'}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--servers', type=int, default=1000)
    parser.add_argument('--duration', type=int, default=5, help='seconds per wrk run')
    parser.add_argument('--concurrency', default='1,8')
    parser.add_argument('--microversion', default='2.100')
    parser.add_argument('--json', default='bench-nova.json')
    args = parser.parse_args()
    state = REPO / '.state' / 'bench-nova' / time.strftime('%Y%m%d-%H%M%S')
    (state / 'logs').mkdir(parents=True)
    for program, package in (('wrk', 'wrk'), ('memcached', 'memcached')):
        if not shutil.which(program):
            apt_install(package)
    started = time.monotonic()
    install_nova(state / 'logs' / 'nova-pip.log')
    print(f'nova venv ready ({time.monotonic() - started:.0f} s)', flush=True)
    endpoints = {'/servers/detail': f'/v2.1/servers/detail?limit={args.servers}',
                 '/flavors/detail': '/v2.1/flavors/detail'}
    results = {}
    with contextlib.ExitStack() as stack:
        memcached = stack.enter_context(harness.memcached())
        arktos = harness.start_emulator(state / 'logs', '--threads', '16')
        stack.callback(arktos.stop)
        env = stack.enter_context(harness.keystone_stack(
            state, arktos.url, memcached_servers=memcached,
            extra_conf=f'pool_maxsize = 64\n[DEFAULT]\ndebug = false\n'
                       f'[api]\nworkers = {os.cpu_count()}\nthreads = 8\n'
                       f'max_limit = {args.servers}\n'
                       f'max_servers_per_request = {args.servers}\n'
                       + harness.UNLIMITED_SERVERS))
        keystone_url, translator_url = env['KEYSTONE_URL'], env['TRANSLATOR_URL']
        user = demo_user(keystone_url)
        headers = {'X-Auth-Token': user['token'],
                   'OpenStack-API-Version': f'compute {args.microversion}'}
        neutron_url = stack.enter_context(neutron_stub())
        nova = start_nova(state / 'nova', keystone_url, memcached, neutron_url, user, args)
        stack.callback(nova.stop)
        bench_api.Bench(translator_url, arktos.url, headers, user['project_id']).seed(
            args.servers)
        deadline = time.monotonic() + 60
        while {s['status'] for s in servers(translator_url, headers, args.servers)} != {
                'ACTIVE'} and time.monotonic() < deadline:
            time.sleep(0.5)
        for name, url in (('translator', translator_url), ('nova-api', nova.url)):
            found = servers(url, headers, args.servers)
            if len(found) != args.servers or {s['status'] for s in found} != {'ACTIVE'}:
                sys.exit(f'{name} lists {len(found)} servers, not {args.servers} ACTIVE')
        print(f'stack up, {args.servers} servers each ({time.monotonic() - started:.0f} s)',
              flush=True)
        for level in [int(c) for c in args.concurrency.split(',')]:
            results[str(level)] = {}
            for endpoint, path in endpoints.items():
                row = {side: measure(url + path, headers, level, args.duration)
                       for side, url in (('translator', translator_url),
                                         ('nova-api', nova.url))}
                row['ratio'] = row['translator']['rps'] / row['nova-api']['rps']
                results[str(level)][endpoint] = row
    print(f'\n{args.servers} servers, microversion {args.microversion}, {os.cpu_count()} cores; '
          'latency in ms; ratio = translator rps / nova-api rps; * = closed loop, not wrk')
    print(f'{"conc":>4} {"endpoint":16} {"translator rps  p50 / p99":>29} '
          f'{"nova-api rps  p50 / p99":>29} {"ratio":>7}')

    def cell(result: dict) -> str:
        mark = '*' if result['tool'] != 'wrk' else ' '
        return f'{result["rps"]:8.1f}{mark} {result["p50"]:8.1f} / {result["p99"]:8.1f}'
    for level, rows in results.items():
        for endpoint, row in rows.items():
            print(f'{level:>4} {endpoint:16} {cell(row["translator"]):>29} '
                  f'{cell(row["nova-api"]):>29} {row["ratio"]:7.1f}')
    worst = min(rows['/servers/detail']['ratio'] for rows in results.values())
    print(f'/servers/detail: translator >= {worst:.1f}x nova-api throughput (target: 10x)')
    errors = sum(row[side].get('errors', 0) for rows in results.values()
                 for row in rows.values() for side in ('translator', 'nova-api'))
    if errors:
        print(f'WARNING: {errors} non-2xx responses during the wrk runs')
    pathlib.Path(args.json).write_text(json.dumps(
        {'servers': args.servers, 'microversion': args.microversion,
         'cores': os.cpu_count(), 'results': results}, indent=2))
    print(f'wrote {args.json}; state and logs in {state}')


if __name__ == '__main__':
    main()
