"""Policies of ``/os-hypervisors``, named as Nova names them (admin only by default)."""

from translator.policies import base

_BASE = 'os_compute_api:os-hypervisors:%s'
LIST = _BASE % 'list'
LIST_DETAIL = _BASE % 'list-detail'
STATISTICS = _BASE % 'statistics'
SHOW = _BASE % 'show'
UPTIME = _BASE % 'uptime'
SEARCH = _BASE % 'search'
SERVERS = _BASE % 'servers'

rules = [
    base.rule(LIST, base.ADMIN, 'List hypervisors (Arktos nodes)', 'GET', '/os-hypervisors'),
    base.rule(LIST_DETAIL, base.ADMIN, 'List hypervisors with details', 'GET',
              '/os-hypervisors/detail'),
    base.rule(STATISTICS, base.ADMIN, 'Show the summed statistics of the hypervisors', 'GET',
              '/os-hypervisors/statistics'),
    base.rule(SHOW, base.ADMIN, 'Show a hypervisor', 'GET', '/os-hypervisors/{hypervisor_id}'),
    base.rule(UPTIME, base.ADMIN, "Show a hypervisor's uptime (how long its node has been "
              'Ready)', 'GET', '/os-hypervisors/{hypervisor_id}/uptime'),
    base.rule(SEARCH, base.ADMIN, 'Search hypervisors by a hostname pattern', 'GET',
              '/os-hypervisors/{hypervisor_hostname_pattern}/search'),
    base.rule(SERVERS, base.ADMIN, 'List the servers of the hypervisors a pattern matches',
              'GET', '/os-hypervisors/{hypervisor_hostname_pattern}/servers'),
]


def list_rules() -> list:
    return rules
