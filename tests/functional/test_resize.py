"""In-place resize through translator-api and translator-conductor: against the emulator
(with the ``InPlacePodVerticalScaling`` gate) and, with ``--backend arktos``, the real
control plane as its stack was started; against an emulator without the gate resize stays
501."""

import time

import pytest
import requests
from tempest.lib.services.compute import migrations_client

from tests import api, contract
from tests.conformance.test_vertical_scaling import GATE, real_gates
from translator.testing import harness


@pytest.fixture(scope='module')
def gated(arktos, translator):
    """``(translator URL, Arktos URL, token, projects)`` of the service under test, whose
    Arktos has the gate (the session's emulator has it); the tenants of ``projects`` are
    deleted at the end."""
    if arktos['kind'] == 'arktos' and GATE not in (real_gates(arktos) or ()):
        pytest.skip('the real Arktos runs without InPlacePodVerticalScaling')
    url, token = arktos['url'], arktos['token']
    projects: list = []
    yield translator, url, token, projects
    for project in projects:
        compute = api.ComputeAPI(translator, project)
        for server in compute.get('/servers').json()['servers']:
            compute.delete(f'/servers/{server["id"]}')
            api.wait_for_404(compute, server['id'])
        requests.delete(f'{url}/api/v1/tenants/{project}', timeout=10,
                        headers={'Authorization': f'Bearer {token}'} if token else {})


@pytest.fixture(scope='module')
def ungated(tmp_path_factory):
    """A service whose Arktos (an emulator) runs without the gate."""
    workdir = tmp_path_factory.mktemp('ungated')
    emulator = harness.start_emulator(workdir)
    translator = harness.start_translator(workdir, emulator.url)
    try:
        yield translator.url
    finally:
        translator.stop()
        emulator.stop()


def _compute(gated, **kwargs) -> api.ComputeAPI:
    compute = api.ComputeAPI(gated[0], **kwargs)
    gated[3].append(compute.project)
    return compute


def _pod(gated, compute, server_id: str) -> dict:
    _, url, token, _ = gated
    headers = {'Authorization': f'Bearer {token}'} if token else {}
    response = requests.get(f'{url}/api/v1/tenants/{compute.project}/namespaces/default/pods/'
                            f'{server_id}', headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()


def _wait(compute, server_id: str, status: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        server = compute.get(f'/servers/{server_id}').json()['server']
        if server['status'] == status and server['OS-EXT-STS:task_state'] is None:
            return server
        assert time.monotonic() < deadline, server
        time.sleep(0.2)


def test_resize_confirm_and_revert(gated):
    compute = _compute(gated, version='2.80')
    admin = api.ComputeAPI(gated[0], 'admin', 'admin', version='2.80')
    server_id = compute.create_server(networks='auto').json()['server']['id']
    _wait(compute, server_id, 'ACTIVE')
    host = admin.get(f'/servers/{server_id}').json()['server']['OS-EXT-SRV-ATTR:host']
    assert compute.post(f'/servers/{server_id}/action',
                        {'resize': {'flavorRef': '2'}}).status_code == 202
    resized = _wait(compute, server_id, 'VERIFY_RESIZE')
    assert admin.get(f'/servers/{server_id}').json()['server']['OS-EXT-SRV-ATTR:host'] == host
    assert resized['flavor']['vcpus'] == 1 and resized['flavor']['ram'] == 2048
    pod = _pod(gated, compute, server_id)
    assert pod['spec']['virtualMachine']['resources']['limits'] == {'cpu': '1',
                                                                     'memory': '2Gi'}
    migrations = admin.get(f'/os-migrations?instance_uuid={server_id}')
    contract.validate(contract.client_schema(migrations_client.MigrationsClient, '2.80',
                                             'list_migrations'), migrations)
    [migration] = migrations.json()['migrations']
    assert (migration['status'], migration['project_id']) == ('finished', compute.project)
    assert compute.post(f'/servers/{server_id}/action',
                        {'revertResize': None}).status_code == 202
    reverted = _wait(compute, server_id, 'ACTIVE')
    assert reverted['flavor']['ram'] == 512
    assert _pod(gated, compute, server_id)['spec']['virtualMachine']['resources'][
        'limits'] == {'cpu': '1', 'memory': '512Mi'}
    assert compute.post(f'/servers/{server_id}/action',
                        {'resize': {'flavorRef': '2'}}).status_code == 202
    _wait(compute, server_id, 'VERIFY_RESIZE')
    assert compute.post(f'/servers/{server_id}/action',
                        {'confirmResize': None}).status_code == 204
    assert _wait(compute, server_id, 'ACTIVE')['flavor']['ram'] == 2048
    actions = [a['action'] for a in compute.get(
        f'/servers/{server_id}/os-instance-actions').json()['instanceActions']]
    assert actions == ['confirmResize', 'resize', 'revertResize', 'resize', 'create']
    statuses = [m['status'] for m in admin.get(
        f'/os-migrations?instance_uuid={server_id}').json()['migrations']]
    assert statuses == ['confirmed', 'reverted']


def test_a_stopped_server_is_resized_and_stays_stopped(gated):
    compute = _compute(gated)
    server_id = compute.create_server().json()['server']['id']
    _wait(compute, server_id, 'ACTIVE')
    compute.post(f'/servers/{server_id}/action', {'os-stop': None})
    _wait(compute, server_id, 'SHUTOFF')
    assert compute.post(f'/servers/{server_id}/action',
                        {'resize': {'flavorRef': '2'}}).status_code == 202
    _wait(compute, server_id, 'VERIFY_RESIZE')
    assert compute.post(f'/servers/{server_id}/action',
                        {'confirmResize': None}).status_code == 204
    assert _wait(compute, server_id, 'SHUTOFF')['flavor']['id'] == '2'


def test_without_the_gate_resize_is_501(ungated):
    compute = api.ComputeAPI(ungated)
    server_id = compute.create_server().json()['server']['id']
    _wait(compute, server_id, 'ACTIVE')
    for body in ({'resize': {'flavorRef': '2'}}, {'confirmResize': None}):
        response = compute.post(f'/servers/{server_id}/action', body)
        assert response.status_code == 501
        assert 'InPlacePodVerticalScaling' in response.json()['notImplemented']['message']
