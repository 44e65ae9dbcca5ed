"""Arktos failing in every way: bounded answers in Nova's fault shape, and recovery.

Faults are injected with the emulator's knobs; these tests skip on real Arktos.
"""

import concurrent.futures
import time

import pytest
import requests

from tests import api
from tests.api import wait_for_status
from translator.testing import harness

_TIMEOUTS = 'connect_timeout = 0.5\nread_timeout = 1.5\nmax_retries = 2\nmax_retry_after = 1\n'


@pytest.fixture
def faulty(arktos, tmp_path):
    """``(compute, set_faults)``: a translator with short timeouts over the emulator."""
    if arktos['kind'] != 'emulator':
        pytest.skip('fault injection needs the emulator')
    url = arktos['url'] + '/_emulator/faults'
    server = harness.start_translator(tmp_path, arktos['url'], extra_conf=_TIMEOUTS)
    compute = api.ComputeAPI(server.url)
    yield compute, lambda **knobs: requests.put(url, json=knobs, timeout=5).raise_for_status()
    requests.delete(url, timeout=5)
    server.stop()


def _requests(compute, server_id):
    return [('GET', '/servers/detail', None), ('GET', f'/servers/{server_id}', None),
            ('POST', '/servers', {'server': {'name': 'x', 'flavorRef': '1',
                                             'imageRef': api.CIRROS}}),
            ('PUT', f'/servers/{server_id}', {'server': {'name': 'y'}}),
            ('POST', f'/servers/{server_id}/action', {'reboot': {'type': 'HARD'}}),
            ('DELETE', f'/servers/{server_id}', None), ('GET', '/flavors/detail', None)]


@pytest.mark.parametrize('knobs,limit', [
    ({'down': True}, 3), ({'down': True, 'down_mode': 'close'}, 3),
    ({'error_rate': 1.0, 'error_code': 500}, 3), ({'error_rate': 1.0, 'error_code': 503}, 3),
    ({'throttle_rate': 1.0}, 5), ({'latency_ms': 4000}, 4),
])
def test_every_request_ends_in_a_bounded_503_and_the_service_recovers(faulty, knobs, limit):
    compute, set_faults = faulty
    server_id = compute.create_server().json()['server']['id']
    set_faults(**knobs)
    for method, path, body in _requests(compute, server_id):
        started = time.monotonic()
        response = compute.request(method, path, json=body)
        elapsed = time.monotonic() - started
        assert response.status_code == 503, (method, path, response.text)
        assert int(response.headers['Retry-After']) >= 1
        assert response.json()['serviceUnavailable']['code'] == 503
        assert elapsed < limit, (method, path, elapsed)
    set_faults()
    wait_for_status(compute, server_id, 'ACTIVE')
    assert compute.delete(f'/servers/{server_id}').status_code == 204


def test_a_short_429_storm_is_absorbed_by_retries(faulty):
    compute, set_faults = faulty
    compute.create_server('warm')  # provisions the project's tenant
    set_faults(throttle_next=2)
    response = compute.create_server('after-storm')
    assert response.status_code == 202, response.text


def test_concurrent_creates_and_deletes_from_several_projects(translator, arktos_pods):
    projects = [api.ComputeAPI(translator) for _ in range(5)]

    def create(compute, index):
        return compute.create_server(f'c{index}').json()['server']['id']

    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        created = {compute.project: list(pool.map(lambda i, c=compute: create(c, i), range(10)))
                   for compute in projects}
        for compute in projects:
            doomed = created[compute.project][:5]
            statuses = list(pool.map(
                lambda server_id, c=compute: c.delete(f'/servers/{server_id}').status_code,
                doomed))
            assert statuses == [204] * 5
    for compute in projects:
        kept = set(created[compute.project][5:])
        deadline = time.monotonic() + 30
        while True:
            listed = {s['id'] for s in compute.get('/servers').json()['servers']}
            pods = {p['metadata']['name'] for p in arktos_pods(compute.project)
                    if not p['metadata'].get('deletionTimestamp')}
            if listed == kept == pods:
                break
            assert time.monotonic() < deadline, (listed, kept, pods)
            time.sleep(0.3)
        for server_id in kept:
            assert compute.get(f'/servers/{server_id}').status_code == 200


def test_no_name_pattern_holds_a_worker(translator):
    """``^(a+)+$`` against ``a…a!`` backtracks for ages in Python's re (a worker froze until
    gunicorn killed it, ~30 s): on RE2 it is answered at once, and so is everyone else."""
    compute = api.ComputeAPI(translator)
    assert compute.create_server('a' * 60 + '!').status_code == 202
    other = api.ComputeAPI(translator)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        lists = [pool.submit(compute.get, '/servers', params={'name': pattern})
                 for pattern in ('^(a+)+$', '^(a|aa)+$', '(a*)*b')]
        flavors = pool.submit(other.get, '/flavors')
        assert flavors.result(timeout=5).status_code == 200
        for response in (future.result(timeout=5) for future in lists):
            assert response.status_code == 200
            assert response.json()['servers'] == []
    assert time.monotonic() - started < 5
    assert [s['name'] for s in compute.get('/servers?name=^a%2B!$').json()['servers']] == \
        ['a' * 60 + '!']
