"""The tasks a server runs, as merge patches of its pod, and how each moves on.

The API records a task on the pod (annotations plus the ``task`` label the conductor
selects on) before it asks Arktos for the work; ``next_step`` is the conductor's pure
decision of what to write next: the second half of a power cycle, clearing a finished
task (a failed one leaves a fault), or ending a task that outlived its deadline.
"""

import dataclasses
import datetime
import json

from translator import states
from translator.backend.arktos import names, pod_fields, status

POWER_SPECS = {
    states.ACTIVE: 'Running',
    states.STOPPED: 'Shutdown',
    states.PAUSED: 'Paused',
    states.SUSPENDED: 'Suspended',
}
# Annotations that describe an in-flight task; removed once it is over.
TASK_ANNOTATIONS = (names.ANN_TASK_STATE, names.ANN_TASK_STARTED, names.ANN_CYCLE_PHASE,
                    names.ANN_TASK_IMAGE, names.ANN_RESIZE_VM)
# Seconds a recorded task waits for its Action to appear (it is recorded just before
# the Action is created).
ACTION_GRACE_SECONDS = 10.0
# Seconds after a restarted VM became ready during which real Arktos's kubelet drops
# new Actions for it (measured: lost at once, carried out 3 s later).
ACTION_SETTLE_SECONDS = 5.0

# Nova field names of the server → the annotation that keeps each.
_FIELD_ANNOTATIONS = {
    'name': names.ANN_NAME,
    'description': names.ANN_DESCRIPTION,
    'access_ipv4': names.ANN_ACCESS_IPV4,
    'access_ipv6': names.ANN_ACCESS_IPV6,
    'disk_config': names.ANN_DISK_CONFIG,
    'hostname': names.ANN_HOSTNAME,
}


def annotations_patch(annotations: dict, now: str) -> dict:
    """A merge patch that sets (or, with ``None``, removes) pod annotations."""
    return {'metadata': {'annotations': {**annotations, names.ANN_UPDATED: now}}}


def conditional(patch: dict, resource_version: str) -> dict:
    """``patch``, refused by Arktos (409) unless the pod is still at
    ``resource_version``: exactly one of several writers that read the same pod wins."""
    patch['metadata']['resourceVersion'] = resource_version
    return patch


def _recording(task_state: str | None, annotations: dict, now: str) -> dict:
    """A patch that records ``task_state`` (the conductor's label with it) or none; the
    error a failed task or an admin's reset left goes."""
    patch = annotations_patch({names.ANN_TASK_STATE: task_state, names.ANN_FAULT: None,
                               names.ANN_RESET_STATE: None, **annotations}, now)
    patch['metadata']['labels'] = {names.LABEL_TASK: 'true' if task_state else None}
    return patch


def power_patch(vm_state: str, task_state: str | None, now: str) -> dict:
    """Ask Arktos for the power state of ``vm_state`` and record the Nova task; a
    fault a failed task left goes (a hard reboot or a stop of an ERROR server)."""
    annotations = {names.ANN_TASK_STARTED: now if task_state else None,
                   names.ANN_CYCLE_PHASE: None, names.ANN_TASK_IMAGE: None}
    if task_state == states.POWERING_ON:
        annotations[names.ANN_RESTARTED] = now
    patch = _recording(task_state, annotations, now)
    patch['spec'] = {'virtualMachine': {'powerSpec': POWER_SPECS[vm_state]}}
    return patch


def task_patch(task_state: str | None, now: str, image_id: str | None = None) -> dict:
    """Record (or, with ``None``, withdraw) a Nova task an Arktos Action carries out;
    ``image_id`` is the image a snapshot saves.

    Recorded before the Action is created: real Arktos's kubelet never completes
    an Action whose pod is modified right after the Action was created.
    """
    return _recording(task_state, {names.ANN_TASK_STARTED: now if task_state else None,
                                   names.ANN_TASK_IMAGE: image_id}, now)


def finished_task_patch(fault: dict | None, now: str) -> dict:
    """Forget a finished task; a failed one leaves its fault on the server."""
    annotations = dict.fromkeys(TASK_ANNOTATIONS)
    if fault is not None:
        annotations[names.ANN_FAULT] = json.dumps(fault, sort_keys=True)
    patch = annotations_patch(annotations, now)
    patch['metadata']['labels'] = {names.LABEL_TASK: None}
    return patch


def reset_state_patch(vm_state: str, now: str) -> dict:
    """An admin's os-resetState: no task, and ERROR (``error``) or the state the VM is
    in (``active``: the errors go)."""
    patch = _recording(None, dict.fromkeys(TASK_ANNOTATIONS), now)
    if vm_state == states.ERROR:
        patch['metadata']['annotations'][names.ANN_RESET_STATE] = states.ERROR
    return patch


def cycle_patch(task_state: str, now: str) -> dict:
    """Start a power cycle that shows ``task_state`` until the VM runs again."""
    patch = _recording(task_state, {names.ANN_TASK_STARTED: now,
                                    names.ANN_CYCLE_PHASE: status.CYCLE_STOPPING,
                                    names.ANN_TASK_IMAGE: None}, now)
    patch['spec'] = {'virtualMachine': {'powerSpec': 'Shutdown'}}
    return patch


def update_patch(changes: dict, now: str) -> dict:
    """A merge patch that applies Nova server field changes to the pod's annotations."""
    annotations = {_FIELD_ANNOTATIONS[key]: value for key, value in changes.items()
                   if key not in ('metadata', 'tags')}
    if 'metadata' in changes:
        annotations[names.ANN_METADATA] = json.dumps(changes['metadata'], sort_keys=True)
    if 'tags' in changes:
        annotations[names.ANN_TAGS] = json.dumps(list(changes['tags']))
    return annotations_patch(annotations, now)


def reimage_patch(image, changes: dict, running: bool, now: str) -> dict:
    """Point the VM at ``image``; a running one is power-cycled to boot from it."""
    patch = cycle_patch(states.REBUILDING, now) if running else annotations_patch({}, now)
    patch['metadata']['annotations'].update(update_patch(changes, now)['metadata']['annotations'])
    patch['metadata']['annotations'].update({
        names.ANN_IMAGE: image.id,
        names.ANN_IMAGE_PROPERTIES: json.dumps(image.properties, sort_keys=True)})
    patch.setdefault('spec', {'virtualMachine': {}})['virtualMachine']['image'] = image.location
    return patch


def vm_id(pod: dict) -> str:
    """The runtime id of the pod's VM ('' when none runs)."""
    return ((pod.get('status') or {}).get('virtualMachineStatus') or {}).get(
        'virtualMachineId') or ''


def migrations_with(pod: dict, migration_status: str, now: str) -> str:
    """The pod's migration records (JSON) with the last one at ``migration_status``."""
    migrations = pod_fields.json_annotation(pod, names.ANN_MIGRATIONS, [])
    if migrations:
        migrations[-1] = {**migrations[-1], 'status': migration_status, 'updated_at': now}
    return json.dumps(migrations, sort_keys=True)


def resize_patch(pod: dict, task_state: str, resources: dict, flavor: str,
                 annotations: dict, migrations: list, now: str) -> dict:
    """Start resizing the VM to ``resources`` (a resize, or its revert): the server
    shows ``flavor`` (its annotation) and ``task_state`` until the kubelet runs the VM
    again with its new size."""
    patch = _recording(task_state, {names.ANN_TASK_STARTED: now, names.ANN_CYCLE_PHASE: None,
                                    names.ANN_TASK_IMAGE: None, names.ANN_RESIZE_VM: vm_id(pod),
                                    names.ANN_FLAVOR: flavor,
                                    names.ANN_MIGRATIONS: json.dumps(migrations,
                                                                     sort_keys=True),
                                    **annotations}, now)
    patch['metadata']['labels'][names.LABEL_MIGRATED] = 'true'
    patch['spec'] = {'virtualMachine': {'resources': resources}}
    return patch


def action_settle_delay(pod: dict, now: datetime.datetime) -> float:
    """Seconds to wait before creating an Action for a VM that was restarted lately."""
    if names.ANN_RESTARTED not in pod_fields.annotations(pod):
        return 0.0
    ready = pod_fields.condition(pod.get('status') or {}, 'Ready')
    elapsed = pod_fields.age(ready.get('lastTransitionTime', ''), now)
    if elapsed == float('inf'):
        return ACTION_SETTLE_SECONDS
    return max(0.0, min(ACTION_SETTLE_SECONDS, ACTION_SETTLE_SECONDS - elapsed))


@dataclasses.dataclass(frozen=True)
class Step:
    """What the conductor writes next for a pod's task: ``patch`` (conditional on the
    pod's resourceVersion) and, for a snapshot, the status its image ends in."""

    reason: str
    patch: dict
    image_id: str | None = None
    image_status: str | None = None


def needs_actions(pod: dict) -> bool:
    """Whether ``next_step`` needs the Actions of the pod's namespace."""
    annotations = pod_fields.annotations(pod)
    return (annotations.get(names.ANN_TASK_STATE) in status.ACTION_TASKS and
            not annotations.get(names.ANN_CYCLE_PHASE))


def _pod_actions(pod: dict, started: str, actions: list) -> list:
    """The Actions of the pod created since its task started (Actions name their pod
    in ``spec.podName``)."""
    pod_name = pod['metadata']['name']
    return [action for action in actions
            if (action.get('spec') or {}).get('podName') == pod_name and
            (action.get('metadata') or {}).get('creationTimestamp', '') >= started]


def _finish(pod: dict, reason: str, error: str, now: str) -> Step:
    annotations = pod_fields.annotations(pod)
    fault = {'code': 500, 'message': error, 'created': now} if error else None
    image_id = annotations.get(names.ANN_TASK_IMAGE)
    failed = bool(error) or reason != 'finished'
    return Step(reason, conditional(finished_task_patch(fault, now),
                                    pod['metadata']['resourceVersion']),
                image_id, ('killed' if failed else 'active') if image_id else None)


def _resize_done(pod: dict) -> bool:
    """Whether the VM runs with its new size: recreated by the kubelet (a new runtime
    id), or not running at all (a stopped server takes it when it starts)."""
    before = pod_fields.annotations(pod).get(names.ANN_RESIZE_VM) or ''
    runtime = status.runtime_state(pod)[0]
    if not before:
        return runtime != states.BUILDING
    return runtime == states.ACTIVE and vm_id(pod) not in ('', before)


def _finish_resize(pod: dict, reason: str, error: str, now: str) -> Step:
    """A resize waits to be confirmed (VERIFY_RESIZE), a revert is over; a failed one
    leaves its fault and an ``error`` migration."""
    reverting = pod_fields.annotations(pod).get(names.ANN_TASK_STATE) == \
        states.RESIZE_REVERTING
    fault = {'code': 500, 'message': error, 'created': now} if error else None
    patch = finished_task_patch(fault, now)
    migration_status = 'error' if error else 'reverted' if reverting else 'finished'
    patch['metadata']['annotations'].update({
        names.ANN_RESIZED: None if error or reverting else 'true',
        names.ANN_MIGRATIONS: migrations_with(pod, migration_status, now)})
    if reverting or error:
        patch['metadata']['annotations'][names.ANN_RESIZE_FROM] = None
    return Step(reason, conditional(patch, pod['metadata']['resourceVersion']))


def next_step(pod: dict, actions: list | None, timeout: float,
              at: datetime.datetime) -> Step | None:
    """The conductor's next write for ``pod`` (None: nothing to do yet).

    ``actions`` are the Actions of the pod's namespace (needed when ``needs_actions``).
    """
    metadata = pod.get('metadata') or {}
    if metadata.get('deletionTimestamp'):
        return None
    now = at.strftime(pod_fields.TIME_FORMAT)
    annotations = pod_fields.annotations(pod)
    recorded = annotations.get(names.ANN_TASK_STATE)
    if recorded is None:
        # The label outlived its task (a task recorded by an older version, say).
        return Step('unlabelled', conditional(finished_task_patch(None, now),
                                              metadata['resourceVersion']))
    started = annotations.get(names.ANN_TASK_STARTED) or ''
    elapsed = pod_fields.age(started, at)
    if recorded in status.RESIZE_TASKS:
        if elapsed > timeout:
            return _finish_resize(pod, 'timed out', f'The {recorded} task did not complete '
                                  f'within {timeout:g} seconds.', now)
        return _finish_resize(pod, 'finished', '', now) if _resize_done(pod) else None
    if elapsed > timeout:
        return _finish(pod, 'timed out', f'The {recorded} task did not complete within '
                       f'{timeout:g} seconds.', now)
    phase = annotations.get(names.ANN_CYCLE_PHASE)
    runtime = status.runtime_state(pod)[0]
    if phase == status.CYCLE_STOPPING:
        if runtime != states.STOPPED:
            return None
        patch = annotations_patch({names.ANN_CYCLE_PHASE: status.CYCLE_STARTING,
                                   names.ANN_RESTARTED: now}, now)
        patch['spec'] = {'virtualMachine': {'powerSpec': 'Running'}}
        return Step('power cycle started again',
                    conditional(patch, metadata['resourceVersion']))
    if phase == status.CYCLE_STARTING:
        return _finish(pod, 'finished', '', now) if runtime == states.ACTIVE else None
    if recorded in status.ACTION_TASKS:
        mine = _pod_actions(pod, started, actions or [])
        if not mine:
            if elapsed < ACTION_GRACE_SECONDS:
                return None
            return _finish(pod, 'withdrawn', '', now)
        if any(not (action.get('status') or {}).get('complete') for action in mine):
            return None
        newest = max(mine, key=lambda action: action['metadata']['creationTimestamp'])
        return _finish(pod, 'finished', (newest.get('status') or {}).get('error') or '', now)
    if status.server_state(pod)[1] != recorded:
        return _finish(pod, 'finished', '', now)
    return None
