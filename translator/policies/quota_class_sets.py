"""Policies of ``/os-quota-class-sets`` (admin only, as in Nova)."""

from translator.policies import base

PREFIX = 'os_compute_api:os-quota-class-sets:%s'
SHOW = PREFIX % 'show'
UPDATE = PREFIX % 'update'

rules = [
    base.rule(SHOW, base.ADMIN, 'Show a quota class', 'GET', '/os-quota-class-sets/{id}'),
    base.rule(UPDATE, base.ADMIN, 'Update a quota class (class default gives the defaults)',
              'PUT', '/os-quota-class-sets/{id}'),
]


def list_rules() -> list:
    return rules
