"""Policies of ``/servers/{id}/os-instance-actions``, named as Nova names them."""

from translator.policies import base

LIST = 'os_compute_api:os-instance-actions:list'
SHOW = 'os_compute_api:os-instance-actions:show'
EVENTS = 'os_compute_api:os-instance-actions:events'
_PATH = '/servers/{server_id}/os-instance-actions'

rules = [
    base.rule(LIST, base.PROJECT_READER_OR_ADMIN, "List a server's actions", 'GET', _PATH),
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server action', 'GET',
              _PATH + '/{request_id}'),
    base.rule(EVENTS, base.ADMIN, "Show an action's events with their tracebacks", 'GET',
              _PATH + '/{request_id}'),
]


def list_rules() -> list:
    return rules
