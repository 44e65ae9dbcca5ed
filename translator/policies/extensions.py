"""Policy of ``/extensions``, named as Nova names it."""

from translator.policies import base

LIST = 'os_compute_api:extensions'

rules = [
    base.rule(LIST, base.ANY, 'List and show API extensions', 'GET', '/extensions'),
]


def list_rules() -> list:
    return rules
