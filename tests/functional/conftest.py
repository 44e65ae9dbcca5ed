"""Fixtures of the functional tier."""

import time

import pytest
import requests

from tests.functional import api


@pytest.fixture(autouse=True)
def _delete_created_servers():
    yield
    while api.ComputeAPI.instances:
        api.ComputeAPI.instances.pop().delete_created()


@pytest.fixture
def compute(translator):
    """A ComputeAPI for a fresh project at the default microversion (2.1)."""
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


def wait_for_status(compute: api.ComputeAPI, server_id: str, status: str,
                    timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        server = compute.get(f'/servers/{server_id}').json()['server']
        if server['status'] == status and server['OS-EXT-STS:task_state'] is None:
            return server
        if time.monotonic() > deadline:
            raise AssertionError(f'{server_id} is {server["status"]}, not {status}')
        time.sleep(0.2)


def wait_for_404(compute: api.ComputeAPI, server_id: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while compute.get(f'/servers/{server_id}').status_code != 404:
        if time.monotonic() > deadline:
            raise AssertionError(f'{server_id} still exists')
        time.sleep(0.2)
