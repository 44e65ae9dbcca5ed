"""Request schemas of ``/os-quota-sets`` and ``/os-quota-class-sets`` (Nova's)."""

import copy

from translator.api.schemas import parameter_types

MAX_LIMIT = 0x7FFFFFFF

_quota = {'type': ['integer', 'string'], 'pattern': '^-?[0-9]+$', 'minimum': -1,
          'maximum': MAX_LIMIT}
NETWORK = ('fixed_ips', 'floating_ips', 'security_groups', 'security_group_rules')
PERSONALITY = ('injected_files', 'injected_file_content_bytes', 'injected_file_path_bytes')
_RESOURCES = ('instances', 'cores', 'ram', 'metadata_items', 'key_pairs', 'server_groups',
              'server_group_members') + NETWORK + PERSONALITY


def _body(key: str, dropped: tuple, extra: dict) -> dict:
    properties = {name: _quota for name in _RESOURCES if name not in dropped}
    properties.update(extra)
    return {'type': 'object',
            'properties': {key: {'type': 'object', 'properties': properties,
                                 'additionalProperties': False}},
            'required': [key], 'additionalProperties': False}


def update(version) -> dict:
    """``PUT /os-quota-sets/{id}``: 2.36 drops the network quotas, 2.57 personality."""
    dropped = dropped_quotas(version, (2, 36))
    return _body('quota_set', dropped, {'force': parameter_types.boolean})


def update_class(version) -> dict:
    """``PUT /os-quota-class-sets/{id}``: 2.50 drops the network quotas, 2.57 personality."""
    return _body('quota_class_set', dropped_quotas(version, (2, 50)), {})


def dropped_quotas(version, network_gone) -> tuple:
    """The quotas a microversion no longer has (the network ones from ``network_gone``)."""
    if version >= (2, 57):
        return NETWORK + PERSONALITY
    return NETWORK if version >= network_gone else ()


# ``user_id`` (per-user quotas) is Nova's only query parameter; others are ignored before
# 2.75 and refused from it.
QUERY = {'type': 'object', 'properties': {'user_id': {'type': 'array', 'items':
                                                      {'type': 'string'}}},
         'additionalProperties': True}
QUERY_2_75 = {**copy.deepcopy(QUERY), 'additionalProperties': False}
