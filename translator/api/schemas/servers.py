"""Request schemas of ``/servers``, per microversion (nova's schemas/servers.py)."""

import copy
import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types

_BDM_V2_ITEM = {
    'type': 'object',
    'properties': {
        'source_type': {'type': 'string', 'enum': ['volume', 'image', 'snapshot', 'blank']},
        'destination_type': {'type': 'string', 'enum': ['local', 'volume']},
        'uuid': {'type': 'string', 'minLength': 1, 'maxLength': 255,
                 'pattern': '^[a-zA-Z0-9._-]*$'},
        'boot_index': {'type': ['integer', 'string', 'null'], 'pattern': '^-?[0-9]+$'},
        'volume_size': {'type': ['integer', 'string'], 'pattern': '^[0-9]+$', 'minimum': 1},
        'delete_on_termination': types.boolean,
        'guest_format': {'type': 'string', 'maxLength': 255},
        'device_type': {'type': 'string', 'maxLength': 255},
        'disk_bus': {'type': 'string', 'maxLength': 255},
        'device_name': {'type': 'string', 'maxLength': 255},
        'no_device': {},
        'image_id': types.uuid,
        'snapshot_id': types.uuid,
        'volume_id': types.uuid,
    },
    'additionalProperties': False,
}

_NETWORK_ITEM = {
    'type': 'object',
    'properties': {
        'fixed_ip': types.ip_address,
        'port': {'oneOf': [types.uuid, {'type': 'null'}]},
        'uuid': {'type': 'string'},
    },
    'additionalProperties': False,
}

_SERVER_V21 = {
    'type': 'object',
    'properties': {
        'name': types.name,
        'imageRef': types.image_id_or_empty_string,
        'flavorRef': types.flavor_ref,
        'adminPass': {'type': 'string'},
        'metadata': types.metadata,
        'networks': {'type': 'array', 'items': _NETWORK_ITEM},
        'OS-DCF:diskConfig': types.disk_config,
        'accessIPv4': types.ipv4,
        'accessIPv6': types.ipv6,
        'personality': {
            'type': 'array',
            'items': {'type': 'object',
                      'properties': {'path': {'type': 'string'},
                                     'contents': {'type': 'string', 'format': 'base64'}},
                      'additionalProperties': False},
        },
        'availability_zone': types.name,
        'block_device_mapping': {'type': 'array', 'items': {'type': 'object'}},
        'block_device_mapping_v2': {'type': 'array', 'items': _BDM_V2_ITEM},
        'config_drive': types.boolean,
        'key_name': types.name,
        'min_count': types.positive_integer,
        'max_count': types.positive_integer,
        'return_reservation_id': types.boolean,
        'security_groups': {
            'type': 'array',
            'items': {'type': 'object',
                      'properties': {'name': {'type': 'string', 'minLength': 1,
                                              'maxLength': 255}},
                      'additionalProperties': False},
        },
        'user_data': {'type': 'string', 'format': 'base64', 'maxLength': 65535},
    },
    'required': ['name', 'flavorRef'],
    'additionalProperties': False,
}

_SCHEDULER_HINTS = {
    'type': 'object',
    'properties': {
        'group': types.uuid,
        'different_host': {'oneOf': [types.uuid, {'type': 'array', 'items': types.uuid}]},
        'same_host': {'oneOf': [types.uuid, {'type': 'array', 'items': types.uuid}]},
    },
    'additionalProperties': True,
}


def _with_tag(item: dict) -> dict:
    item = copy.deepcopy(item)
    item['properties']['tag'] = types.tag
    return item


@functools.cache
def create(version: APIVersion) -> dict:
    """The ``POST /servers`` body schema at ``version``."""
    server = copy.deepcopy(_SERVER_V21)
    props = server['properties']
    if version >= (2, 19):
        props['description'] = types.description
    tagged = (2, 32) <= version <= (2, 36) or version >= (2, 42)
    if tagged:
        props['networks']['items'] = _with_tag(_NETWORK_ITEM)
    if (2, 32) == version or version >= (2, 42):
        props['block_device_mapping_v2']['items'] = _with_tag(_BDM_V2_ITEM)
    if version >= (2, 37):
        network_list = {'type': 'array', 'items': copy.deepcopy(props['networks']['items'])}
        network_list['items']['properties']['uuid'] = types.uuid
        props['networks'] = {'oneOf': [network_list,
                                       {'type': 'string', 'enum': ['none', 'auto']}]}
        server['required'].append('networks')
    if version >= (2, 52):
        props['tags'] = types.tags
    if version >= (2, 57):
        del props['personality']
    if version >= (2, 63):
        props['trusted_image_certificates'] = {
            'type': ['array', 'null'], 'minItems': 1, 'maxItems': 50, 'uniqueItems': True,
            'items': {'type': 'string', 'minLength': 1}}
    if version >= (2, 67):
        props['block_device_mapping_v2']['items']['properties']['volume_type'] = {
            'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255}
    if version >= (2, 74):
        props['host'] = {'type': 'string', 'minLength': 1, 'maxLength': 255}
        props['hypervisor_hostname'] = {'type': 'string', 'minLength': 1, 'maxLength': 255}
    if version >= (2, 90):
        props['hostname'] = types.fqdn if version >= (2, 94) else types.hostname
    return {
        'type': 'object',
        'properties': {
            'server': server,
            'os:scheduler_hints': _SCHEDULER_HINTS,
            'OS-SCH-HNT:scheduler_hints': _SCHEDULER_HINTS,
        },
        'required': ['server'],
        'additionalProperties': False,
    }


@functools.cache
def update(version: APIVersion) -> dict:
    """The ``PUT /servers/{id}`` body schema at ``version``."""
    props = {
        'name': types.name,
        'OS-DCF:diskConfig': types.disk_config,
        'accessIPv4': types.ipv4,
        'accessIPv6': types.ipv6,
    }
    if version >= (2, 19):
        props['description'] = types.description
    if version >= (2, 90):
        props['hostname'] = types.fqdn if version >= (2, 94) else types.hostname
    return {
        'type': 'object',
        'properties': {'server': {'type': 'object', 'properties': props,
                                  'additionalProperties': False}},
        'required': ['server'],
        'additionalProperties': False,
    }


_MULTI = {'type': 'array', 'items': {'type': 'string'}}

# Every parameter nova's index_query schema knows (nova-api.md §2.6).
_QUERY_PARAMETERS = (
    'user_id', 'project_id', 'tenant_id', 'launch_index', 'image_ref', 'image', 'kernel_id',
    'ramdisk_id', 'hostname', 'key_name', 'power_state', 'vm_state', 'task_state', 'host',
    'node', 'flavor', 'reservation_id', 'launched_at', 'terminated_at', 'availability_zone',
    'name', 'display_name', 'description', 'display_description', 'locked_by', 'uuid',
    'root_device_name', 'config_drive', 'access_ip_v4', 'access_ip_v6', 'auto_disk_config',
    'progress', 'sort_key', 'sort_dir', 'all_tenants', 'soft_deleted', 'deleted', 'status',
    'changes-since', 'ip', 'ip6', 'created_at', 'block_device_mapping', 'services',
    'metadata', 'system_metadata', 'info_cache', 'security_groups', 'pci_devices',
    'limit', 'marker', 'tags', 'tags-any', 'not-tags', 'not-tags-any',
)


@functools.cache
def index_query(version: APIVersion) -> dict:
    """The list query schema: unknown parameters are dropped below 2.75, a 400 from it."""
    names = list(_QUERY_PARAMETERS)
    if version >= (2, 66):
        names.append('changes-before')
    if version >= (2, 73):
        names.append('locked')
    return {
        'type': 'object',
        'properties': {**{name: _MULTI for name in names}, **types.pagination_parameters},
        'additionalProperties': version < (2, 75),
    }
