"""Policies of ``/os-server-groups`` (Nova's defaults)."""

from translator.policies import base

PREFIX = 'os_compute_api:os-server-groups:%s'
INDEX = PREFIX % 'index'
INDEX_ALL_PROJECTS = PREFIX % 'index:all_projects'
SHOW = PREFIX % 'show'
CREATE = PREFIX % 'create'
DELETE = PREFIX % 'delete'

rules = [
    base.rule(INDEX, base.PROJECT_READER_OR_ADMIN, 'List server groups', 'GET',
              '/os-server-groups'),
    base.rule(INDEX_ALL_PROJECTS, base.ADMIN, 'List the server groups of every project',
              'GET', '/os-server-groups?all_projects=True'),
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server group', 'GET',
              '/os-server-groups/{server_group_id}'),
    base.rule(CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Create a server group', 'POST',
              '/os-server-groups'),
    base.rule(DELETE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server group', 'DELETE',
              '/os-server-groups/{server_group_id}'),
]


def list_rules() -> list:
    return rules
