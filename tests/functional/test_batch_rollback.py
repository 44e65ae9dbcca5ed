"""A failed batch leaves nothing, whatever fails: Arktos killed or stalled mid-batch gives a
503 within the normal timeout, and translator-conductor deletes what the rollback could
not (emulator fault injection, and a cutting proxy in front of real Arktos)."""

import threading
import time

import pytest
import requests

from tests import api
from tests.functional import recording_proxy
from translator.testing import harness

# One second per Arktos call; creates given up on are finished after 2 s.
CONF = ('connect_timeout = 0.5\nread_timeout = 1.0\nmax_retries = 1\nretry_after = 1\n'
        '[quota]\ninstances = 40\ncores = -1\nram = -1\n'
        '[conductor]\nbatch_timeout = 2\nsweep_interval = 1\n')
RESERVATIONS = 'nova-quota-reservations'


@pytest.fixture
def faulty(arktos, tmp_path):
    """translator-api and its conductor against the emulator, whose faults the test sets."""
    if arktos['kind'] != 'emulator':
        pytest.skip('fault injection needs the emulator')
    faults = arktos['url'] + '/_emulator/faults'
    with harness.other_conductors_paused():
        server = harness.start_translator(tmp_path, arktos['url'], extra_conf=CONF)
        try:
            yield server.url, lambda **knobs: requests.put(faults, json=knobs,
                                                           timeout=5).raise_for_status()
        finally:
            requests.delete(faults, timeout=5)
            server.stop()


def _arktos_get(arktos, path: str) -> requests.Response:
    headers = {'Authorization': f"Bearer {arktos['token']}"} if arktos.get('token') else {}
    return requests.get(f"{arktos['url']}{path}", headers=headers, timeout=5)


def _pods(arktos, project: str) -> list:
    response = _arktos_get(arktos, f'/api/v1/tenants/{project}/namespaces/default/pods')
    return response.json().get('items', []) if response.ok else []


def _reservations(arktos, project: str) -> dict:
    response = _arktos_get(arktos, f'/api/v1/tenants/{project}/namespaces/default/'
                                   f'configmaps/{RESERVATIONS}')
    return response.json().get('data') or {} if response.ok else {}


def _wait_until_empty(arktos, project: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while _pods(arktos, project) or _reservations(arktos, project):
        assert time.monotonic() < deadline, (len(_pods(arktos, project)),
                                             _reservations(arktos, project))
        time.sleep(0.2)


def _provisioned(url: str) -> api.ComputeAPI:
    """A project whose tenant exists (its first server was created and deleted)."""
    compute = api.ComputeAPI(url)
    response = compute.create_server('first')
    assert response.status_code == 202, response.text
    compute.delete(f"/servers/{response.json()['server']['id']}")
    compute.created.clear()
    return compute


def test_arktos_killed_mid_batch(faulty, arktos):
    url, set_faults = faulty
    compute = _provisioned(url)
    set_faults(latency_ms=300, match=f'POST /api/v1/tenants/{compute.project}/namespaces/'
                                     'default/pods')
    killer = threading.Timer(0.7, lambda: set_faults(down=True, down_mode='close'))
    killer.start()
    started = time.monotonic()
    response = compute.create_server('b', min_count=20, max_count=20)
    elapsed = time.monotonic() - started
    killer.join()
    assert response.status_code == 503, response.text
    assert response.headers['Retry-After']
    assert elapsed < 5
    set_faults()
    left = _pods(arktos, compute.project)
    # The rollback could not delete them: they wait, uncommitted, for the conductor.
    assert left and all(pod['metadata']['labels']['nova.openstack.org/uncommitted'] == 'true'
                        and pod['metadata']['annotations']['nova.openstack.org/min-count']
                        == '20' for pod in left)
    assert compute.get('/servers').status_code == 200
    _wait_until_empty(arktos, compute.project)


def test_arktos_stalling_mid_batch(faulty, arktos):
    url, set_faults = faulty
    compute = _provisioned(url)
    # Arktos takes 3 s per pod (and then creates it): every create times out after 1 s.
    set_faults(latency_ms=3000, match=f'POST /api/v1/tenants/{compute.project}/namespaces/'
                                      'default/pods')
    started = time.monotonic()
    response = compute.create_server('s', min_count=3, max_count=3)
    assert response.status_code == 503, response.text
    assert time.monotonic() - started < 3
    time.sleep(3)
    set_faults()
    assert len(_pods(arktos, compute.project)) == 3
    _wait_until_empty(arktos, compute.project)


@pytest.fixture
def cut_off(arktos, tmp_path):
    """translator-api reaching Arktos (either kind) through a proxy the test cuts, and
    a conductor that reaches it directly."""
    proxy = recording_proxy.RecordingProxy(arktos['url'], arktos['token'])
    with harness.other_conductors_paused():
        server = harness.start_translator(tmp_path, proxy.url, extra_conf=CONF,
                                          conductor=False)
        conductor_conf = tmp_path / 'direct.conf'
        token_line = f"token = {arktos['token']}\n" if arktos['token'] else ''
        conductor_conf.write_text(f"[arktos]\nurl = {arktos['url']}\n{token_line}{CONF}")
        conductor = harness.start_conductor(str(tmp_path), str(conductor_conf), 'direct')
        try:
            yield server.url, proxy
        finally:
            conductor.stop()
            server.stop()
            proxy.stop()


def test_arktos_cut_off_mid_batch(cut_off, arktos):
    """Five pods in, Arktos is unreachable: the client gets a 503 in time, and once
    Arktos is back the conductor deletes what the batch left (real Arktos too)."""
    url, proxy = cut_off
    compute = _provisioned(url)
    proxy.go_down_after(f'POST /api/v1/tenants/{compute.project}/namespaces/default/pods', 5)
    started = time.monotonic()
    response = compute.create_server('c', min_count=10, max_count=10)
    assert response.status_code == 503, response.text
    assert response.headers['Retry-After']
    assert time.monotonic() - started < 8
    left = _pods(arktos, compute.project)
    assert 0 < len(left) <= 5
    assert all(pod['metadata']['labels'].get('nova.openstack.org/uncommitted') == 'true'
               for pod in left)
    proxy.recover()
    _wait_until_empty(arktos, compute.project, timeout=40)
