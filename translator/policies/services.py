"""Policies of ``/os-services``, named as Nova names them (admin only by default)."""

from translator.policies import base

_BASE = 'os_compute_api:os-services:%s'
LIST = _BASE % 'list'
UPDATE = _BASE % 'update'
DELETE = _BASE % 'delete'

rules = [
    base.rule(LIST, base.ADMIN, 'List the compute services (Arktos nodes) and conductors',
              'GET', '/os-services'),
    base.rule(UPDATE, base.ADMIN, 'Disable (cordon) or enable a compute service, force it '
              'down', 'PUT', '/os-services/{service_id}'),
    base.rule(DELETE, base.ADMIN, 'Delete a compute service', 'DELETE',
              '/os-services/{service_id}'),
]


def list_rules() -> list:
    return rules
