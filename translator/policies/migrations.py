"""Policies of ``/os-migrations`` (Nova's defaults: admins only)."""

from translator.policies import base

PREFIX = 'os_compute_api:os-migrations:%s'
INDEX = PREFIX % 'index'
INDEX_ALL_PROJECTS = PREFIX % 'index:all_projects'
INDEX_HOST = PREFIX % 'index:host'

rules = [
    base.rule(INDEX, base.ADMIN, 'List migrations (in-place resizes)', 'GET',
              '/os-migrations'),
    base.rule(INDEX_ALL_PROJECTS, base.ADMIN, 'List the migrations of other projects',
              'GET', '/os-migrations'),
    base.rule(INDEX_HOST, base.ADMIN, 'Show the hosts of migrations', 'GET',
              '/os-migrations'),
]


def list_rules() -> list:
    return rules
