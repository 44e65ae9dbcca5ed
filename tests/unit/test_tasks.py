"""The task bookkeeping patches and the conductor's pure decisions (``tasks.next_step``)."""

import copy
import datetime
import json
import os

from translator.backend.arktos import names, tasks, translate

DATA = os.path.join(os.path.dirname(__file__), 'data')
STARTED = '2026-11-26T07:00:00Z'
AT = datetime.datetime(2026, 11, 26, 7, 0, 4, tzinfo=datetime.timezone.utc)
STOPPED = {'phase': 'NoSchedule', 'virtualMachineStatus': {'state': 'stopped',
                                                           'powerState': 'shutdown'}}


def _pod(patch: dict | None = None, status: dict | None = None) -> dict:
    with open(os.path.join(DATA, 'pod_active.json')) as f:
        pod = json.load(f)
    if patch is not None:
        pod['metadata']['annotations'].update(patch['metadata']['annotations'])
        pod['metadata'].setdefault('labels', {}).update(patch['metadata'].get('labels', {}))
        pod['spec']['virtualMachine'].update(patch.get('spec', {}).get('virtualMachine', {}))
    if status is not None:
        pod['status'] = status
    return pod


def _apply(pod: dict, step: tasks.Step) -> dict:
    """The pod after the conductor's merge patch (None removes a key)."""
    pod = copy.deepcopy(pod)
    for key in ('annotations', 'labels'):
        for name, value in step.patch['metadata'].get(key, {}).items():
            if value is None:
                pod['metadata'][key].pop(name, None)
            else:
                pod['metadata'][key][name] = value
    pod['spec']['virtualMachine'].update(step.patch.get('spec', {}).get('virtualMachine', {}))
    return pod


def _state(pod: dict) -> tuple:
    server = translate.server_from_pod(pod, 'private')
    return server.status, server.vm_state, server.task_state, server.power_state


def _action(pod: dict, created: str = '2026-11-26T07:00:01Z', **status) -> dict:
    return {'metadata': {'name': 'reboot-1', 'creationTimestamp': created},
            'spec': {'podName': pod['metadata']['name']}, 'status': status}


def test_update_patch_touches_only_annotations():
    patch = tasks.update_patch({'name': 'new', 'description': None}, STARTED)
    assert patch == {'metadata': {'annotations': {
        names.ANN_NAME: 'new', names.ANN_DESCRIPTION: None, names.ANN_UPDATED: STARTED}}}


def test_conditional_patches_carry_the_resource_version():
    patch = tasks.conditional(tasks.task_patch('rebooting', STARTED), '42')
    assert patch['metadata']['resourceVersion'] == '42'
    assert patch['metadata']['labels'] == {names.LABEL_TASK: 'true'}


def test_action_settle_delay_after_a_restart():
    pod = _pod()
    now = datetime.datetime(2026, 11, 26, 6, 1, 35, tzinfo=datetime.timezone.utc)
    assert tasks.action_settle_delay(pod, now) == 0.0
    pod['metadata']['annotations'][names.ANN_RESTARTED] = '2026-11-26T06:01:30Z'
    # Ready since 06:01:33, two seconds before now.
    assert tasks.action_settle_delay(pod, now) == 3.0
    later = now + datetime.timedelta(seconds=30)
    assert tasks.action_settle_delay(pod, later) == 0.0


def test_power_cycle_is_moved_on_and_finished_by_the_conductor():
    pod = _pod(tasks.cycle_patch('rebuilding', STARTED))
    assert _state(pod) == ('REBUILD', 'active', 'rebuilding', 1)
    assert tasks.next_step(pod, None, 600, AT) is None  # still running
    stopped = _pod(tasks.cycle_patch('rebuilding', STARTED), STOPPED)
    assert _state(stopped) == ('REBUILD', 'active', 'rebuilding', 1)
    step = tasks.next_step(stopped, None, 600, AT)
    assert step.patch['spec'] == {'virtualMachine': {'powerSpec': 'Running'}}
    assert step.patch['metadata']['resourceVersion'] == stopped['metadata']['resourceVersion']
    restarted = _apply(pod, step)
    # Running again: the task shows until the conductor clears it.
    assert _state(restarted) == ('REBUILD', 'active', 'rebuilding', 1)
    finished = tasks.next_step(restarted, None, 600, AT)
    assert finished.reason == 'finished' and finished.image_status is None
    done = _apply(restarted, finished)
    assert _state(done) == ('ACTIVE', 'active', None, 1)
    assert names.LABEL_TASK not in done['metadata']['labels']


def test_action_task_shows_until_its_action_completes():
    pod = _pod(tasks.task_patch('rebooting', STARTED))
    assert _state(pod) == ('REBOOT', 'active', 'rebooting', 1)
    assert tasks.needs_actions(pod)
    assert tasks.next_step(pod, [], 600, AT) is None  # within the grace period
    assert tasks.next_step(pod, [_action(pod)], 600, AT) is None
    old = _action(pod, created='2026-11-26T06:59:00Z', complete=True)
    assert tasks.next_step(pod, [old, _action(pod)], 600, AT) is None
    step = tasks.next_step(pod, [_action(pod, complete=True)], 600, AT)
    assert step.reason == 'finished'
    assert _state(_apply(pod, step)) == ('ACTIVE', 'active', None, 1)


def test_failed_action_leaves_a_fault_and_kills_its_snapshot():
    pod = _pod(tasks.task_patch('image_snapshot', STARTED, image_id='img-1'))
    step = tasks.next_step(pod, [_action(pod, complete=True, error='disk full')], 600, AT)
    assert (step.image_id, step.image_status) == ('img-1', 'killed')
    failed = translate.server_from_pod(_apply(pod, step), 'private')
    assert failed.vm_state == 'error' and failed.fault['message'] == 'disk full'


def test_snapshot_action_done_makes_its_image_active():
    pod = _pod(tasks.task_patch('image_snapshot', STARTED, image_id='img-1'))
    step = tasks.next_step(pod, [_action(pod, complete=True)], 600, AT)
    assert (step.image_id, step.image_status) == ('img-1', 'active')


def test_an_action_that_never_appears_is_withdrawn():
    pod = _pod(tasks.task_patch('image_snapshot', STARTED, image_id='img-1'))
    late = AT + datetime.timedelta(seconds=tasks.ACTION_GRACE_SECONDS)
    step = tasks.next_step(pod, [], 600, late)
    assert (step.reason, step.image_status) == ('withdrawn', 'killed')
    assert _state(_apply(pod, step)) == ('ACTIVE', 'active', None, 1)


def test_a_task_past_its_deadline_ends_with_a_fault():
    pod = _pod(tasks.task_patch('rebooting', STARTED))
    late = AT + datetime.timedelta(seconds=30)
    assert tasks.next_step(pod, [_action(pod)], 30, AT) is None
    step = tasks.next_step(pod, [_action(pod)], 30, late)
    assert step.reason == 'timed out'
    failed = _apply(pod, step)
    server = translate.server_from_pod(failed, 'private')
    assert (server.vm_state, server.task_state) == ('error', None)
    assert 'did not complete within 30 seconds' in server.fault['message']
    # A hard reboot of the ERROR server (a power-on) clears the fault.
    rebooted = _apply(failed, tasks.Step('', tasks.power_patch('active', 'powering-on',
                                                               STARTED)))
    assert translate.server_from_pod(rebooted, 'private').vm_state == 'active'


def test_a_power_task_is_cleared_once_the_server_no_longer_shows_it():
    starting = _pod(tasks.power_patch('active', 'powering-on', STARTED), STOPPED)
    assert _state(starting)[2] == 'powering-on'
    assert tasks.next_step(starting, None, 600, AT) is None
    running = _pod(tasks.power_patch('active', 'powering-on', STARTED))
    assert tasks.next_step(running, None, 600, AT).reason == 'finished'


def test_deleting_pods_are_left_alone():
    pod = _pod(tasks.task_patch('rebooting', STARTED))
    pod['metadata']['deletionTimestamp'] = STARTED
    assert tasks.next_step(pod, [], 0, AT) is None
