"""Request schemas of flavor management (nova's schemas/flavor_manage.py)."""

import copy
import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types

_MAX_INT = 0x7FFFFFFF
_POSITIVE = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
             'maximum': _MAX_INT}
_NON_NEGATIVE = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
                 'maximum': _MAX_INT}

_CREATE_V21 = {
    'type': 'object',
    'properties': {'flavor': {
        'type': 'object',
        'properties': {
            'name': types.name,
            # Nova takes a number too, and stores its text.
            'id': {'type': ['string', 'number', 'null'], 'minLength': 1, 'maxLength': 255,
                   'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$'},
            'ram': _POSITIVE,
            'vcpus': _POSITIVE,
            'disk': _NON_NEGATIVE,
            'OS-FLV-EXT-DATA:ephemeral': _NON_NEGATIVE,
            'swap': _NON_NEGATIVE,
            'rxtx_factor': {'type': ['number', 'string'], 'pattern': r'^[0-9]+(\.[0-9]+)?$',
                            'minimum': 0, 'exclusiveMinimum': True},
            'os-flavor-access:is_public': types.boolean,
        },
        'required': ['name', 'ram', 'vcpus', 'disk'],
        'additionalProperties': False,
    }},
    'required': ['flavor'],
    'additionalProperties': False,
}


@functools.cache
def create(version: APIVersion) -> dict:
    schema = copy.deepcopy(_CREATE_V21)
    if version >= (2, 55):
        schema['properties']['flavor']['properties']['description'] = types.description
    return schema


update = {  # 2.55
    'type': 'object',
    'properties': {'flavor': {
        'type': 'object',
        'properties': {'description': types.description},
        'required': ['description'],
        'additionalProperties': False,
    }},
    'required': ['flavor'],
    'additionalProperties': False,
}

_EXTRA_SPECS = {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {
        'type': ['string', 'number', 'boolean'], 'minLength': 1, 'maxLength': 255}},
    'additionalProperties': False,
}
extra_specs = {
    'type': 'object',
    'properties': {'extra_specs': _EXTRA_SPECS},
    'required': ['extra_specs'],
    'additionalProperties': False,
}
extra_spec = {**_EXTRA_SPECS, 'minProperties': 1, 'maxProperties': 1}


def tenant_access(action: str) -> dict:
    return {
        'type': 'object',
        'properties': {action: {
            'type': 'object',
            'properties': {'tenant': {'type': 'string', 'minLength': 1, 'maxLength': 255}},
            'required': ['tenant'],
            'additionalProperties': False,
        }},
        'required': [action],
        'additionalProperties': False,
    }


# Nova's sort keys (kept for compatibility there) and directions.
SORT_KEYS = ('created_at', 'description', 'disabled', 'ephemeral_gb', 'flavorid', 'id',
             'is_public', 'memory_mb', 'name', 'root_gb', 'rxtx_factor', 'swap',
             'updated_at', 'vcpu_weight', 'vcpus')
SORT_DIRS = ('asc', 'desc')


@functools.cache
def index_query(version: APIVersion) -> dict:
    """The list query: unknown parameters are dropped below 2.75, a 400 from it."""
    return {
        'type': 'object',
        'properties': {
            **types.pagination_parameters,
            'is_public': types.common_query_param,
            'minRam': types.common_query_param,
            'minDisk': types.common_query_param,
            'sort_key': types.multi_params({'type': 'string', 'enum': list(SORT_KEYS)}),
            'sort_dir': types.multi_params({'type': 'string', 'enum': list(SORT_DIRS)}),
        },
        'additionalProperties': version < (2, 75),
    }
