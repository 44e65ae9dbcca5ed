"""Policies of the read-only ``/os-quota-sets``."""

from translator.policies import base

PREFIX = 'os_compute_api:os-quota-sets:%s'
SHOW = PREFIX % 'show'
DETAIL = PREFIX % 'detail'
DEFAULTS = PREFIX % 'defaults'

rules = [
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show the quotas of a project', 'GET',
              '/os-quota-sets/{tenant_id}'),
    base.rule(DETAIL, base.PROJECT_READER_OR_ADMIN, 'Show the quotas and usage of a project',
              'GET', '/os-quota-sets/{tenant_id}/detail'),
    base.rule(DEFAULTS, base.ANY, 'Show the default quotas', 'GET',
              '/os-quota-sets/{tenant_id}/defaults'),
]


def list_rules() -> list:
    return rules
