"""Policies of ``/os-availability-zone``: the list for anyone, hosts for admins."""

from translator.policies import base

PREFIX = 'os_compute_api:os-availability-zone:%s'
LIST = PREFIX % 'list'
DETAIL = PREFIX % 'detail'

rules = [
    base.rule(LIST, base.ANY, 'List availability zones', 'GET', '/os-availability-zone'),
    base.rule(DETAIL, base.ADMIN, 'List availability zones with their hosts', 'GET',
              '/os-availability-zone/detail'),
]


def list_rules() -> list:
    return rules
