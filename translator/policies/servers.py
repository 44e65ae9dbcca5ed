"""Policies of the ``/servers`` API, named as Nova names them."""

from oslo_policy import policy

from translator.policies import base

PREFIX = 'os_compute_api:servers:%s'
INDEX = PREFIX % 'index'
DETAIL = PREFIX % 'detail'
SHOW = PREFIX % 'show'
CREATE = PREFIX % 'create'
UPDATE = PREFIX % 'update'
DELETE = PREFIX % 'delete'
INDEX_ALL_TENANTS = PREFIX % 'index:get_all_tenants'
CREATE_FORCED_HOST = PREFIX % 'create:forced_host'


def _rule(name, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': method, 'path': path}], scope_types=['project'])


rules = [
    _rule(INDEX, base.PROJECT_READER_OR_ADMIN, 'List servers', 'GET', '/servers'),
    _rule(DETAIL, base.PROJECT_READER_OR_ADMIN, 'List servers with details', 'GET',
          '/servers/detail'),
    _rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server', 'GET', '/servers/{server_id}'),
    _rule(CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Create a server', 'POST', '/servers'),
    _rule(UPDATE, base.PROJECT_MEMBER_OR_ADMIN, 'Update a server', 'PUT',
          '/servers/{server_id}'),
    _rule(DELETE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server', 'DELETE',
          '/servers/{server_id}'),
    _rule(INDEX_ALL_TENANTS, base.ADMIN, 'List the servers of all projects', 'GET',
          '/servers?all_tenants'),
    _rule(CREATE_FORCED_HOST, base.ADMIN, 'Ask for a host when creating a server',
          'POST', '/servers'),
]


def list_rules() -> list:
    return rules
