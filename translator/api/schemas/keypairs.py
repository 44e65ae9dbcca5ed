"""Request schemas of ``/os-keypairs`` per microversion (Nova's)."""

import copy
import functools

from translator.api.schemas import parameter_types as types


def _name(version_format: str) -> dict:
    return {'allOf': [types.name, {'type': 'string', 'format': version_format}]}


@functools.cache
def create(version) -> dict:
    keypair = {
        'type': 'object',
        'properties': {'name': _name('keypair_name_20'), 'public_key': {'type': 'string'}},
        'required': ['name'],
        'additionalProperties': False,
    }
    if version >= (2, 2):
        keypair['properties']['type'] = {'type': 'string', 'enum': ['ssh', 'x509']}
    if version >= (2, 10):
        keypair['properties']['user_id'] = {'type': 'string'}
    if version >= (2, 92):
        keypair['properties']['name'] = _name('keypair_name_292')
        keypair['required'] = ['name', 'public_key']
    return {'type': 'object', 'properties': {'keypair': keypair}, 'required': ['keypair'],
            'additionalProperties': False}


_QUERY = {'type': 'object', 'properties': {}, 'additionalProperties': True}


@functools.cache
def query(version, paged: bool = False) -> dict:
    """The query of the list (``paged``) and of show and delete."""
    schema = copy.deepcopy(_QUERY)
    if version >= (2, 10):
        schema['properties']['user_id'] = types.common_query_param
    if paged and version >= (2, 35):
        schema['properties'].update(types.pagination_parameters)
    if version >= (2, 75):
        schema['additionalProperties'] = False
    return schema
