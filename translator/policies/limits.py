"""Policies of ``/limits``."""

from translator.policies import base

SHOW = 'os_compute_api:limits'
OTHER_PROJECT = 'os_compute_api:limits:other_project'

rules = [
    base.rule(SHOW, base.ANY, 'Show the limits and usage of the own project', 'GET',
              '/limits'),
    base.rule(OTHER_PROJECT, base.ADMIN, 'Show the limits of another project', 'GET',
              '/limits?tenant_id'),
]


def list_rules() -> list:
    return rules
