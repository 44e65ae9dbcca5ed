"""A real Keystone (``tools/keystone``) with translator-api behind keystonemiddleware, and
memcached for its token cache: shared by the e2e tier and the benchmarks."""

import contextlib
import os
import shlex
import shutil
import socket
import subprocess
import time

import requests

from tests import service
from tests.conftest import REPO_ROOT

KEYSTONE_TOOLS = os.path.join(REPO_ROOT, 'tools', 'keystone')


@contextlib.contextmanager
def memcached():
    """A memcached on a free loopback port for authtoken's token cache, if installed."""
    binary = shutil.which('memcached')
    if binary is None:
        yield None
        return
    port = service.free_port()
    process = subprocess.Popen([binary, '-l', '127.0.0.1', '-p', str(port), '-U', '0',
                                '-u', 'root', '-m', '64'])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, 'memcached did not start'
                time.sleep(0.05)
        yield f'127.0.0.1:{port}'
    finally:
        process.terminate()
        process.wait(timeout=10)


def authtoken_conf(keystone_url: str, memcached_servers: str | None = None) -> str:
    """``[keystone_authtoken]`` for a service validating tokens as the ``translator``
    service user that ``tools/keystone/resources.py`` creates."""
    return (f'[keystone_authtoken]\nwww_authenticate_uri = {keystone_url}\n'
            f'auth_url = {keystone_url}\nauth_type = password\nusername = translator\n'
            'password = translator-pass\nproject_name = service\n'
            'user_domain_id = default\nproject_domain_id = default\n'
            'service_token_roles_required = true\n'
            + (f'memcached_servers = {memcached_servers}\n' if memcached_servers else ''))


@contextlib.contextmanager
def stack(workdir, arktos_url: str, *, arktos_token: str | None = None,
          memcached_servers: str | None = None, extra_conf: str = ''):
    """Keystone (catalog: compute and image at the service) in ``workdir/keystone`` and
    translator-api behind ``authtoken``; yields the exports of keystone's env.sh plus
    ``TRANSLATOR_URL`` and ``STATE``."""
    state = workdir / 'keystone'
    state.mkdir(parents=True, exist_ok=True)
    keystone_port, translator_port = service.free_port(), service.free_port()
    translator_url = f'http://127.0.0.1:{translator_port}'
    subprocess.run([os.path.join(KEYSTONE_TOOLS, 'keystone-up.sh'), str(state),
                    str(keystone_port), translator_url], check=True, stdout=subprocess.DEVNULL)
    try:
        env = {}
        for line in (state / 'env.sh').read_text().splitlines():
            key, value = line[len('export '):].split('=', 1)
            env[key] = shlex.split(value)[0]
        auth_conf = ('[api]\nauth_strategy = keystone\n'
                     + authtoken_conf(env['KEYSTONE_URL'], memcached_servers))
        translator_dir = workdir / 'translator-keystone'
        translator_dir.mkdir(exist_ok=True)
        translator = service.start_translator(
            translator_dir, arktos_url, token=arktos_token, port=translator_port,
            auth_conf=auth_conf, extra_conf=extra_conf)
        try:
            yield {**env, 'TRANSLATOR_URL': translator_url, 'STATE': str(state),
                   'MEMCACHED': memcached_servers}
        finally:
            translator.stop()
    finally:
        subprocess.run([os.path.join(KEYSTONE_TOOLS, 'keystone-down.sh'), str(state)],
                       check=True)


def token(keystone_url: str, user: str, project: str) -> str:
    """A project-scoped token for ``user`` (password ``<user>-pass``, as
    ``tools/keystone/resources.py`` creates them)."""
    response = requests.post(f'{keystone_url}/auth/tokens', timeout=30, json={
        'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': 'default'}, 'password': f'{user}-pass'}}},
            'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}})
    response.raise_for_status()
    return response.headers['X-Subject-Token']
