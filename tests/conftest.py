"""Fixtures the tiers share: an Arktos (the emulator or the real control plane), the service,
and clients of it."""

import os
import shlex
import subprocess

import pytest
import requests

from tests import api
from translator.testing import harness

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ARKTOS_SHARED_DIR = os.path.join(REPO_ROOT, '..', 'shared', 'arktos')


def pytest_addoption(parser):
    parser.addoption('--backend', choices=('emulator', 'arktos'),
                     default=os.environ.get('TRANSLATOR_TEST_BACKEND', 'emulator'),
                     help='The Arktos the functional tests run against: the emulator, or '
                          'the real control plane ($ARKTOS_URL if set, else started from '
                          '$ARKTOS_SHARED_DIR).')


# The nodes of the real Arktos started here, as arktos-up.sh and the emulator take them.
NODE_SHAPE = ('--nodes', '3', '--node-cpus', '16', '--node-memory', '64Gi', '--max-pods', '110')


def _real_arktos(tmp_path_factory):
    if os.environ.get('ARKTOS_URL'):
        yield {'url': os.environ['ARKTOS_URL'], 'token': os.environ.get('ARKTOS_TOKEN'),
               'ca': os.environ.get('ARKTOS_CA'),
               'state_dir': os.environ.get('ARKTOS_STATE_DIR')}
        return
    shared = os.environ.get('ARKTOS_SHARED_DIR', DEFAULT_ARKTOS_SHARED_DIR)
    if not os.path.exists(os.path.join(shared, 'arktos-up.sh')):
        pytest.skip(f'no real Arktos: $ARKTOS_URL is unset and {shared} has no arktos-up.sh '
                    '(set ARKTOS_URL or ARKTOS_SHARED_DIR)')
    state = tmp_path_factory.mktemp('arktos')
    # Three nodes as large as small compute hosts, so the suite's VMs all fit and server
    # groups have hosts to spread over; in-place resize enabled, as an operator enables it.
    subprocess.run([os.path.join(shared, 'arktos-up.sh'), str(state), *NODE_SHAPE], check=True,
                   stdout=subprocess.DEVNULL,
                   env={**os.environ, 'ARKTOS_EXTRA_GATES': 'InPlacePodVerticalScaling=true'})
    try:
        env = {}
        for line in open(state / 'env.sh'):
            if line.startswith('export '):
                key, value = line[len('export '):].strip().split('=', 1)
                env[key] = shlex.split(value)[0]
        yield {'url': env['ARKTOS_URL'], 'token': None, 'ca': None, 'state_dir': str(state)}
    finally:
        subprocess.run([os.path.join(shared, 'arktos-down.sh'), str(state)], check=True,
                       stdout=subprocess.DEVNULL)


@pytest.fixture(scope='session')
def real_arktos(tmp_path_factory):
    """``{'url', 'token', 'ca', 'state_dir'}`` of the real Arktos control plane (the state
    directory of arktos-up.sh, when known): one per pytest session,
    shared by the functional tests (``--backend arktos``) and the conformance suite.  Skips
    the tests that use it when there is none."""
    yield from _real_arktos(tmp_path_factory)


@pytest.fixture(scope='session')
def arktos(request, tmp_path_factory):
    """``{'url', 'token', 'ca', 'kind'}`` of the Arktos under test (the emulator with
    in-place resize enabled, as the real stack is)."""
    kind = request.config.getoption('--backend')
    if kind == 'arktos':
        yield {**request.getfixturevalue('real_arktos'), 'kind': kind}
        return
    emulator = harness.start_emulator(tmp_path_factory.mktemp('emulator'), '--feature-gates',
                                      f'{harness.RESIZE_GATE}=true')
    try:
        yield {'url': emulator.url, 'token': None, 'ca': None, 'kind': kind}
    finally:
        emulator.stop()


@pytest.fixture(scope='session')
def translator(arktos, tmp_path_factory):
    """Base URL of translator-api (noauth) serving against ``arktos``; projects may have
    any number of servers (tests of quotas start their own)."""
    ca_line = f"ca_file = {arktos['ca']}\n" if arktos.get('ca') else ''
    server = harness.start_translator(tmp_path_factory.mktemp('translator'), arktos['url'],
                                      token=arktos['token'],
                                      extra_conf=ca_line + harness.UNLIMITED_SERVERS)
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _delete_created_servers():
    yield
    while api.ComputeAPI.instances:
        api.ComputeAPI.instances.pop().delete_created()


@pytest.fixture
def compute(translator):
    """A ComputeAPI of ``translator`` for a fresh project at the default microversion (2.1)."""
    return api.ComputeAPI(translator)


@pytest.fixture
def arktos_pods(arktos):
    """Lists the pods of a project straight from Arktos (what really exists there)."""
    def list_pods(project: str) -> list:
        headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
        response = requests.get(f'{arktos["url"]}/api/v1/tenants/{project}/namespaces/'
                                'default/pods', headers=headers, timeout=10)
        if response.status_code == 404:
            return []
        response.raise_for_status()
        return response.json()['items']
    return list_pods
