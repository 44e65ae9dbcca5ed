"""Policies of ``/os-server-groups`` (Arktos has no server groups: none can exist)."""

from translator.policies import base

INDEX = 'os_compute_api:os-server-groups:index'
SHOW = 'os_compute_api:os-server-groups:show'
CREATE = 'os_compute_api:os-server-groups:create'

rules = [
    base.rule(INDEX, base.PROJECT_READER_OR_ADMIN, 'List server groups (always empty)', 'GET',
              '/os-server-groups'),
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server group (always 404)', 'GET',
              '/os-server-groups/{server_group_id}'),
    base.rule(CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Create a server group (always 501)',
              'POST', '/os-server-groups'),
]


def list_rules() -> list:
    return rules
