"""In-place resize through the whole pipeline and the conductor, on an Arktos with the
``InPlacePodVerticalScaling`` gate (the emulator here has it, as the real stack does):
the pod's resources and annotations, one of two racing resizes, reads that write
nothing, and ``/os-migrations`` against tempest.lib's schemas."""

import concurrent.futures

import pytest
import requests
from tempest.lib.services.compute import migrations_client

from tests import api, contract
from tests.api import wait_for_status
from translator.backend.arktos import names


def _pod(arktos: dict, compute, server_id: str) -> dict:
    headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
    response = requests.get(f'{arktos["url"]}/api/v1/tenants/{compute.project}/namespaces/'
                            f'default/pods/{server_id}', headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()


@pytest.fixture(autouse=True)
def _forget_the_project(compute, arktos):
    """The project's servers and then its tenant are deleted after the test."""
    yield
    for server in compute.get('/servers').json()['servers']:
        compute.delete(f'/servers/{server["id"]}')
        api.wait_for_404(compute, server['id'])
    headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
    requests.delete(f'{arktos["url"]}/api/v1/tenants/{compute.project}', headers=headers,
                    timeout=10)


@pytest.fixture
def active_server(compute):
    server_id = compute.create_server().json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    return server_id


def _act(compute, server_id: str, body: dict):
    return compute.post(f'/servers/{server_id}/action', body)


def test_resize_patches_the_pod_and_is_verified_once_the_vm_runs_again(compute, arktos,
                                                                        active_server):
    before = _pod(arktos, compute, active_server)
    assert before['spec']['virtualMachine']['resizePolicy']
    assert _act(compute, active_server, {'resize': {'flavorRef': '2'}}).status_code == 202
    pod = _pod(arktos, compute, active_server)
    annotations = pod['metadata']['annotations']
    assert pod['spec']['virtualMachine']['resources']['limits'] == {'cpu': '1',
                                                                    'memory': '2Gi'}
    assert annotations[names.ANN_RESIZE_VM] == \
        before['status']['virtualMachineStatus']['virtualMachineId']
    assert pod['metadata']['labels'][names.LABEL_MIGRATED] == 'true'
    server = wait_for_status(compute, active_server, 'VERIFY_RESIZE')
    assert server['OS-EXT-STS:vm_state'] == 'resized'
    # Showing a server waiting to be confirmed writes nothing.
    version = _pod(arktos, compute, active_server)['metadata']['resourceVersion']
    compute.get(f'/servers/{active_server}')
    assert _pod(arktos, compute, active_server)['metadata']['resourceVersion'] == version
    assert _act(compute, active_server, {'confirmResize': None}).status_code == 204
    pod = _pod(arktos, compute, active_server)
    assert names.ANN_RESIZE_FROM not in pod['metadata']['annotations']
    assert wait_for_status(compute, active_server, 'ACTIVE')['flavor']['id'] == '2'


def test_of_two_racing_resizes_one_wins(compute, active_server):
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        codes = sorted(pool.map(
            lambda flavor: _act(compute, active_server,
                                {'resize': {'flavorRef': flavor}}).status_code, ['2', '3']))
    assert codes == [202, 409]
    wait_for_status(compute, active_server, 'VERIFY_RESIZE')
    assert _act(compute, active_server, {'revertResize': None}).status_code == 202
    assert wait_for_status(compute, active_server, 'ACTIVE')['flavor']['id'] == '1'


@pytest.mark.parametrize('version', ['2.1', '2.23', '2.59', '2.80'])
def test_os_migrations_in_novas_shapes(translator, compute, active_server, version):
    assert _act(compute, active_server, {'resize': {'flavorRef': '2'}}).status_code == 202
    wait_for_status(compute, active_server, 'VERIFY_RESIZE')
    admin = api.ComputeAPI(translator, 'admin', 'admin', version=version)
    response = admin.get(f'/os-migrations?instance_uuid={active_server}')
    contract.validate(contract.client_schema(migrations_client.MigrationsClient, version,
                                             'list_migrations'), response)
    [migration] = response.json()['migrations']
    assert (migration['status'], migration['old_instance_type_id'],
            migration['new_instance_type_id']) == ('finished', 1, 2)
    assert migration['source_compute'] == migration['dest_compute'] is not None
