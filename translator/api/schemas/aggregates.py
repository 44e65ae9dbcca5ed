"""Bodies of ``/os-aggregates`` (nova's schemas/aggregates)."""

from translator.api.schemas import parameter_types as types

_ZONE = {'oneOf': [{'type': 'string', 'minLength': 1, 'maxLength': 255}, {'type': 'null'}]}


def _wrapped(key: str, inner: dict) -> dict:
    return {'type': 'object', 'properties': {key: inner}, 'required': [key],
            'additionalProperties': False}


create = _wrapped('aggregate', {
    'type': 'object', 'properties': {'name': types.name, 'availability_zone': _ZONE},
    'required': ['name'], 'additionalProperties': False})

update = _wrapped('aggregate', {
    'type': 'object', 'properties': {'name': types.name, 'availability_zone': _ZONE},
    'additionalProperties': False,
    'anyOf': [{'required': ['name']}, {'required': ['availability_zone']}]})

_HOST = {'type': 'object', 'properties': {'host': types.fqdn}, 'required': ['host'],
         'additionalProperties': False}
add_host = _wrapped('add_host', _HOST)
remove_host = _wrapped('remove_host', _HOST)

_METADATA_WITH_NULL = {
    'type': 'object',
    'patternProperties': {'^[a-zA-Z0-9-_:. ]{1,255}$': {'type': ['string', 'null'],
                                                       'maxLength': 255}},
    'additionalProperties': False,
}
set_metadata = _wrapped('set_metadata', {
    'type': 'object', 'properties': {'metadata': _METADATA_WITH_NULL},
    'required': ['metadata'], 'additionalProperties': False})

