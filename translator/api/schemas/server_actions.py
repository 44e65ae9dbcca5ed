"""Request schemas of ``POST /servers/{id}/action``, one per action."""

import functools

from translator.api.microversion import APIVersion


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
