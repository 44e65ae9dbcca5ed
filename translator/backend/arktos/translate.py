"""Pure translation of a VM pod into the Nova server it represents (pod → Server).

Building pods is ``pod_spec``, the state mapping ``status``, task bookkeeping ``tasks``.
"""

import hashlib

from translator import states
from translator.backend.arktos import names, pod_fields, pod_spec, status
from translator.backend.arktos.names import (
    ANN_ACCESS_IPV4,
    ANN_ACCESS_IPV6,
    ANN_AZ,
    ANN_CONFIG_DRIVE,
    ANN_DESCRIPTION,
    ANN_DISK_CONFIG,
    ANN_FAULT,
    ANN_FLAVOR,
    ANN_HOSTNAME,
    ANN_IMAGE,
    ANN_IMAGE_PROPERTIES,
    ANN_KEY_NAME,
    ANN_LOCKED,
    ANN_LOCKED_REASON,
    ANN_METADATA,
    ANN_NAME,
    ANN_NETWORK_LABELS,
    ANN_NETWORKS,
    ANN_PROJECT,
    ANN_SCHEDULER_HINTS,
    ANN_SECURITY_GROUPS,
    ANN_TAGS,
    ANN_UPDATED,
    ANN_USER,
    LABEL_RESERVATION,
    LABEL_SERVER,
)
from translator.backend.models import Address, Flavor, Nic, Server, port_id


def _mac_address(uid: str) -> str:
    """A stable MAC in OpenStack's ``fa:16:3e`` range derived from the pod uid.

    Arktos reports no MAC for VM pods; Nova's address schema requires one.
    """
    digest = hashlib.sha256(uid.encode()).digest()
    return 'fa:16:3e:' + ':'.join(f'{byte:02x}' for byte in digest[:3])


def _nics(pod: dict, network_label: str) -> tuple:
    """The pod's NICs: one per label of the networks it was created on
    (``network_label`` for pods that do not record them)."""
    if pod_fields.json_annotation(pod, ANN_NETWORKS, 'auto') == 'none':
        return ()
    labels = pod_fields.json_annotation(pod, ANN_NETWORK_LABELS, [network_label])
    uid = (pod.get('metadata') or {}).get('uid', '')
    return tuple(
        Nic(port_id=port_id(pod['metadata']['name'], label), network_label=label,
            mac_address=_mac_address(uid if index == 0 else f'{uid}/{index}'))
        for index, label in enumerate(labels))


def _addresses(pod: dict, vm_state: str, nics: tuple) -> dict:
    """The pod IPs under the label of the network of its first NIC; Arktos reports no
    addresses per NIC."""
    pod_status = pod.get('status') or {}
    pod_ip = pod_status.get('podIP')
    if vm_state == states.BUILDING or not nics or not pod_ip:
        return {}
    mac = nics[0].mac_address
    ips = [entry.get('ip') for entry in pod_status.get('podIPs') or () if entry.get('ip')]
    # Arktos reports valid IPs: only IPv6 ones have colons.
    addresses = [Address(addr=ip, version=6 if ':' in ip else 4, mac_addr=mac)
                 for ip in (ips or [pod_ip])]
    return {nics[0].network_label: addresses}


def _launched_at(pod_status: dict) -> str | None:
    started = pod_status.get('startTime')
    if not started:
        return None
    return started.rstrip('Z').replace(' ', 'T') + '.000000'


def _updated(pod: dict) -> str:
    metadata = pod.get('metadata') or {}
    times = [metadata.get('creationTimestamp') or '',
             pod_fields.annotations(pod).get(ANN_UPDATED, '')]
    times.extend(condition.get('lastTransitionTime') or ''
                 for condition in (pod.get('status') or {}).get('conditions') or ())
    times.append(metadata.get('deletionTimestamp') or '')
    return max(times)


def _fault(pod: dict, vm_state: str, updated: str) -> dict | None:
    if vm_state != states.ERROR:
        return None
    recorded = pod_fields.json_annotation(pod, ANN_FAULT, None)
    if recorded:
        return recorded
    reason = status.unplaceable(pod)
    if reason is not None:
        return {'code': 500, 'message': f'No valid host was found. {reason}'.strip(),
                'created': updated}
    pod_status = pod.get('status') or {}
    message = pod_status.get('message') or pod_status.get('reason') or 'The VM failed in Arktos.'
    return {'code': 500, 'message': message, 'created': updated}


def sort_key(pod: dict) -> tuple:
    """The server's ``filters.sort_key`` read straight from its pod."""
    metadata = pod.get('metadata') or {}
    return metadata.get('creationTimestamp', ''), metadata.get('name', '')


def is_server_pod(pod: dict) -> bool:
    return ((pod.get('metadata') or {}).get('labels') or {}).get(LABEL_SERVER) == 'true'


def revision(pod: dict) -> str:
    """What ``server_from_pod`` depends on: the pod's uid and resourceVersion (which
    changes with every write)."""
    metadata = pod.get('metadata') or {}
    return f'{metadata.get("uid", "")}/{metadata.get("resourceVersion", "")}'


def server_from_pod(pod: dict, network_label: str) -> Server:
    """The Nova server a VM pod created by this service represents."""
    metadata = pod.get('metadata') or {}
    annotations = pod_fields.annotations(pod)
    spec = pod.get('spec') or {}
    pod_status = pod.get('status') or {}
    vm_state, task_state, power_state = status.server_state(pod)
    project_id = annotations.get(ANN_PROJECT, '')
    node = spec.get('nodeName') or None
    updated = _updated(pod)
    nics = _nics(pod, network_label)
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
        flavor=Flavor.from_dict(pod_fields.json_annotation(pod, ANN_FLAVOR, {
            'id': '', 'name': '', 'vcpus': 0, 'ram': 0, 'disk': 0})),
        image_id=annotations.get(ANN_IMAGE, ''),
        image_properties=pod_fields.json_annotation(pod, ANN_IMAGE_PROPERTIES, {}),
        launched_at=None if vm_state == states.BUILDING else _launched_at(pod_status),
        host=node,
        host_id=hashlib.sha224((project_id + node).encode()).hexdigest() if node else '',
        addresses=_addresses(pod, vm_state, nics),
        nics=nics,
        metadata=pod_fields.json_annotation(pod, ANN_METADATA, {}),
        key_name=annotations.get(ANN_KEY_NAME),
        availability_zone=annotations.get(ANN_AZ, ''),
        description=annotations.get(ANN_DESCRIPTION),
        tags=tuple(pod_fields.json_annotation(pod, ANN_TAGS, [])),
        actions=tuple(pod_fields.json_annotation(pod, names.ANN_ACTIONS, [])),
        access_ipv4=annotations.get(ANN_ACCESS_IPV4, ''),
        access_ipv6=annotations.get(ANN_ACCESS_IPV6, ''),
        config_drive=annotations.get(ANN_CONFIG_DRIVE) == 'True',
        security_groups=tuple(pod_fields.json_annotation(pod, ANN_SECURITY_GROUPS, [])),
        disk_config=annotations.get(ANN_DISK_CONFIG, 'MANUAL'),
        hostname=annotations.get(ANN_HOSTNAME, ''),
        reservation_id=(metadata.get('labels') or {}).get(LABEL_RESERVATION, ''),
        launch_index=int(annotations.get(names.ANN_LAUNCH_INDEX) or 0),
        user_data=pod_spec.decode_user_data(
            (spec.get('virtualMachine') or {}).get('userData')),
        scheduler_hints=pod_fields.json_annotation(pod, ANN_SCHEDULER_HINTS, {}),
        fault=_fault(pod, vm_state, updated),
        server_groups=tuple(filter(None, [pod_fields.labels(pod).get(names.LABEL_GROUP_MEMBER)])),
        resizable=bool((spec.get('virtualMachine') or {}).get('resizePolicy')),
        migrations=tuple(pod_fields.json_annotation(pod, names.ANN_MIGRATIONS, [])),
        locked=ANN_LOCKED in annotations,
        locked_by=annotations.get(ANN_LOCKED),
        locked_reason=annotations.get(ANN_LOCKED_REASON),
        revision=revision(pod),
        resource_version=metadata.get('resourceVersion', ''),
    )
