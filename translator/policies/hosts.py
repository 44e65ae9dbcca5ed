"""Policies of ``/os-hosts`` (up to 2.42), named as Nova names them (admin only)."""

from translator.policies import base

_BASE = 'os_compute_api:os-hosts:%s'
LIST = _BASE % 'list'
SHOW = _BASE % 'show'
UPDATE = _BASE % 'update'
REBOOT = _BASE % 'reboot'
SHUTDOWN = _BASE % 'shutdown'
START = _BASE % 'start'

_ITEM = '/os-hosts/{host_name}'
rules = [
    base.rule(LIST, base.ADMIN, 'List hosts', 'GET', '/os-hosts'),
    base.rule(SHOW, base.ADMIN, "Show a host's resources", 'GET', _ITEM),
    base.rule(UPDATE, base.ADMIN, 'Enable or disable (cordon) a host', 'PUT', _ITEM),
    base.rule(REBOOT, base.ADMIN, 'Reboot a host (not supported: 501)', 'GET',
              _ITEM + '/reboot'),
    base.rule(SHUTDOWN, base.ADMIN, 'Shut a host down (not supported: 501)', 'GET',
              _ITEM + '/shutdown'),
    base.rule(START, base.ADMIN, 'Start a host (not supported: 501)', 'GET',
              _ITEM + '/startup'),
]


def list_rules() -> list:
    return rules
