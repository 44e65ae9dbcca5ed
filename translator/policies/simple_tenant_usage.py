"""Policies of ``/os-simple-tenant-usage``, named as Nova names them."""

from translator.policies import base

LIST = 'os_compute_api:os-simple-tenant-usage:list'
SHOW = 'os_compute_api:os-simple-tenant-usage:show'

rules = [
    base.rule(LIST, base.ADMIN, "List every project's usage", 'GET',
              '/os-simple-tenant-usage'),
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, "Show a project's usage", 'GET',
              '/os-simple-tenant-usage/{tenant_id}'),
]


def list_rules() -> list:
    return rules
