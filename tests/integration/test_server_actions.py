"""Server actions and their task states, as Nova does them, through the whole pipeline."""

import concurrent.futures
import time
import uuid

import pytest

from tests import api
from tests.api import wait_for_404, wait_for_status


@pytest.fixture
def active_server(compute):
    server_id = compute.create_server().json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    return server_id


def _act(compute, server_id, body):
    return compute.post(f'/servers/{server_id}/action', body)


def _show(compute, server_id) -> dict:
    return compute.get(f'/servers/{server_id}').json()['server']


def _conflict(response, message: str) -> None:
    assert response.status_code == 409, response.text
    assert response.json() == {'conflictingRequest': {'code': 409, 'message': message}}


@pytest.mark.parametrize('kind,status,task', [('SOFT', 'REBOOT', 'rebooting'),
                                              ('hard', 'HARD_REBOOT', 'rebooting_hard')])
def test_reboot_shows_its_task_at_once_and_ends_active(compute, active_server, kind, status,
                                                       task):
    response = _act(compute, active_server, {'reboot': {'type': kind}})
    assert response.status_code == 202 and response.content == b''
    server = _show(compute, active_server)
    assert (server['status'], server['OS-EXT-STS:task_state']) == (status, task)
    wait_for_status(compute, active_server, 'ACTIVE')


def test_two_reboots_within_one_second(compute):
    ids = [compute.create_server(f'r{i}').json()['server']['id'] for i in range(2)]
    for server_id in ids:
        wait_for_status(compute, server_id, 'ACTIVE')
    for server_id in ids:
        assert _act(compute, server_id, {'reboot': {'type': 'SOFT'}}).status_code == 202
    for server_id in ids:
        wait_for_status(compute, server_id, 'ACTIVE')


def test_concurrent_reboots_in_one_project(compute):
    """Arktos takes one Action of a name per namespace and second: seven servers of a project
    rebooted at once (Rally at concurrency 4+) each get theirs, none a 409."""
    ids = [compute.create_server(f'c{i}').json()['server']['id'] for i in range(7)]
    for server_id in ids:
        wait_for_status(compute, server_id, 'ACTIVE')
    with concurrent.futures.ThreadPoolExecutor(len(ids)) as pool:
        responses = list(pool.map(
            lambda server_id: _act(compute, server_id, {'reboot': {'type': 'SOFT'}}), ids))
    assert [r.status_code for r in responses] == [202] * len(ids), \
        [r.text for r in responses if r.status_code != 202]
    for server_id in ids:
        wait_for_status(compute, server_id, 'ACTIVE')


_RACERS = ({'createImage': {'name': 'race'}}, {'reboot': {'type': 'SOFT'}},
           {'os-stop': None}, {'rebuild': {'imageRef': api.CIRROS}}, {'pause': None},
           {'suspend': None})


def _settled(compute, server_id, timeout=60.0) -> dict:
    deadline = time.monotonic() + timeout
    while (server := _show(compute, server_id))['OS-EXT-STS:task_state'] is not None:
        assert time.monotonic() < deadline, server
        time.sleep(0.2)
    return server


def test_actions_sent_together_do_not_overlap(compute, active_server):
    """Issue 15.6: actions sent at once are accepted one at a time: those that find the
    server busy get Nova's 409, every accepted task ends (none outlives another), and
    every accepted snapshot becomes active. (Accepted ones may follow each other when a
    task ends before a later request is read: a pause ends at once.)"""
    images = api.ImageAPI(compute.base_url, compute.project)
    for _ in range(3):
        with concurrent.futures.ThreadPoolExecutor(len(_RACERS)) as pool:
            responses = list(pool.map(lambda body: _act(compute, active_server, body),
                                      _RACERS))
        codes = [r.status_code for r in responses]
        assert set(codes) <= {202, 409} and 202 in codes, [r.text for r in responses]
        assert codes.count(409) >= 2, codes
        assert all('conflictingRequest' in r.json() for r in responses if r.status_code == 409)
        server = _settled(compute, active_server)
        assert 'fault' not in server
        for body, response in zip(_RACERS, responses, strict=True):
            if 'createImage' in body and response.status_code == 202:
                # Before 2.45 the image is named by Location alone.
                image_id = response.headers['Location'].rsplit('/', 1)[-1]
                api.wait_for_image(images, image_id)
                assert images.delete(f'/v2/images/{image_id}').status_code == 204
        undo = {'PAUSED': {'unpause': None}, 'SHUTOFF': {'os-start': None},
                'SUSPENDED': {'resume': None}}.get(server['status'])
        if undo:
            assert _act(compute, active_server, undo).status_code == 202
            wait_for_status(compute, active_server, 'ACTIVE')
    saving = [i['id'] for i in images.get('/v2/images').json()['images']
              if i['status'] == 'saving']
    assert saving == []


def test_stop_and_start(compute, active_server):
    assert _act(compute, active_server, {'os-stop': None}).status_code == 202
    server = _show(compute, active_server)
    assert server['OS-EXT-STS:task_state'] in ('powering-off', None)
    server = wait_for_status(compute, active_server, 'SHUTOFF')
    assert server['OS-EXT-STS:power_state'] == 4 and server['OS-EXT-STS:vm_state'] == 'stopped'
    _conflict(_act(compute, active_server, {'os-stop': None}),
              f"Cannot 'stop' instance {active_server} while it is in vm_state stopped")
    _conflict(_act(compute, active_server, {'reboot': {'type': 'SOFT'}}),
              f"Cannot 'reboot' instance {active_server} while it is in vm_state stopped")
    assert _act(compute, active_server, {'os-start': None}).status_code == 202
    server = _show(compute, active_server)
    assert server['status'] in ('SHUTOFF', 'ACTIVE')
    wait_for_status(compute, active_server, 'ACTIVE')
    _conflict(_act(compute, active_server, {'os-start': None}),
              f"Cannot 'start' instance {active_server} while it is in vm_state active")


def test_hard_reboot_starts_a_stopped_server(compute, active_server):
    _act(compute, active_server, {'os-stop': None})
    wait_for_status(compute, active_server, 'SHUTOFF')
    assert _act(compute, active_server, {'reboot': {'type': 'HARD'}}).status_code == 202
    wait_for_status(compute, active_server, 'ACTIVE')


@pytest.mark.parametrize('action,undo,status,vm_state,power', [
    ('pause', 'unpause', 'PAUSED', 'paused', 3),
    ('suspend', 'resume', 'SUSPENDED', 'suspended', 7),
])
def test_pause_and_suspend(compute, active_server, action, undo, status, vm_state, power):
    _conflict(_act(compute, active_server, {undo: None}),
              f"Cannot '{undo}' instance {active_server} while it is in vm_state active")
    assert _act(compute, active_server, {action: None}).status_code == 202
    server = wait_for_status(compute, active_server, status)
    assert (server['OS-EXT-STS:vm_state'], server['OS-EXT-STS:power_state']) == \
        (vm_state, power)
    _conflict(_act(compute, active_server, {action: None}),
              f"Cannot '{action}' instance {active_server} while it is in vm_state {vm_state}")
    assert _act(compute, active_server, {undo: None}).status_code == 202
    wait_for_status(compute, active_server, 'ACTIVE')


def test_lock_blocks_members_but_not_admins(translator):
    owner = api.ComputeAPI(translator, version='2.73')
    admin = api.ComputeAPI(translator, project=owner.project, user='admin', version='2.73')
    server_id = owner.create_server(networks='auto').json()['server']['id']
    wait_for_status(owner, server_id, 'ACTIVE')
    assert _act(owner, server_id, {'lock': {'locked_reason': 'maintenance'}}).status_code == 202
    server = _show(owner, server_id)
    assert server['locked'] is True and server['locked_reason'] == 'maintenance'
    locked = f'Instance {server_id} is locked'
    _conflict(_act(owner, server_id, {'os-stop': None}), locked)
    _conflict(owner.delete(f'/servers/{server_id}'), locked)
    assert _act(admin, server_id, {'reboot': {'type': 'SOFT'}}).status_code == 202
    assert _act(owner, server_id, {'unlock': None}).status_code == 202
    assert _show(owner, server_id)['locked'] is False
    assert _act(admin, server_id, {'lock': None}).status_code == 202
    response = _act(owner, server_id, {'unlock': None})
    assert response.status_code == 403
    assert _act(admin, server_id, {'unlock': None}).status_code == 202


@pytest.mark.parametrize('body', [{'migrate': None}, {'os-getConsoleOutput': {}},
                                  {'shelve': None}, {'rescue': None},
                                  {'changePassword': {'adminPass': 'x'}}])
def test_actions_arktos_cannot_do_are_501(compute, active_server, body):
    response = _act(compute, active_server, body)
    assert response.status_code == 501
    assert response.json()['notImplemented']['code'] == 501
    # ... after the 404 of a server that does not exist, or of another project's.
    assert _act(compute, str(uuid.uuid4()), body).status_code == 404
    assert _act(api.ComputeAPI(compute.base_url), active_server, body).status_code == 404


@pytest.mark.parametrize('body,message', [
    ({'foo': None}, 'There is no such action: foo'),
    ({'os-stop': None, 'os-start': None}, 'Malformed request body'),
    ([], 'Malformed request body'),
    ({'reboot': {'type': 'GENTLE'}}, 'Invalid input for field/attribute type.'),
    ({'reboot': {}}, "'type' is a required property"),
])
def test_bad_action_bodies_are_400(compute, active_server, body, message):
    response = _act(compute, active_server, body)
    assert response.status_code == 400
    assert message in response.json()['badRequest']['message']


def test_action_on_unknown_server_is_404(compute):
    response = _act(compute, 'd7c6f0a8-7b0e-4e0b-9f5e-0c3f8c0f9a11', {'os-stop': None})
    assert response.status_code == 404


def test_delete_in_every_state(compute):
    building = compute.create_server('building').json()['server']['id']
    assert compute.delete(f'/servers/{building}').status_code == 204
    states = {'ACTIVE': [], 'SHUTOFF': [{'os-stop': None}], 'PAUSED': [{'pause': None}],
              'SUSPENDED': [{'suspend': None}], 'REBOOT': [{'reboot': {'type': 'SOFT'}}]}
    ids = {}
    for status, actions in states.items():
        ids[status] = compute.create_server(status.lower()).json()['server']['id']
        wait_for_status(compute, ids[status], 'ACTIVE')
        for body in actions:
            assert _act(compute, ids[status], body).status_code == 202
    for status, server_id in ids.items():
        if status != 'REBOOT':
            wait_for_status(compute, server_id, status)
        assert compute.delete(f'/servers/{server_id}').status_code == 204
    for server_id in [building, *ids.values()]:
        wait_for_404(compute, server_id)


def test_add_and_remove_security_groups(compute, active_server):
    path = f'/servers/{active_server}/action'
    assert compute.post(path, {'removeSecurityGroup': {'name': 'default'}}).status_code == 202
    assert 'security_groups' not in _show(compute, active_server)
    response = compute.post(path, {'removeSecurityGroup': {'name': 'default'}})
    assert response.status_code == 400
    assert compute.post(path, {'addSecurityGroup': {'name': 'nope'}}).status_code == 400
    assert compute.post(path, {'addSecurityGroup': {'name': 'default'}}).status_code == 202
    assert _show(compute, active_server)['security_groups'] == [{'name': 'default'}]
