"""Glance's JSON-patch on images, validated as Glance validates it.

Two media types: ``v2.1`` (JSON-patch draft 10: ``{"op": "replace", "path": …}``)
and ``v2.0`` (draft 4: ``{"replace": "/name", "value": …}``, where ``add`` of an
attribute that exists is a 409). Glance's rules, in its order: read-only and
reserved attributes and the ``os_glance`` namespace are a 403 whatever the
operation; a value must match the image schema (400); base attributes cannot be
removed (403), extra properties that do not exist cannot be replaced or removed
(409); only admins change the owner; only a queued image changes its formats.
"""

import re

import jsonschema

from translator import exception
from translator.image import views

MEDIA_TYPES = {'application/openstack-images-v2.1-json-patch': 10,
               'application/openstack-images-v2.0-json-patch': 4}
_OPERATIONS = ('add', 'remove', 'replace')
READ_ONLY = ('created_at', 'updated_at', 'status', 'checksum', 'size', 'virtual_size',
             'direct_url', 'self', 'file', 'schema', 'id', 'os_hash_algo', 'os_hash_value')
RESERVED = ('location', 'deleted', 'deleted_at')
# The attributes of Glance's Image object (not extra properties): never removable.
BASE = ('name', 'visibility', 'protected', 'os_hidden', 'owner', 'min_disk', 'min_ram',
        'disk_format', 'container_format', 'tags', 'locations')
_FORMATS = ('disk_format', 'container_format')


def _bad(message: str) -> exception.Invalid:
    return exception.Invalid(message)


def _pointer(pointer) -> str:
    """The one attribute a JSON pointer names (Glance accepts only such pointers)."""
    if not isinstance(pointer, str) or not pointer.startswith('/'):
        raise _bad(f'Pointer `{pointer}` does not start with "/".')
    if re.search(r'/\s*?/', pointer[1:]):
        raise _bad(f'Pointer `{pointer}` contains adjacent "/".')
    if len(pointer) > 1 and pointer.endswith('/'):
        raise _bad(f'Pointer `{pointer}` end with "/".')
    if re.search('~[^01]', pointer) or pointer.endswith('~'):
        raise _bad(f'Pointer `{pointer}` contains "~" not part of a recognized escape '
                   'sequence.')
    parts = [part.replace('~1', '/').replace('~0', '~').strip()
             for part in pointer.lstrip('/').split('/')]
    if len(parts) != 1 or not parts[0]:
        raise _bad(f"Invalid JSON pointer for this resource: '/{'/'.join(parts)}'")
    return parts[0]


def _operation(raw: dict, draft: int) -> tuple[str, str]:
    if draft == 10:
        op = raw.get('op')
        if op not in _OPERATIONS:
            raise _bad(f'Invalid operation: `{op}`. It must be one of the following: '
                       'add, remove, replace.')
        if 'path' not in raw:
            raise _bad("Unable to find 'path' in JSON Schema change")
        return op, _pointer(raw['path'])
    ops = [key for key in _OPERATIONS if key in raw]
    if len(ops) != 1:
        raise _bad('Operation objects must contain exactly one member named "add", '
                   '"remove", or "replace".')
    return ops[0], _pointer(raw[ops[0]])


def parse(operations, draft: int, schema: dict) -> list[tuple[str, str, object]]:
    """``(op, attribute, value)`` of each operation, refused as Glance refuses them."""
    if not isinstance(operations, list):
        raise _bad('Request body must be a JSON array of operation objects.')
    validator = jsonschema.Draft4Validator(schema)
    changes = []
    for raw in operations:
        if not isinstance(raw, dict):
            raise _bad('Operations must be JSON objects.')
        op, name = _operation(raw, draft)
        if op != 'remove' and 'value' not in raw:
            raise _bad(f'Operation "{op}" requires a member named "value".')
        if name in READ_ONLY:
            raise exception.Forbidden(f"Attribute '{name}' is read-only.")
        if name in RESERVED or name.startswith(views.RESERVED_PREFIXES):
            raise exception.Forbidden(f"Attribute '{name}' is reserved.")
        value = raw.get('value')
        if op != 'remove':
            error = jsonschema.exceptions.best_match(validator.iter_errors({name: value}))
            if error is not None:
                raise _bad(f"Provided object does not match schema 'image': {error.message}")
        changes.append((op, name, value))
    return changes


def apply(image, changes: list, draft: int, is_admin: bool) -> dict:
    """The ``Image`` field changes of ``changes`` on ``image`` as it is now."""
    fields = {'properties': dict(image.properties), 'tags': tuple(image.tags)}
    for op, name, value in changes:
        if name == 'locations':
            raise exception.Forbidden('Image locations are not exposed by this service.')
        if name in BASE:
            if op == 'remove':
                raise exception.Forbidden(f'Property {name} may not be removed.')
            if op == 'add' and draft == 4:
                raise exception.Conflict(f'Property {name} already present.')
            if name == 'owner' and not is_admin:
                raise exception.Forbidden("Owner can't be updated by non admin.")
            if name in _FORMATS and image.status != 'queued':
                raise exception.Forbidden(
                    f'Attribute {name} can be only replaced for a queued image.')
            fields[name] = tuple(value) if name == 'tags' else value
        elif op == 'add':
            if draft == 4 and name in fields['properties']:
                raise exception.Conflict(f'Property {name} already present.')
            fields['properties'][name] = value
        elif name not in fields['properties']:
            raise exception.Conflict(f'Property {name} does not exist.')
        elif op == 'remove':
            del fields['properties'][name]
        else:
            fields['properties'][name] = value
    return fields
