"""Policies of ``/os-aggregates``, named as Nova names them (admin only by default)."""

from translator.policies import base

_BASE = 'os_compute_api:os-aggregates:%s'
INDEX = _BASE % 'index'
CREATE = _BASE % 'create'
SHOW = _BASE % 'show'
UPDATE = _BASE % 'update'
DELETE = _BASE % 'delete'
ADD_HOST = _BASE % 'add_host'
REMOVE_HOST = _BASE % 'remove_host'
SET_METADATA = _BASE % 'set_metadata'

_ITEM = '/os-aggregates/{aggregate_id}'
_ACTION = _ITEM + '/action'
rules = [
    base.rule(INDEX, base.ADMIN, 'List host aggregates', 'GET', '/os-aggregates'),
    base.rule(CREATE, base.ADMIN, 'Create a host aggregate', 'POST', '/os-aggregates'),
    base.rule(SHOW, base.ADMIN, 'Show a host aggregate', 'GET', _ITEM),
    base.rule(UPDATE, base.ADMIN, 'Rename a host aggregate or change its zone', 'PUT', _ITEM),
    base.rule(DELETE, base.ADMIN, 'Delete a host aggregate', 'DELETE', _ITEM),
    base.rule(ADD_HOST, base.ADMIN, 'Add a host (label a node)', 'POST', _ACTION),
    base.rule(REMOVE_HOST, base.ADMIN, 'Remove a host (unlabel a node)', 'POST', _ACTION),
    base.rule(SET_METADATA, base.ADMIN, "Set a host aggregate's metadata", 'POST', _ACTION),
]


def list_rules() -> list:
    return rules
