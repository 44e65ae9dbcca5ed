"""Policies of ``/os-quota-sets``: project readers read, admins write (as in Nova)."""

from translator.policies import base

PREFIX = 'os_compute_api:os-quota-sets:%s'
SHOW = PREFIX % 'show'
DETAIL = PREFIX % 'detail'
DEFAULTS = PREFIX % 'defaults'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'

rules = [
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show the quotas of a project', 'GET',
              '/os-quota-sets/{tenant_id}'),
    base.rule(DETAIL, base.PROJECT_READER_OR_ADMIN, 'Show the quotas and usage of a project',
              'GET', '/os-quota-sets/{tenant_id}/detail'),
    base.rule(DEFAULTS, base.ANY, 'Show the default quotas', 'GET',
              '/os-quota-sets/{tenant_id}/defaults'),
    base.rule(UPDATE, base.ADMIN, 'Update the quotas of a project', 'PUT',
              '/os-quota-sets/{tenant_id}'),
    base.rule(DELETE, base.ADMIN, 'Give a project the default quotas again', 'DELETE',
              '/os-quota-sets/{tenant_id}'),
]


def list_rules() -> list:
    return rules
