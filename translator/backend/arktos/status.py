"""Nova's vm_state, task_state and power state of a VM pod (the README's state table).

Arktos reports only running and stopped VMs; the desired ``powerSpec`` and the task
the service recorded in annotations give the rest. A recorded task that an Arktos
Action or a power cycle carries out shows until the conductor clears it: what is
written on the pod is the truth, reads never consult anything else.
"""

from translator import states
from translator.backend.arktos import names, pod_fields

# Nova task states carried out by an Arktos Action object.
ACTION_TASKS = frozenset({states.REBOOTING, states.REBOOTING_HARD, states.IMAGE_SNAPSHOT,
                          states.REBUILDING})
# Nova task states of an in-place resize and its revert: the kubelet recreates the VM.
RESIZE_TASKS = frozenset({states.RESIZE_FINISH, states.RESIZE_REVERTING})
# A power cycle (a rebuild onto another image): stop the VM, then start it again;
# Arktos recreates it from its spec.
CYCLE_STOPPING, CYCLE_STARTING = 'stopping', 'starting'


def unplaceable(pod: dict) -> str | None:
    """Arktos's scheduler message when no node can take a member of a hard server
    group (Nova's NoValidHost); None for any other pod."""
    spec = pod.get('spec') or {}
    if spec.get('nodeName') or names.LABEL_GROUP_MEMBER not in pod_fields.labels(pod):
        return None
    affinity = spec.get('affinity') or {}
    if not any((affinity.get(kind) or {}).get('requiredDuringSchedulingIgnoredDuringExecution')
               for kind in ('podAffinity', 'podAntiAffinity')):
        return None
    scheduled = pod_fields.condition(pod.get('status') or {}, 'PodScheduled')
    if scheduled.get('status') == 'False' and scheduled.get('reason') == 'Unschedulable':
        return scheduled.get('message') or ''
    return None


def runtime_state(pod: dict) -> tuple[str, str | None, int]:
    """``(vm_state, task_state, power_state)`` from what Arktos reports of the VM."""
    spec = pod.get('spec') or {}
    status = pod.get('status') or {}
    vm_status = status.get('virtualMachineStatus') or {}
    state = vm_status.get('state')
    phase = status.get('phase')
    if phase == 'Failed' or state == 'error':
        return states.ERROR, None, states.CRASHED
    if state == 'active':
        return states.ACTIVE, None, states.RUNNING
    if state == 'stopped' or phase == 'NoSchedule':
        return states.STOPPED, None, states.SHUTDOWN
    if state == 'paused':
        return states.PAUSED, None, states.POWER_PAUSED
    if state == 'suspended' and vm_status.get('powerState') == 'suspended':
        return states.SUSPENDED, None, states.POWER_SUSPENDED
    if unplaceable(pod) is not None:
        return states.ERROR, None, states.NOSTATE
    scheduled = pod_fields.condition(status, 'PodScheduled').get('status') == 'True'
    booting = spec.get('nodeName') or scheduled
    return states.BUILDING, states.SPAWNING if booting else states.SCHEDULING, states.NOSTATE


def server_state(pod: dict) -> tuple[str, str | None, int]:
    """``(vm_state, task_state, power_state)`` of a VM pod (``nova-api.md`` §3.4):
    a pause or suspend Arktos accepted (its runtime does not act on them), a start in
    progress (the pod reschedules and boots again), a recorded task in progress."""
    vm_state, task_state, power = runtime_state(pod)
    annotations = pod_fields.annotations(pod)
    recorded = annotations.get(names.ANN_TASK_STATE)
    phase = annotations.get(names.ANN_CYCLE_PHASE)
    if phase and not (phase == CYCLE_STARTING and vm_state == states.ACTIVE):
        return states.ACTIVE, recorded, states.RUNNING
    if recorded in RESIZE_TASKS and vm_state == states.BUILDING:
        # The VM being recreated with its new size.
        vm_state, power = states.ACTIVE, states.RUNNING
    desired = ((pod.get('spec') or {}).get('virtualMachine') or {}).get('powerSpec', 'Running')
    if vm_state == states.ACTIVE:
        if desired == 'Shutdown':
            task_state = states.POWERING_OFF
        elif desired == 'Paused':
            vm_state, power = states.PAUSED, states.POWER_PAUSED
        elif desired == 'Suspended':
            vm_state, power = states.SUSPENDED, states.POWER_SUSPENDED
    elif vm_state == states.STOPPED and desired == 'Running':
        task_state = states.POWERING_ON
    elif vm_state == states.BUILDING and recorded == states.POWERING_ON:
        vm_state, task_state, power = states.STOPPED, states.POWERING_ON, states.SHUTDOWN
    if annotations.get(names.ANN_FAULT) and vm_state != states.BUILDING or \
            annotations.get(names.ANN_RESET_STATE) == states.ERROR:
        vm_state = states.ERROR
    if annotations.get(names.ANN_RESIZED) and vm_state in (states.ACTIVE, states.STOPPED):
        vm_state = states.RESIZED
    if recorded in ACTION_TASKS or recorded in RESIZE_TASKS or phase:
        task_state = recorded
    if (pod.get('metadata') or {}).get('deletionTimestamp'):
        task_state = states.DELETING
    return vm_state, task_state, power
