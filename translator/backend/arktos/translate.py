"""Pure translation between Nova's server model and Arktos VM pods.

A server is one VM pod named by the server UUID. What Nova shows and Arktos does
not know (display name, metadata, flavor, image, key name…) lives in
annotations under ``nova.openstack.org/``; the pod status supplies the state.
"""

import base64
import datetime
import hashlib
import json
import re

import orjson

from translator import states
from translator.backend.arktos.networks import Attachment
from translator.backend.models import Address, Flavor, Image, Server, ServerCreate

PREFIX = 'nova.openstack.org/'
LABEL_SERVER = PREFIX + 'server'
LABEL_RESERVATION = PREFIX + 'reservation-id'
SERVER_SELECTOR = f'{LABEL_SERVER}=true'

ANN_NAME = PREFIX + 'name'
ANN_PROJECT = PREFIX + 'project-id'
ANN_USER = PREFIX + 'user-id'
ANN_FLAVOR = PREFIX + 'flavor'
ANN_IMAGE = PREFIX + 'image-id'
ANN_IMAGE_PROPERTIES = PREFIX + 'image-properties'
ANN_METADATA = PREFIX + 'metadata'
ANN_KEY_NAME = PREFIX + 'key-name'
ANN_AZ = PREFIX + 'availability-zone'
ANN_DESCRIPTION = PREFIX + 'description'
ANN_TAGS = PREFIX + 'tags'
ANN_ACCESS_IPV4 = PREFIX + 'access-ipv4'
ANN_ACCESS_IPV6 = PREFIX + 'access-ipv6'
ANN_CONFIG_DRIVE = PREFIX + 'config-drive'
ANN_SECURITY_GROUPS = PREFIX + 'security-groups'
ANN_DISK_CONFIG = PREFIX + 'disk-config'
ANN_HOSTNAME = PREFIX + 'hostname'
ANN_NETWORKS = PREFIX + 'networks'
ANN_NETWORK_LABELS = PREFIX + 'network-labels'
ANN_SCHEDULER_HINTS = PREFIX + 'scheduler-hints'
ANN_LAUNCH_INDEX = PREFIX + 'launch-index'
ANN_UPDATED = PREFIX + 'updated-at'
ANN_TASK_STATE = PREFIX + 'task-state'
ANN_TASK_STARTED = PREFIX + 'task-started-at'
ANN_CYCLE_PHASE = PREFIX + 'power-cycle'
ANN_RESTARTED = PREFIX + 'restarted-at'
ANN_LOCKED = PREFIX + 'locked'
ANN_LOCKED_REASON = PREFIX + 'locked-reason'
ANN_FAULT = PREFIX + 'fault'

# Nova task states carried out by an Arktos Action object, pending until it completes.
ACTION_TASKS = frozenset({states.REBOOTING, states.REBOOTING_HARD, states.IMAGE_SNAPSHOT,
                          states.REBUILDING})
# Annotations that describe an in-flight task; removed once it is over.
TASK_ANNOTATIONS = (ANN_TASK_STATE, ANN_TASK_STARTED, ANN_CYCLE_PHASE)
# A power cycle (a rebuild onto another image, or a reboot Arktos cannot run as an
# Action): stop the VM, then start it again; Arktos recreates it from its spec.
CYCLE_STOPPING, CYCLE_STARTING = 'stopping', 'starting'

POWER_SPECS = {
    states.ACTIVE: 'Running',
    states.STOPPED: 'Shutdown',
    states.PAUSED: 'Paused',
    states.SUSPENDED: 'Suspended',
}

_HOSTNAME_INVALID = re.compile(r'[^a-z0-9-]+')


def sanitize_hostname(name: str, default: str) -> str:
    """Nova's hostname rule, reduced to a DNS-1123 label (what Arktos requires)."""
    hostname = re.sub(r'[ _.]', '-', name.lower())
    hostname = _HOSTNAME_INVALID.sub('', hostname)[:63].strip('-')
    return hostname or default


def encode_user_data(user_data: str | None) -> str | None:
    """Arktos base64-decodes the stored bytes before handing them to cloud-init, and
    Nova's user_data is base64 text already: store that text as the bytes."""
    return base64.b64encode(user_data.encode()).decode() if user_data else None


def _quantity_millicores(vcpus: int, ratio: float) -> str:
    return f'{max(1, round(vcpus * 1000 / ratio))}m'


def _quantity_mebibytes(ram_mb: int, ratio: float) -> str:
    return f'{max(1, int(ram_mb / ratio))}Mi'


def pod_for_server(request: ServerCreate, *, server_id: str, flavor: Flavor, image: Image,
                   tenant: str, namespace: str, now: str, public_key: str | None,
                   default_key_pair_name: str, cpu_allocation_ratio: float,
                   ram_allocation_ratio: float, reservation_id: str,
                   attachment: Attachment, node_selector: dict | None = None,
                   launch_index: int = 0, display_name: str | None = None) -> dict:
    """The VM pod that runs the server ``request`` describes.

    ``attachment`` gives its NICs and VPC, ``node_selector`` pins it to a zone's
    nodes; ``display_name`` overrides ``request.name`` (batch members are ``name-N``).
    """
    display_name = display_name or request.name
    vm = {
        'name': sanitize_hostname(request.hostname or display_name, f'server-{server_id}'),
        'image': image.location,
        'imagePullPolicy': 'IfNotPresent',
        'powerSpec': 'Running',
        'resources': {
            'limits': {'cpu': str(flavor.vcpus), 'memory': f'{flavor.ram}Mi'},
            'requests': {
                'cpu': _quantity_millicores(flavor.vcpus, cpu_allocation_ratio),
                'memory': _quantity_mebibytes(flavor.ram, ram_allocation_ratio),
            },
        },
        'keyPairName': request.key_name or default_key_pair_name,
    }
    if public_key:
        vm['publicKey'] = public_key
    if request.user_data:
        vm['userData'] = encode_user_data(request.user_data)
    annotations = {
        ANN_NAME: display_name,
        ANN_PROJECT: request.project_id,
        ANN_USER: request.user_id,
        ANN_FLAVOR: json.dumps(flavor.to_dict(), sort_keys=True),
        ANN_IMAGE: image.id,
        ANN_IMAGE_PROPERTIES: json.dumps(image.properties, sort_keys=True),
        ANN_METADATA: json.dumps(request.metadata, sort_keys=True),
        ANN_AZ: request.availability_zone or '',
        ANN_ACCESS_IPV4: request.access_ipv4,
        ANN_ACCESS_IPV6: request.access_ipv6,
        ANN_CONFIG_DRIVE: 'True' if request.config_drive else '',
        ANN_SECURITY_GROUPS: json.dumps(list(request.security_groups)),
        ANN_DISK_CONFIG: request.disk_config,
        ANN_HOSTNAME: vm['name'],
        ANN_NETWORKS: json.dumps(request.networks),
        ANN_NETWORK_LABELS: json.dumps(attachment.labels),
        ANN_TAGS: json.dumps(list(request.tags)),
        ANN_SCHEDULER_HINTS: json.dumps(request.scheduler_hints, sort_keys=True),
        ANN_LAUNCH_INDEX: str(launch_index),
        ANN_UPDATED: now,
    }
    if request.key_name:
        annotations[ANN_KEY_NAME] = request.key_name
    if request.description is not None:
        annotations[ANN_DESCRIPTION] = request.description
    spec = {'virtualMachine': vm, 'nics': attachment.nics}
    if attachment.vpc:
        spec['vpc'] = attachment.vpc
    if node_selector:
        spec['nodeSelector'] = node_selector
    return {
        'apiVersion': 'v1',
        'kind': 'Pod',
        'metadata': {
            'name': server_id,
            'tenant': tenant,
            'namespace': namespace,
            'labels': {LABEL_SERVER: 'true', LABEL_RESERVATION: reservation_id},
            'annotations': annotations,
        },
        'spec': spec,
    }


def annotations_patch(annotations: dict, now: str) -> dict:
    """A merge patch that sets (or, with ``None``, removes) pod annotations."""
    return {'metadata': {'annotations': {**annotations, ANN_UPDATED: now}}}


def power_patch(vm_state: str, task_state: str | None, now: str) -> dict:
    """Ask Arktos for the power state of ``vm_state`` and record the Nova task."""
    annotations = {ANN_TASK_STATE: task_state, ANN_TASK_STARTED: None}
    if task_state == states.POWERING_ON:
        annotations[ANN_RESTARTED] = now
    patch = annotations_patch(annotations, now)
    patch['spec'] = {'virtualMachine': {'powerSpec': POWER_SPECS[vm_state]}}
    return patch


def task_patch(task_state: str | None, now: str) -> dict:
    """Record (or, with ``None``, withdraw) a Nova task an Arktos Action carries out.

    Recorded before the Action is created: real Arktos's kubelet never completes
    an Action whose pod is modified right after the Action was created.
    """
    started = now if task_state else None
    return annotations_patch({ANN_TASK_STATE: task_state, ANN_TASK_STARTED: started,
                              ANN_FAULT: None}, now)


def finished_task_patch(fault: dict | None, now: str) -> dict:
    """Forget a finished task; a failed one leaves its fault on the server."""
    annotations = dict.fromkeys(TASK_ANNOTATIONS)
    if fault is not None:
        annotations[ANN_FAULT] = json.dumps(fault, sort_keys=True)
    return annotations_patch(annotations, now)


def cycle_patch(task_state: str, now: str) -> dict:
    """Start a power cycle that shows ``task_state`` until the VM runs again."""
    patch = annotations_patch({ANN_TASK_STATE: task_state, ANN_TASK_STARTED: now,
                               ANN_CYCLE_PHASE: CYCLE_STOPPING, ANN_FAULT: None}, now)
    patch['spec'] = {'virtualMachine': {'powerSpec': 'Shutdown'}}
    return patch


def reimage_patch(image: Image, changes: dict, running: bool, now: str) -> dict:
    """Point the VM at ``image``; a running one is power-cycled to boot from it."""
    patch = cycle_patch(states.REBUILDING, now) if running else annotations_patch({}, now)
    patch['metadata']['annotations'].update(
        update_patch(changes, now)['metadata']['annotations'])
    patch['metadata']['annotations'].update({
        ANN_IMAGE: image.id, ANN_IMAGE_PROPERTIES: json.dumps(image.properties, sort_keys=True)})
    patch.setdefault('spec', {'virtualMachine': {}})['virtualMachine']['image'] = image.location
    return patch


def cycle_step(pod: dict, now: str) -> dict | None:
    """The patch that moves a power cycle on, once its VM has stopped."""
    annotations = _annotations(pod)
    if annotations.get(ANN_CYCLE_PHASE) != CYCLE_STOPPING or \
            _runtime_state(pod)[0] != states.STOPPED:
        return None
    patch = annotations_patch({ANN_CYCLE_PHASE: CYCLE_STARTING, ANN_RESTARTED: now}, now)
    patch['spec'] = {'virtualMachine': {'powerSpec': 'Running'}}
    return patch


# Seconds after a restarted VM became ready during which real Arktos's kubelet drops
# new Actions for it (measured: lost at once, carried out 3 s later).
ACTION_SETTLE_SECONDS = 5.0


def action_settle_delay(pod: dict, now: datetime.datetime) -> float:
    """Seconds to wait before creating an Action for a VM that was restarted lately."""
    if ANN_RESTARTED not in _annotations(pod):
        return 0.0
    ready = _condition(pod.get('status') or {}, 'Ready')
    try:
        since = datetime.datetime.strptime(ready.get('lastTransitionTime', ''),
                                           '%Y-%m-%dT%H:%M:%SZ')
    except ValueError:
        return ACTION_SETTLE_SECONDS
    elapsed = (now.replace(tzinfo=None) - since).total_seconds()
    return max(0.0, min(ACTION_SETTLE_SECONDS, ACTION_SETTLE_SECONDS - elapsed))


def action_task_started(pod: dict) -> str | None:
    """When the Action-backed task the server records started, if it records one."""
    annotations = _annotations(pod)
    if annotations.get(ANN_TASK_STATE) in ACTION_TASKS:
        return annotations.get(ANN_TASK_STARTED) or ''
    return None


def update_patch(changes: dict, now: str) -> dict:
    """A merge patch that applies Nova server field changes to the pod's annotations."""
    field_annotations = {
        'name': ANN_NAME,
        'description': ANN_DESCRIPTION,
        'access_ipv4': ANN_ACCESS_IPV4,
        'access_ipv6': ANN_ACCESS_IPV6,
        'disk_config': ANN_DISK_CONFIG,
        'hostname': ANN_HOSTNAME,
    }
    annotations = {field_annotations[key]: value for key, value in changes.items()
                   if key != 'metadata'}
    if 'metadata' in changes:
        annotations[ANN_METADATA] = json.dumps(changes['metadata'], sort_keys=True)
    return annotations_patch(annotations, now)


def _condition(status: dict, kind: str) -> dict:
    for condition in status.get('conditions') or ():
        if condition.get('type') == kind:
            return condition
    return {}


def _runtime_state(pod: dict) -> tuple[str, str | None, int]:
    """``(vm_state, task_state, power_state)`` from what Arktos reports of the VM."""
    spec = pod.get('spec') or {}
    status = pod.get('status') or {}
    vm_status = status.get('virtualMachineStatus') or {}
    state = vm_status.get('state')
    phase = status.get('phase')
    if phase == 'Failed' or state == 'error':
        vm_state, task_state, power = states.ERROR, None, states.CRASHED
    elif state == 'active':
        vm_state, task_state, power = states.ACTIVE, None, states.RUNNING
    elif state == 'stopped' or phase == 'NoSchedule':
        vm_state, task_state, power = states.STOPPED, None, states.SHUTDOWN
    elif state == 'paused':
        vm_state, task_state, power = states.PAUSED, None, states.POWER_PAUSED
    elif state == 'suspended' and vm_status.get('powerState') == 'suspended':
        vm_state, task_state, power = states.SUSPENDED, None, states.POWER_SUSPENDED
    else:
        scheduled = _condition(status, 'PodScheduled').get('status') == 'True'
        booting = spec.get('nodeName') or scheduled
        vm_state = states.BUILDING
        task_state = states.SPAWNING if booting else states.SCHEDULING
        power = states.NOSTATE
    return vm_state, task_state, power


def _vm_state(pod: dict, action_pending: bool) -> tuple[str, str | None, int]:
    """``(vm_state, task_state, power_state)`` of a VM pod (``nova-api.md`` §3.4).

    Arktos reports only running and stopped VMs; the desired ``powerSpec`` and the
    task the service recorded in annotations give the rest: a pause or suspend
    Arktos accepted (its runtime does not act on them), a start in progress (the pod
    reschedules and boots again), a reboot whose Action has not completed.
    """
    vm_state, task_state, power = _runtime_state(pod)
    phase = _annotations(pod).get(ANN_CYCLE_PHASE)
    if phase and not (phase == CYCLE_STARTING and vm_state == states.ACTIVE):
        return states.ACTIVE, _annotations(pod).get(ANN_TASK_STATE), states.RUNNING
    desired = ((pod.get('spec') or {}).get('virtualMachine') or {}).get('powerSpec', 'Running')
    recorded = _annotations(pod).get(ANN_TASK_STATE)
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
    if _annotations(pod).get(ANN_FAULT) and vm_state != states.BUILDING:
        vm_state = states.ERROR
    if action_pending and recorded in ACTION_TASKS:
        task_state = recorded
    if (pod.get('metadata') or {}).get('deletionTimestamp'):
        task_state = states.DELETING
    return vm_state, task_state, power


def _mac_address(uid: str) -> str:
    """A stable MAC in OpenStack's ``fa:16:3e`` range derived from the pod uid.

    Arktos reports no MAC for VM pods; Nova's address schema requires one.
    """
    digest = hashlib.sha256(uid.encode()).digest()
    return 'fa:16:3e:' + ':'.join(f'{byte:02x}' for byte in digest[:3])


def _addresses(pod: dict, vm_state: str, network_label: str) -> dict:
    """The pod IPs under the label of the network of its first NIC (``network_label``
    for pods that do not record it); Arktos reports no addresses per NIC."""
    status = pod.get('status') or {}
    networks = _json_annotation(pod, ANN_NETWORKS, 'auto')
    labels = _json_annotation(pod, ANN_NETWORK_LABELS, [network_label])
    pod_ip = status.get('podIP')
    if vm_state == states.BUILDING or networks == 'none' or not labels or not pod_ip:
        return {}
    mac = _mac_address((pod.get('metadata') or {}).get('uid', ''))
    ips = [entry.get('ip') for entry in status.get('podIPs') or () if entry.get('ip')]
    # Arktos reports valid IPs: only IPv6 ones have colons.
    addresses = [Address(addr=ip, version=6 if ':' in ip else 4, mac_addr=mac)
                 for ip in (ips or [pod_ip])]
    return {labels[0]: addresses}


def _annotations(pod: dict) -> dict:
    return (pod.get('metadata') or {}).get('annotations') or {}


def _json_annotation(pod: dict, key: str, default):
    raw = _annotations(pod).get(key)
    if raw is None:
        return default
    try:
        return orjson.loads(raw)
    except ValueError:
        return default


def _launched_at(status: dict) -> str | None:
    started = status.get('startTime')
    if not started:
        return None
    return started.rstrip('Z').replace(' ', 'T') + '.000000'


def _updated(pod: dict) -> str:
    metadata = pod.get('metadata') or {}
    times = [metadata.get('creationTimestamp') or '', _annotations(pod).get(ANN_UPDATED, '')]
    times.extend(condition.get('lastTransitionTime') or ''
                 for condition in (pod.get('status') or {}).get('conditions') or ())
    times.append(metadata.get('deletionTimestamp') or '')
    return max(times)


def _fault(pod: dict, vm_state: str, updated: str) -> dict | None:
    if vm_state != states.ERROR:
        return None
    recorded = _json_annotation(pod, ANN_FAULT, None)
    if recorded:
        return recorded
    status = pod.get('status') or {}
    message = status.get('message') or status.get('reason') or 'The VM failed in Arktos.'
    return {'code': 500, 'message': message, 'created': updated}


def sort_key(pod: dict) -> tuple:
    """The server's ``filters.sort_key`` read straight from its pod."""
    metadata = pod.get('metadata') or {}
    return metadata.get('creationTimestamp', ''), metadata.get('name', '')


def is_server_pod(pod: dict) -> bool:
    return ((pod.get('metadata') or {}).get('labels') or {}).get(LABEL_SERVER) == 'true'


def revision(pod: dict, action_pending: bool = False) -> str:
    """What ``server_from_pod`` depends on: the pod's uid and resourceVersion (which
    changes with every write) and whether its Action is pending."""
    metadata = pod.get('metadata') or {}
    return (f'{metadata.get("uid", "")}/{metadata.get("resourceVersion", "")}/'
            f'{int(action_pending)}')


def server_from_pod(pod: dict, network_label: str, action_pending: bool = False) -> Server:
    """The Nova server a VM pod created by this service represents.

    ``action_pending`` tells whether the Arktos Action the server's recorded task
    waits for (``pending_action``) has not completed yet.
    """
    metadata = pod.get('metadata') or {}
    annotations = _annotations(pod)
    spec = pod.get('spec') or {}
    status = pod.get('status') or {}
    vm_state, task_state, power_state = _vm_state(pod, action_pending)
    project_id = annotations.get(ANN_PROJECT, '')
    node = spec.get('nodeName') or None
    updated = _updated(pod)
    return Server(
        id=metadata['name'],
        name=annotations.get(ANN_NAME, metadata['name']),
        project_id=project_id,
        user_id=annotations.get(ANN_USER, ''),
        vm_state=vm_state,
        task_state=task_state,
        power_state=power_state,
        created=metadata.get('creationTimestamp', ''),
        updated=updated,
        flavor=Flavor.from_dict(_json_annotation(pod, ANN_FLAVOR, {
            'id': '', 'name': '', 'vcpus': 0, 'ram': 0, 'disk': 0})),
        image_id=annotations.get(ANN_IMAGE, ''),
        image_properties=_json_annotation(pod, ANN_IMAGE_PROPERTIES, {}),
        launched_at=None if vm_state == states.BUILDING else _launched_at(status),
        host=node,
        host_id=hashlib.sha224((project_id + node).encode()).hexdigest() if node else '',
        addresses=_addresses(pod, vm_state, network_label),
        metadata=_json_annotation(pod, ANN_METADATA, {}),
        key_name=annotations.get(ANN_KEY_NAME),
        availability_zone=annotations.get(ANN_AZ, ''),
        description=annotations.get(ANN_DESCRIPTION),
        tags=tuple(_json_annotation(pod, ANN_TAGS, [])),
        access_ipv4=annotations.get(ANN_ACCESS_IPV4, ''),
        access_ipv6=annotations.get(ANN_ACCESS_IPV6, ''),
        config_drive=annotations.get(ANN_CONFIG_DRIVE) == 'True',
        security_groups=tuple(_json_annotation(pod, ANN_SECURITY_GROUPS, [])),
        disk_config=annotations.get(ANN_DISK_CONFIG, 'MANUAL'),
        hostname=annotations.get(ANN_HOSTNAME, ''),
        reservation_id=(metadata.get('labels') or {}).get(LABEL_RESERVATION, ''),
        launch_index=int(annotations.get(ANN_LAUNCH_INDEX, '0') or 0),
        scheduler_hints=_json_annotation(pod, ANN_SCHEDULER_HINTS, {}),
        fault=_fault(pod, vm_state, updated),
        locked=ANN_LOCKED in annotations,
        locked_by=annotations.get(ANN_LOCKED),
        locked_reason=annotations.get(ANN_LOCKED_REASON),
        revision=revision(pod, action_pending),
    )


def has_finished_task(pod: dict, server: Server) -> bool:
    """True when the pod still records a task the server no longer shows."""
    recorded = _annotations(pod).get(ANN_TASK_STATE)
    return recorded is not None and server.task_state != recorded
