"""``POST /servers/{id}/action`` in process: Nova's state checks, locks, tasks that show
until the backend finishes them, snapshots and rebuilds."""

import pytest

from translator import context, exception

UBUNTU = '3c6a1c44-0f2d-4e8e-a4ee-6c1f1f0c2d02'


@pytest.fixture
def active(api, fake):
    """The id of an ACTIVE server of ``api``'s project."""
    server_id = api.create_server()['id']
    fake.settle()
    return server_id


def _state(api, server_id: str) -> tuple:
    server = api.server(server_id)
    return server['status'], server['OS-EXT-STS:task_state']


def test_stop_and_start_show_their_task_until_done(api, fake, active):
    assert api.action(active, {'os-stop': None}).status_int == 202
    assert _state(api, active) == ('ACTIVE', 'powering-off')
    fake.settle()
    assert _state(api, active) == ('SHUTOFF', None)
    assert api.server(active)['addresses'] == {}
    assert api.action(active, {'os-start': None}).status_int == 202
    assert _state(api, active) == ('SHUTOFF', 'powering-on')
    fake.settle()
    assert _state(api, active) == ('ACTIVE', None)


def test_pause_and_suspend_show_at_once(api, active):
    api.action(active, {'pause': None})
    assert _state(api, active) == ('PAUSED', None)
    api.action(active, {'unpause': None})
    api.action(active, {'suspend': None})
    assert _state(api, active) == ('SUSPENDED', None)
    api.action(active, {'resume': None})
    assert _state(api, active) == ('ACTIVE', None)


@pytest.mark.parametrize('kind,status,task', [('SOFT', 'REBOOT', 'rebooting'),
                                              ('HARD', 'HARD_REBOOT', 'rebooting_hard')])
def test_reboot(api, fake, active, kind, status, task):
    assert api.action(active, {'reboot': {'type': kind}}).status_int == 202
    assert _state(api, active) == (status, task)
    fake.settle()
    assert _state(api, active) == ('ACTIVE', None)


def test_an_action_in_the_wrong_state_is_409_in_novas_words(api, active):
    response = api.action(active, {'os-start': None})
    assert response.status_int == 409
    assert response.json_body['conflictingRequest']['message'] == \
        f"Cannot 'start' instance {active} while it is in vm_state active"
    api.action(active, {'os-stop': None})
    response = api.action(active, {'reboot': {'type': 'SOFT'}})
    assert response.json_body['conflictingRequest']['message'] == \
        f"Cannot 'reboot' instance {active} while it is in task_state powering-off"


def test_a_building_server_cannot_be_stopped(api):
    server_id = api.create_server()['id']
    assert api.action(server_id, {'os-stop': None}).status_int == 409


def test_a_locked_server_refuses_its_owner_but_not_an_admin(api, admin, active):
    assert api.action(active, {'lock': {'locked_reason': 'audit'}},
                      version='2.73').status_int == 202
    shown = api.get(f'/servers/{active}', version='2.73').json_body['server']
    assert (shown['locked'], shown['locked_reason']) == (True, 'audit')
    assert api.action(active, {'os-stop': None}).status_int == 409
    assert admin.action(active, {'os-stop': None}).status_int == 202


def test_only_an_admin_unlocks_what_an_admin_locked(api, admin, active):
    assert admin.action(active, {'lock': None}).status_int == 202
    response = api.action(active, {'unlock': None})
    assert response.status_int == 403
    assert 'os_compute_api:os-lock-server:unlock:unlock_override' in \
        response.json_body['forbidden']['message']
    assert admin.action(active, {'unlock': None}).status_int == 202
    assert api.get(f'/servers/{active}', version='2.9').json_body['server']['locked'] is False


def test_create_image_saves_a_snapshot_until_done(api, fake, active):
    response = api.action(active, {'createImage': {'name': 'snap', 'metadata': {'k': 'v'}}},
                          version='2.45')
    assert response.status_int == 202
    image_id = response.json_body['image_id']
    assert _state(api, active) == ('ACTIVE', 'image_snapshot')
    image = api.get(f'/images/{image_id}').json_body['image']
    assert (image['status'], image['metadata']['k']) == ('SAVING', 'v')
    assert image['metadata']['instance_uuid'] == active
    fake.settle()
    assert api.get(f'/images/{image_id}').json_body['image']['status'] == 'ACTIVE'
    assert _state(api, active) == ('ACTIVE', None)


def test_create_image_before_2_45_answers_a_location(api, active):
    response = api.action(active, {'createImage': {'name': 'snap'}})
    assert response.status_int == 202 and not response.body
    assert response.headers['Location'].startswith('http://localhost/image/images/')


def test_rebuild_onto_another_image(api, fake, active):
    response = api.action(active, {'rebuild': {'imageRef': UBUNTU, 'name': 'new'}})
    assert response.status_int == 202
    shown = response.json_body['server']
    assert (shown['name'], shown['image']['id'], shown['status']) == ('new', UBUNTU,
                                                                      'REBUILD')
    fake.settle()
    assert _state(api, active) == ('ACTIVE', None)


def test_rebuild_at_2_75_names_user_data_once(api, active):
    """An admin sees the extended attributes, but the new user data only as
    ``user_data`` (tempest's 2.75 rebuild schema allows no other)."""
    admin = api.as_user('admin', version='2.75')
    response = admin.action(active, {'rebuild': {'imageRef': UBUNTU, 'user_data': 'eA=='}})
    assert response.status_int == 202
    shown = response.json_body['server']
    assert shown['user_data'] == 'eA==' and 'OS-EXT-SRV-ATTR:host' in shown
    assert 'OS-EXT-SRV-ATTR:user_data' not in shown


def test_restoring_an_own_snapshot_cannot_change_the_guest(api, fake, active):
    image_id = api.action(active, {'createImage': {'name': 'snap'}},
                          version='2.45').json_body['image_id']
    fake.settle()
    response = api.action(active, {'rebuild': {'imageRef': image_id, 'key_name': None}},
                          version='2.54')
    assert response.status_int == 400
    assert 'cannot change key_name' in response.json_body['badRequest']['message']
    assert api.action(active, {'rebuild': {'imageRef': image_id}}).status_int == 202
    assert _state(api, active) == ('REBUILD', 'rebuilding')


def test_security_groups_are_added_by_id_and_removed_by_name(api, active):
    group_id = api.get('/os-security-groups').json_body['security_groups'][0]['id']
    assert api.action(active, {'removeSecurityGroup': {'name': 'default'}}).status_int == 202
    assert 'security_groups' not in api.server(active)  # Nova omits an empty list
    response = api.action(active, {'removeSecurityGroup': {'name': 'default'}})
    assert response.status_int == 400
    assert api.action(active, {'addSecurityGroup': {'name': group_id}}).status_int == 202
    assert api.server(active)['security_groups'] == [{'name': 'default'}]
    assert api.action(active, {'addSecurityGroup': {'name': 'web'}}).status_int == 400


def test_unknown_and_unsupported_actions(api, active):
    response = api.action(active, {'fly': None})
    assert response.status_int == 400
    assert response.json_body['badRequest']['message'] == 'There is no such action: fly'
    response = api.action(active, {'shelve': None})
    assert response.status_int == 501
    assert 'notImplemented' in response.json_body
    assert api.action(active, {'os-stop': None, 'os-start': None}).status_int == 400


def test_a_stale_claim_loses_to_the_write_that_changed_the_state(api, fake, active):
    """Of two actions that both passed the API's checks, one wins (the backend's rule)."""
    caller = context.RequestContext(user_id=api.user, project_id=api.project)
    server = fake.get_server(caller, active)
    fake.set_power_state(caller, server, 'stopped', 'powering-off')
    with pytest.raises(exception.ServerChanged):
        fake.reboot_server(caller, server, hard=False)
    # A write that left the checked state as it was does not stop a claim.
    server = fake.get_server(caller, active)
    fake.update_server(caller, active, {'name': 'renamed'})
    assert fake.set_lock(caller, server, True).locked
