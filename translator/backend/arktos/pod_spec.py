"""The VM pod of a new server: its spec, and the annotations that keep what Nova shows.

A server is one VM pod named by the server UUID. What Nova shows and Arktos does not
know (display name, metadata, flavor, image, key name…) lives in annotations
(``translator.backend.arktos.names``).
"""

import base64
import json
import re

from translator.backend.arktos import server_groups
from translator.backend.arktos.names import (
    ANN_ACCESS_IPV4,
    ANN_ACCESS_IPV6,
    ANN_AZ,
    ANN_CONFIG_DRIVE,
    ANN_DESCRIPTION,
    ANN_DISK_CONFIG,
    ANN_FLAVOR,
    ANN_HOSTNAME,
    ANN_IMAGE,
    ANN_IMAGE_PROPERTIES,
    ANN_KEY_NAME,
    ANN_LAUNCH_INDEX,
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
from translator.backend.arktos.networks import Attachment
from translator.backend.models import Flavor, Image, ServerCreate, ServerGroup

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


def decode_user_data(stored: str | None) -> str | None:
    """Nova's user_data (base64 text) back from what ``encode_user_data`` stored (None
    for what it did not store)."""
    try:
        return base64.b64decode(stored, validate=True).decode() if stored else None
    except (ValueError, UnicodeDecodeError):
        return None


def _quantity_millicores(vcpus: int, ratio: float) -> str:
    return f'{max(1, round(vcpus * 1000 / ratio))}m'


def _quantity_mebibytes(ram_mb: int, ratio: float) -> str:
    return f'{max(1, int(ram_mb / ratio))}Mi'


def vm_resources(flavor: Flavor, cpu_allocation_ratio: float,
                 ram_allocation_ratio: float) -> dict:
    """``spec.virtualMachine.resources`` of a VM of ``flavor``: its size as limits, and
    requests the allocation ratios scale down (what the scheduler counts)."""
    return {
        'limits': {'cpu': str(flavor.vcpus), 'memory': f'{flavor.ram}Mi'},
        'requests': {
            'cpu': _quantity_millicores(flavor.vcpus, cpu_allocation_ratio),
            'memory': _quantity_mebibytes(flavor.ram, ram_allocation_ratio),
        },
    }


def flavor_annotation(flavor: Flavor) -> str:
    """The flavor as the server shows it; who may boot it is the catalog's."""
    return json.dumps({key: value for key, value in flavor.to_dict().items()
                       if key != 'projects'}, sort_keys=True)


def pod_for_server(request: ServerCreate, *, server_id: str, flavor: Flavor, image: Image,
                   tenant: str, namespace: str, now: str, public_key: str | None,
                   default_key_pair_name: str, cpu_allocation_ratio: float,
                   ram_allocation_ratio: float, reservation_id: str,
                   attachment: Attachment, node_selector: dict | None = None,
                   launch_index: int = 0, display_name: str | None = None,
                   extra_annotations: dict | None = None,
                   server_group: ServerGroup | None = None,
                   group_slot: str | None = None) -> dict:
    """The VM pod that runs the server ``request`` describes.

    ``attachment`` gives its NICs and VPC, ``node_selector`` pins it to a zone's
    nodes; ``display_name`` overrides ``request.name`` (batch members are ``name-N``);
    ``extra_annotations`` are added to the pod's; a member of ``server_group`` (in its
    ``group_slot``) carries its label and affinity.
    """
    display_name = display_name or request.name
    vm = {
        'name': sanitize_hostname(request.hostname or display_name, f'server-{server_id}'),
        'image': image.location,
        'imagePullPolicy': 'IfNotPresent',
        'powerSpec': 'Running',
        'resources': vm_resources(flavor, cpu_allocation_ratio, ram_allocation_ratio),
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
        ANN_FLAVOR: flavor_annotation(flavor),
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
    annotations.update(extra_annotations or {})
    spec = {'virtualMachine': vm, 'nics': attachment.nics}
    if attachment.vpc:
        spec['vpc'] = attachment.vpc
    if node_selector:
        spec['nodeSelector'] = node_selector
    labels = {LABEL_SERVER: 'true', LABEL_RESERVATION: reservation_id}
    if server_group is not None:
        spec['affinity'] = server_groups.affinity(server_group, group_slot)
        labels.update(server_groups.member_labels(server_group, group_slot))
    return {
        'apiVersion': 'v1',
        'kind': 'Pod',
        'metadata': {
            'name': server_id,
            'tenant': tenant,
            'namespace': namespace,
            'labels': labels,
            'annotations': annotations,
        },
        'spec': spec,
    }
