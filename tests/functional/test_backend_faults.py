"""An unreachable or hanging Arktos gives a 503 with Retry-After in bounded time."""

import socket
import time

import pytest

from tests import api
from translator.testing import harness

_FAST_TIMEOUTS = 'connect_timeout = 0.5\nread_timeout = 1.0\nmax_retries = 1\nretry_after = 3\n'


@pytest.fixture
def unreachable_arktos(tmp_path):
    """A translator whose Arktos URL points at a closed port."""
    server = harness.start_translator(
        tmp_path, f'http://127.0.0.1:{harness.free_port()}', extra_conf=_FAST_TIMEOUTS)
    yield server.url
    server.stop()


@pytest.fixture
def hanging_arktos(tmp_path):
    """A translator whose Arktos accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(('127.0.0.1', 0))
        listener.listen(64)
        url = f'http://127.0.0.1:{listener.getsockname()[1]}'
        server = harness.start_translator(tmp_path, url, extra_conf=_FAST_TIMEOUTS)
        yield server.url
        server.stop()


def _assert_503(response, elapsed: float, limit: float) -> None:
    assert response.status_code == 503, response.text
    assert response.headers['Retry-After'] == '3'
    fault = response.json()['serviceUnavailable']
    assert fault['code'] == 503 and 'Arktos' in fault['message']
    assert response.headers['x-openstack-request-id'].startswith('req-')
    assert elapsed < limit


@pytest.mark.parametrize('method,path,body', [
    ('GET', '/servers/detail', None),
    ('GET', '/servers/7b0f6ee2-3b42-4b7c-a8c2-57f77a8f7e12', None),
    ('POST', '/servers', {'server': {'name': 'vm', 'flavorRef': '1',
                                     'imageRef': api.CIRROS}}),
])
def test_arktos_down_is_503(unreachable_arktos, method, path, body):
    compute = api.ComputeAPI(unreachable_arktos)
    started = time.monotonic()
    response = compute.request(method, path, json=body)
    _assert_503(response, time.monotonic() - started, 5)


@pytest.mark.parametrize('method,path,body', [
    ('GET', '/servers', None),
    ('POST', '/servers', {'server': {'name': 'vm', 'flavorRef': '1',
                                     'imageRef': api.CIRROS}}),
])
def test_arktos_not_answering_is_503_within_read_timeout(hanging_arktos, method, path, body):
    compute = api.ComputeAPI(hanging_arktos)
    started = time.monotonic()
    response = compute.request(method, path, json=body)
    # One read timeout (1 s): timed-out calls are never retried.
    _assert_503(response, time.monotonic() - started, 3)


def test_versions_need_no_arktos(unreachable_arktos):
    compute = api.ComputeAPI(unreachable_arktos)
    assert compute.get('').status_code == 200
