"""Request schemas of ``POST /servers/{id}/action``, one per action."""

import copy
import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types


def _action(name: str, value: dict) -> dict:
    return {'type': 'object', 'properties': {name: value}, 'required': [name],
            'additionalProperties': False}


REBOOT = _action('reboot', {
    'type': 'object',
    'properties': {'type': {'type': 'string',
                            'enum': ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']}},
    'required': ['type'],
    'additionalProperties': False,
})

RESIZE = _action('resize', {
    'type': 'object',
    'properties': {'flavorRef': types.flavor_ref, 'OS-DCF:diskConfig': types.disk_config},
    'required': ['flavorRef'],
    'additionalProperties': False,
})

# os-start, os-stop, pause, unpause, suspend, resume, unlock: Nova accepts any value.
ANY_VALUE = None


@functools.cache
def lock(version: APIVersion) -> dict | None:
    if version < (2, 73):
        return ANY_VALUE
    return _action('lock', {
        'type': ['object', 'null'],
        'properties': {'locked_reason': {'type': 'string', 'minLength': 1,
                                         'maxLength': 255}},
        'additionalProperties': False,
    })


CREATE_IMAGE = _action('createImage', {
    'type': 'object',
    'properties': {'name': types.name, 'metadata': types.metadata},
    'required': ['name'],
    'additionalProperties': False,
})

_REBUILD_V21 = {
    'type': 'object',
    'properties': {
        'imageRef': types.uuid,
        'name': types.name,
        'adminPass': {'type': 'string'},
        'metadata': types.metadata,
        'preserve_ephemeral': types.boolean,
        'OS-DCF:diskConfig': types.disk_config,
        'accessIPv4': types.ipv4,
        'accessIPv6': types.ipv6,
        'personality': {'type': 'array', 'items': {'type': 'object'}},
    },
    'required': ['imageRef'],
    'additionalProperties': False,
}


@functools.cache
def rebuild(version: APIVersion) -> dict:
    server = copy.deepcopy(_REBUILD_V21)
    props = server['properties']
    if version >= (2, 19):
        props['description'] = types.description
    if version >= (2, 54):
        props['key_name'] = {'type': ['string', 'null'], 'minLength': 1, 'maxLength': 255}
    if version >= (2, 57):
        del props['personality']
        props['user_data'] = {'type': ['string', 'null'], 'format': 'base64',
                              'maxLength': 65535}
    if version >= (2, 63):
        props['trusted_image_certificates'] = {'type': ['array', 'null']}
    if version >= (2, 90):
        props['hostname'] = types.fqdn if version >= (2, 94) else types.hostname
    return _action('rebuild', server)


def _security_group(action: str) -> dict:
    return _action(action, {
        'type': 'object',
        'properties': {'name': {'type': 'string', 'minLength': 1, 'maxLength': 255}},
        'required': ['name'],
        'additionalProperties': False,
    })


SECURITY_GROUP_ADD = _security_group('addSecurityGroup')
SECURITY_GROUP_REMOVE = _security_group('removeSecurityGroup')

RESET_STATE = {
    'type': 'object',
    'properties': {'os-resetState': {
        'type': 'object',
        'properties': {'state': {'type': 'string', 'enum': ['active', 'error']}},
        'required': ['state'],
        'additionalProperties': False,
    }},
    'required': ['os-resetState'],
    'additionalProperties': False,
}
