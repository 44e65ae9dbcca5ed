"""Queries and bodies of ``/os-hypervisors`` and ``/os-services`` (nova's schemas)."""

import copy
import functools

from translator.api.schemas import parameter_types as types


def _single(schema: dict) -> dict:
    return {**types.multi_params(schema), 'maxItems': 1}


_OPEN = {'type': 'object', 'properties': {}, 'additionalProperties': True}


@functools.cache
def hypervisors_query(version) -> dict:
    """The list and detail query: paging from 2.33, then from 2.53 only the known
    parameters, with ``hypervisor_hostname_pattern`` and ``with_servers``."""
    if version >= (2, 53):
        return {'type': 'object',
                'properties': {'limit': _single(types.non_negative_integer),
                               'marker': _single({'type': 'string'}),
                               'hypervisor_hostname_pattern': _single(types.fqdn),
                               'with_servers': _single(types.boolean)},
                'additionalProperties': False}
    if version >= (2, 33):
        return {**_OPEN, 'properties': dict(types.pagination_parameters)}
    return _OPEN


@functools.cache
def hypervisor_query(version) -> dict:
    """The show query: ``with_servers`` from 2.53."""
    if version >= (2, 53):
        return {'type': 'object', 'properties': {'with_servers': _single(types.boolean)},
                'additionalProperties': False}
    return _OPEN


@functools.cache
def services_query(version) -> dict:
    """``host`` and ``binary``; unknown parameters are a 400 from 2.75."""
    return {'type': 'object',
            'properties': {'host': types.common_query_param,
                           'binary': types.common_query_param},
            'additionalProperties': version < (2, 75)}


_REASON = {'type': 'string', 'minLength': 1, 'maxLength': 255}
_ACTION = {
    'type': 'object',
    'properties': {'host': types.fqdn,
                   'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
                   'disabled_reason': _REASON},
    'required': ['host', 'binary'],
    'additionalProperties': False,
}


@functools.cache
def service_update(version) -> dict:
    """The body of ``PUT /os-services/{id}`` (2.53) or of its actions before."""
    if version >= (2, 53):
        return {'type': 'object',
                'properties': {'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
                               'disabled_reason': _REASON, 'forced_down': types.boolean},
                'additionalProperties': False}
    schema = copy.deepcopy(_ACTION)
    if version >= (2, 11):
        schema['properties']['forced_down'] = types.boolean
    return schema


_ENABLE = {'type': 'string',
           'enum': ['enable', 'disable', 'Enable', 'Disable', 'ENABLE', 'DISABLE']}
# ``PUT /os-hosts/{host_name}``.
host_update = {
    'type': 'object',
    'properties': {'status': _ENABLE, 'maintenance_mode': _ENABLE},
    'anyOf': [{'required': ['status']}, {'required': ['maintenance_mode']}],
    'additionalProperties': False,
}
