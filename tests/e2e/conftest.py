"""The end-to-end tier: a real Keystone, the service's keystone pipeline, real clients."""

import contextlib
import os
import shlex
import shutil
import socket
import subprocess
import time

import pytest
import requests

from tests import service
from tests.conftest import REPO_ROOT

KEYSTONE_TOOLS = os.path.join(REPO_ROOT, 'tools', 'keystone')


@contextlib.contextmanager
def _memcached():
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


@pytest.fixture(scope='session')
def memcached():
    with _memcached() as servers:
        yield servers


@pytest.fixture(scope='session')
def stack(arktos, memcached, tmp_path_factory):
    """Keystone (catalog: compute and image at the service) and translator-api behind
    keystonemiddleware ``authtoken``; yields the exports of keystone's env.sh plus
    ``TRANSLATOR_URL``."""
    state = tmp_path_factory.mktemp('keystone')
    keystone_port, translator_port = service.free_port(), service.free_port()
    translator_url = f'http://127.0.0.1:{translator_port}'
    subprocess.run([os.path.join(KEYSTONE_TOOLS, 'keystone-up.sh'), str(state),
                    str(keystone_port), translator_url], check=True, stdout=subprocess.DEVNULL)
    try:
        env = {}
        for line in (state / 'env.sh').read_text().splitlines():
            key, value = line[len('export '):].split('=', 1)
            env[key] = shlex.split(value)[0]
        keystone_url = env['KEYSTONE_URL']
        auth_conf = (
            '[api]\nauth_strategy = keystone\n'
            f'[keystone_authtoken]\nwww_authenticate_uri = {keystone_url}\n'
            f'auth_url = {keystone_url}\nauth_type = password\nusername = translator\n'
            'password = translator-pass\nproject_name = service\n'
            'user_domain_id = default\nproject_domain_id = default\n'
            'service_token_roles_required = true\n'
            + (f'memcached_servers = {memcached}\n' if memcached else ''))
        translator = service.start_translator(
            tmp_path_factory.mktemp('translator-keystone'), arktos['url'],
            token=arktos['token'], port=translator_port, auth_conf=auth_conf)
        try:
            yield {**env, 'TRANSLATOR_URL': translator_url, 'STATE': str(state),
                   'MEMCACHED': memcached}
        finally:
            translator.stop()
    finally:
        subprocess.run([os.path.join(KEYSTONE_TOOLS, 'keystone-down.sh'), str(state)],
                       check=True)


def client_env(stack: dict, user: str, project: str, home) -> dict:
    """``OS_*`` variables for a CLI acting as ``user`` in ``project``."""
    return {**os.environ, 'HOME': str(home), 'OS_AUTH_URL': stack['KEYSTONE_URL'],
            'OS_USERNAME': user, 'OS_PASSWORD': f'{user}-pass', 'OS_PROJECT_NAME': project,
            'OS_USER_DOMAIN_ID': 'default', 'OS_PROJECT_DOMAIN_ID': 'default',
            'OS_IDENTITY_API_VERSION': '3', 'OS_REGION_NAME': 'RegionOne',
            'OS_INTERFACE': 'public'}


def token(stack: dict, user: str, project: str) -> str:
    """A project-scoped token for ``user``."""
    response = requests.post(f'{stack["KEYSTONE_URL"]}/auth/tokens', timeout=30, json={
        'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': 'default'}, 'password': f'{user}-pass'}}},
            'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}})
    response.raise_for_status()
    return response.headers['X-Subject-Token']
