"""Request schemas of ``/os-server-groups`` per microversion (Nova's)."""

import copy
import functools

from translator.api.schemas import parameter_types as types

_POLICIES = ['anti-affinity', 'affinity']
_SOFT_POLICIES = ['soft-anti-affinity', 'soft-affinity']


@functools.cache
def create(version) -> dict:
    group = {'type': 'object', 'properties': {'name': types.name},
             'additionalProperties': False}
    if version >= (2, 64):
        group['properties']['policy'] = {'type': 'string', 'enum': _POLICIES + _SOFT_POLICIES}
        group['properties']['rules'] = {
            'type': 'object',
            'properties': {'max_server_per_host': types.positive_integer},
            'additionalProperties': False,
        }
        group['required'] = ['name', 'policy']
    else:
        policies = _POLICIES + (_SOFT_POLICIES if version >= (2, 15) else [])
        group['properties']['policies'] = {
            'type': 'array', 'items': [{'type': 'string', 'enum': policies}],
            'uniqueItems': True, 'minItems': 1, 'maxItems': 1, 'additionalItems': False,
        }
        group['required'] = ['name', 'policies']
    return {'type': 'object', 'properties': {'server_group': group},
            'required': ['server_group'], 'additionalProperties': False}


_INDEX_QUERY = {
    'type': 'object',
    'properties': {
        'all_projects': types.common_query_param,
        'limit': types.multi_params(types.non_negative_integer),
        'offset': types.multi_params(types.non_negative_integer),
    },
    'additionalProperties': True,
}


@functools.cache
def index_query(version) -> dict:
    schema = copy.deepcopy(_INDEX_QUERY)
    schema['additionalProperties'] = version < (2, 75)
    return schema
