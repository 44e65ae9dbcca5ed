"""Request body and query validation with JSON schema, worded as Nova words it."""

import base64
import binascii
import ipaddress
import re
import string
import uuid

import jsonschema

from translator import exception
from translator.web import wsgi

_format_checker = jsonschema.FormatChecker()


@_format_checker.checks('name', raises=exception.ValidationError)
def _name(instance) -> bool:
    if not isinstance(instance, str):
        return True
    if instance != instance.strip() or not instance.isprintable():
        raise exception.ValidationError(
            detail=("An invalid 'name' value was provided. The name must be: printable "
                    "characters. Can not start or end with whitespace."))
    return True


def _keypair_name(instance, safe_chars: str) -> bool:
    if isinstance(instance, str) and any(c not in safe_chars for c in instance):
        raise exception.ValidationError(
            detail=f"An invalid 'name' value was provided. Only expected characters: "
                   f"[{safe_chars}]")
    return True


_KEYPAIR_CHARS = '_- ' + string.digits + string.ascii_letters


@_format_checker.checks('keypair_name_20', raises=exception.ValidationError)
def _keypair_name_20(instance) -> bool:
    return _keypair_name(instance, _KEYPAIR_CHARS)


@_format_checker.checks('keypair_name_292', raises=exception.ValidationError)
def _keypair_name_292(instance) -> bool:
    return _keypair_name(instance, '@.' + _KEYPAIR_CHARS)


@_format_checker.checks('description')
def _description(instance) -> bool:
    return not isinstance(instance, str) or instance.isprintable()


@_format_checker.checks('uuid')
def _uuid(instance) -> bool:
    if not isinstance(instance, str):
        return True
    try:
        uuid.UUID(instance)
    except ValueError:
        return False
    return '-' in instance or len(instance) == 32


@_format_checker.checks('base64')
def _base64(instance) -> bool:
    if not isinstance(instance, str):
        return True
    try:
        base64.b64decode(''.join(instance.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


@_format_checker.checks('ipv4')
def _ipv4(instance) -> bool:
    return not isinstance(instance, str) or _is_ip(instance, ipaddress.IPv4Address)


@_format_checker.checks('ipv6')
def _ipv6(instance) -> bool:
    return not isinstance(instance, str) or _is_ip(instance, ipaddress.IPv6Address)


def _is_ip(text: str, kind) -> bool:
    try:
        kind(text)
    except ValueError:
        return False
    return True


_VALIDATORS: dict = {}


def _validator(schema: dict) -> jsonschema.Draft4Validator:
    """A compiled validator per schema object (schemas are module-level or cached)."""
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, jsonschema.Draft4Validator(schema, format_checker=_format_checker))
        _VALIDATORS[id(schema)] = entry
    return entry[1]


def _validate(instance, schema: dict, field_kind: str, name_at: int) -> None:
    """Validate; a message names the field at ``name_at`` of the error's path (the
    innermost of a body, the parameter of a query: its values are a list)."""
    validator = _validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is None:
        return
    if isinstance(error.cause, exception.ValidationError):
        raise error.cause
    if error.path:
        detail = (f'Invalid input for {field_kind} {error.path[name_at]}. '
                  f'Value: {error.instance}. {error.message}')
    else:
        detail = error.message
    raise exception.ValidationError(detail=detail)


def validate(data, schema: dict) -> None:
    """Validate a parsed body; 400 with Nova's wording otherwise."""
    _validate(data, schema, 'field/attribute', -1)


def extract_json(body: bytes, schema: dict) -> dict:
    """Parse a JSON body and validate it; 400 with Nova's wording otherwise."""
    data = wsgi.json_body(body)
    validate(data, schema)
    return data


def query_params(multidict, schema: dict) -> dict:
    """The query as ``{name: [values]}``, validated; names the schema does not know
    are dropped when it allows additional properties (Nova before 2.75)."""
    params: dict = {}
    for key, value in multidict.items():
        params.setdefault(key, []).append(value)
    _validate(params, schema, 'query parameters', 0)
    patterns = [re.compile(pattern) for pattern in schema.get('patternProperties', ())]
    return {key: values for key, values in params.items()
            if key in schema['properties'] or any(p.search(key) for p in patterns)}


def non_negative_int(params: dict, name: str) -> int | None:
    """The last value of an integer query parameter, or None when absent."""
    if name not in params:
        return None
    value = params[name][-1]
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise exception.ValidationError(
            detail=f'Invalid input for query parameters {name}. Value: {value}. '
                   f"'{value}' does not match '^[0-9]*$'")
    return number
