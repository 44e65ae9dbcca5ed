"""Admins see and act on every project's servers (``all_tenants``, show, update,
actions, sub-resources, delete); everyone else keeps seeing only their own."""

import uuid

import pytest

from tests import api
from tests.api import wait_for_404, wait_for_status


@pytest.fixture
def two_projects(translator):
    """Two projects with a server each (as their member alice), and an admin."""
    owners = [api.ComputeAPI(translator) for _ in range(2)]
    ids = [owner.create_server(f'own{i}').json()['server']['id']
           for i, owner in enumerate(owners)]
    for owner, server_id in zip(owners, ids, strict=True):
        wait_for_status(owner, server_id, 'ACTIVE')
    admin = api.ComputeAPI(translator, project=api.new_project(), user='admin')
    return admin, owners, ids


def _ids(response) -> list:
    assert response.status_code == 200, response.text
    return [server['id'] for server in response.json()['servers']]


def test_admin_lists_every_project(two_projects):
    admin, owners, ids = two_projects
    listed = admin.get('/servers/detail?all_tenants=1').json()['servers']
    by_id = {server['id']: server for server in listed}
    for owner, server_id in zip(owners, ids, strict=True):
        assert by_id[server_id]['tenant_id'] == owner.project
    assert set(ids) <= set(_ids(admin.get('/servers?all_tenants=true')))
    assert _ids(admin.get(f'/servers?all_tenants=1&project_id={owners[0].project}')) == \
        [ids[0]]
    assert _ids(admin.get(f'/servers?all_tenants=1&tenant_id={owners[1].project}')) == \
        [ids[1]]
    assert _ids(admin.get('/servers?all_tenants=0')) == []  # the admin's own project
    # Paging across projects.
    first = _ids(admin.get('/servers?all_tenants=1&limit=1'))
    assert len(first) == 1
    rest = _ids(admin.get(f'/servers?all_tenants=1&marker={first[0]}'))
    assert first[0] not in rest and set(ids) <= set(first + rest)


def test_members_cannot_list_all_projects(two_projects):
    _, owners, ids = two_projects
    assert owners[0].get('/servers?all_tenants=1').status_code == 403
    assert _ids(owners[0].get('/servers')) == [ids[0]]


def test_admin_acts_on_another_projects_server(two_projects):
    admin, owners, ids = two_projects
    owner, server_id = owners[0], ids[0]
    shown = admin.get(f'/servers/{server_id}')
    assert shown.status_code == 200 and shown.json()['server']['tenant_id'] == owner.project
    # Where it runs is for admins (Nova's extended server attributes).
    assert shown.json()['server']['OS-EXT-SRV-ATTR:host']
    assert 'OS-EXT-SRV-ATTR:host' not in owner.get(f'/servers/{server_id}').json()['server']
    assert admin.put(f'/servers/{server_id}', {'server': {'name': 'renamed'}}).status_code == 200
    assert admin.post(f'/servers/{server_id}/metadata',
                      {'metadata': {'by': 'admin'}}).status_code == 200
    assert admin.post(f'/servers/{server_id}/action',
                      {'reboot': {'type': 'SOFT'}}).status_code == 202
    server = wait_for_status(owner, server_id, 'ACTIVE')
    assert (server['name'], server['metadata']) == ('renamed', {'by': 'admin'})
    # Still invisible to other members.
    assert owners[1].get(f'/servers/{server_id}').status_code == 404
    assert owners[1].post(f'/servers/{server_id}/action',
                          {'reboot': {'type': 'SOFT'}}).status_code == 404
    assert admin.get(f'/servers/{uuid.uuid4()}').status_code == 404
    assert admin.delete(f'/servers/{server_id}').status_code == 204
    wait_for_404(owner, server_id)


def test_admins_reset_a_servers_state(two_projects):
    admin, owners, ids = two_projects
    owner, server_id = owners[0], ids[0]
    reset = {'os-resetState': {'state': 'error'}}
    assert owner.post(f'/servers/{server_id}/action', reset).status_code == 403
    assert admin.post(f'/servers/{server_id}/action', reset).status_code == 202
    shown = owner.get(f'/servers/{server_id}').json()['server']
    assert (shown['status'], shown['OS-EXT-STS:task_state']) == ('ERROR', None)
    assert admin.post(f'/servers/{server_id}/action',
                      {'os-resetState': {'state': 'active'}}).status_code == 202
    wait_for_status(owner, server_id, 'ACTIVE')
    assert admin.post(f'/servers/{server_id}/action',
                      {'os-resetState': {'state': 'paused'}}).status_code == 400
    # From ERROR a member's hard reboot brings it back, as in Nova.
    admin.post(f'/servers/{server_id}/action', reset)
    assert owner.post(f'/servers/{server_id}/action',
                      {'reboot': {'type': 'HARD'}}).status_code == 202
    wait_for_status(owner, server_id, 'ACTIVE')
