"""Policies of the nova-network proxy reads ``/os-networks`` and ``/os-security-groups``."""

from translator.policies import base

NETWORKS_LIST = 'os_compute_api:os-networks:list'
NETWORKS_SHOW = 'os_compute_api:os-networks:view'
SECURITY_GROUPS_LIST = 'os_compute_api:os-security-groups:get'
SECURITY_GROUPS_SHOW = 'os_compute_api:os-security-groups:show'

rules = [
    base.rule(NETWORKS_LIST, base.PROJECT_READER_OR_ADMIN, 'List networks', 'GET',
              '/os-networks'),
    base.rule(NETWORKS_SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a network', 'GET',
              '/os-networks/{network_id}'),
    base.rule(SECURITY_GROUPS_LIST, base.PROJECT_READER_OR_ADMIN, 'List security groups',
              'GET', '/os-security-groups'),
    base.rule(SECURITY_GROUPS_SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a security group',
              'GET', '/os-security-groups/{security_group_id}'),
]


def list_rules() -> list:
    return rules
