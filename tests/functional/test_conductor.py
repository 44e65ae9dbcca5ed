"""Reads never write to Arktos; translator-conductor finishes tasks nobody polls, after
being killed mid-task, and exactly once when several conductors run."""

import collections
import os
import re
import signal
import time

import pytest
import requests

from tests import api
from tests.api import wait_for_status
from tests.functional import recording_proxy
from translator.backend import catalog
from translator.backend.arktos import names
from translator.testing import harness

UBUNTU = catalog.IMAGES[1].id
_TASK_LINE = re.compile(r'Server (\S+): task (\S+) (.+)$')
_IMAGE_LINE = re.compile(r'Image (\S+): (active|killed)$')


def _pod(arktos: dict, project: str, server_id: str) -> dict:
    headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
    response = requests.get(f'{arktos["url"]}/api/v1/tenants/{project}/namespaces/default/'
                            f'pods/{server_id}', headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()


def _wait_for_tasks_to_end(arktos: dict, project: str, server_ids: list,
                           timeout: float = 90.0) -> None:
    """Wait, asking Arktos only (never the API), until no server records a task."""
    deadline = time.monotonic() + timeout
    pending = list(server_ids)
    while pending:
        pending = [server_id for server_id in pending
                   if names.LABEL_TASK in (_pod(arktos, project, server_id)['metadata']
                                           .get('labels') or {})]
        if pending and time.monotonic() > deadline:
            raise AssertionError(f'tasks still recorded on {pending}')
        time.sleep(0.5)


def _active_servers(compute: api.ComputeAPI, count: int) -> list:
    ids = [compute.create_server(f'vm{index}', networks='auto').json()['server']['id']
           for index in range(count)]
    for server_id in ids:
        wait_for_status(compute, server_id, 'ACTIVE')
    return ids


def _start_tasks(compute: api.ComputeAPI, reboot: str, snapshot: str, rebuild: str) -> str:
    """A reboot (Arktos Action), a snapshot (Action + image) and a rebuild onto another
    image (power cycle); the snapshot's image id."""
    assert compute.post(f'/servers/{reboot}/action',
                        {'reboot': {'type': 'SOFT'}}).status_code == 202
    response = compute.post(f'/servers/{snapshot}/action', {'createImage': {'name': 'snap'}})
    assert response.status_code == 202, response.text
    assert compute.post(f'/servers/{rebuild}/action',
                        {'rebuild': {'imageRef': UBUNTU}}).status_code == 202
    return response.json()['image_id']


def _image(compute: api.ComputeAPI, image_id: str) -> requests.Response:
    return api.ImageAPI(compute.base_url, compute.project).get(f'/v2/images/{image_id}')


def _conductor_transitions(*conductors: harness.ServiceProcess) -> collections.Counter:
    counts = collections.Counter()
    for conductor in conductors:
        with open(conductor.log_path) as log:
            for line in log:
                match = _TASK_LINE.search(line) or _IMAGE_LINE.search(line)
                if match:
                    counts[match.groups()] += 1
    return counts


@pytest.fixture
def proxied(arktos, tmp_path):
    """translator-api without a conductor, reaching Arktos through a recording proxy; the
    other tests' conductors are paused, so only the conductors a test starts work."""
    proxy = recording_proxy.RecordingProxy(arktos['url'], arktos['token'])
    with harness.other_conductors_paused():
        server = harness.start_translator(tmp_path, proxy.url,
                                          extra_conf=harness.UNLIMITED_SERVERS,
                                          conductor=False)
        try:
            yield server, proxy
        finally:
            server.stop()
            proxy.stop()


def test_reads_make_no_write_to_arktos(proxied):
    server, proxy = proxied
    compute = api.ComputeAPI(server.url, version='2.60')
    reboot, snapshot, rebuild = _active_servers(compute, 3)
    image_id = _start_tasks(compute, reboot, snapshot, rebuild)
    before = len(proxy.writes())
    # Long enough for Arktos to finish the Actions and for the grace period of a task
    # whose Action is missing: nothing may be written on the client's behalf.
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline:
        for server_id in (reboot, snapshot, rebuild):
            assert compute.get(f'/servers/{server_id}').status_code == 200
        assert compute.get('/servers/detail').status_code == 200
        assert _image(compute, image_id).status_code == 200
        assert requests.get(f'{server.url}/image/v2/images', timeout=10,
                            headers=compute.session.headers).status_code == 200
        assert compute.get('/flavors/detail').status_code == 200
        time.sleep(0.5)
    assert proxy.writes()[before:] == []
    # Without a conductor the recorded tasks stay: the pod is the truth.
    shown = {server_id: compute.get(f'/servers/{server_id}').json()['server']
             for server_id in (reboot, snapshot, rebuild)}
    assert [s['OS-EXT-STS:task_state'] for s in shown.values()] == \
        ['rebooting', 'image_snapshot', 'rebuilding']
    assert _image(compute, image_id).json()['status'] == 'saving'


def test_conductor_finishes_tasks_nobody_polls(translator, arktos):
    compute = api.ComputeAPI(translator, version='2.60')
    servers = _active_servers(compute, 3)
    image_id = _start_tasks(compute, *servers)
    _wait_for_tasks_to_end(arktos, compute.project, servers)
    for server_id in servers:
        shown = compute.get(f'/servers/{server_id}').json()['server']
        assert (shown['status'], shown['OS-EXT-STS:task_state']) == ('ACTIVE', None)
        assert 'fault' not in shown
    assert compute.get(f'/servers/{servers[2]}').json()['server']['image']['id'] == UBUNTU
    assert _image(compute, image_id).json()['status'] == 'active'


def test_conductor_killed_mid_task_finishes_it_when_started_again(proxied, arktos, tmp_path):
    server, _ = proxied
    compute = api.ComputeAPI(server.url, version='2.60')
    (server_id,) = _active_servers(compute, 1)
    conf = next(tmp_path.glob('translator-*.conf'))
    first = harness.start_conductor(tmp_path, conf, 'first')
    assert compute.post(f'/servers/{server_id}/action',
                        {'rebuild': {'imageRef': UBUNTU}}).status_code == 202
    os.killpg(first.process.pid, signal.SIGKILL)
    first.stop()
    time.sleep(3)
    assert names.ANN_CYCLE_PHASE in _pod(arktos, compute.project, server_id)['metadata'][
        'annotations']
    second = harness.start_conductor(tmp_path, conf, 'second')
    try:
        _wait_for_tasks_to_end(arktos, compute.project, [server_id])
    finally:
        second.stop()
    shown = wait_for_status(compute, server_id, 'ACTIVE')
    assert shown['image']['id'] == UBUNTU


def test_two_conductors_make_each_transition_once(proxied, arktos, tmp_path):
    server, _ = proxied
    compute = api.ComputeAPI(server.url, version='2.60')
    conf = next(tmp_path.glob('translator-*.conf'))
    conductors = [harness.start_conductor(tmp_path, conf, host) for host in ('one', 'two')]
    try:
        servers = _active_servers(compute, 4)
        image_id = _start_tasks(compute, *servers[:3])
        assert compute.post(f'/servers/{servers[3]}/action',
                            {'rebuild': {'imageRef': UBUNTU}}).status_code == 202
        _wait_for_tasks_to_end(arktos, compute.project, servers)
    finally:
        for conductor in conductors:
            conductor.stop()
    reboot, snapshot, cycled, also_cycled = servers
    assert _conductor_transitions(*conductors) == {
        (reboot, 'rebooting', 'finished'): 1,
        (snapshot, 'image_snapshot', 'finished'): 1,
        (image_id, 'active'): 1,
        (cycled, 'rebuilding', 'power cycle started again'): 1,
        (cycled, 'rebuilding', 'finished'): 1,
        (also_cycled, 'rebuilding', 'power cycle started again'): 1,
        (also_cycled, 'rebuilding', 'finished'): 1,
    }
