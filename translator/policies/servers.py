"""Policies of the ``/servers`` API, named as Nova names them."""

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
UNLOCK_OVERRIDE = 'os_compute_api:os-lock-server:unlock:unlock_override'
DIAGNOSTICS = 'os_compute_api:os-server-diagnostics'
EXTENDED_ATTRIBUTES = 'os_compute_api:os-extended-server-attributes'
REMOTE_CONSOLES = 'os_compute_api:os-remote-consoles'


ACTION_POLICIES = {
    'reboot': PREFIX % 'reboot',
    'os-start': PREFIX % 'start',
    'os-stop': PREFIX % 'stop',
    'pause': 'os_compute_api:os-pause-server:pause',
    'unpause': 'os_compute_api:os-pause-server:unpause',
    'suspend': 'os_compute_api:os-suspend-server:suspend',
    'resume': 'os_compute_api:os-suspend-server:resume',
    'createImage': PREFIX % 'create_image',
    'rebuild': PREFIX % 'rebuild',
    'addSecurityGroup': 'os_compute_api:os-security-groups:add',
    'removeSecurityGroup': 'os_compute_api:os-security-groups:remove',
    'lock': 'os_compute_api:os-lock-server:lock',
    'os-resetState': 'os_compute_api:os-admin-actions:reset_state',
    'unlock': 'os_compute_api:os-lock-server:unlock',
    'resize': PREFIX % 'resize',
    'confirmResize': PREFIX % 'confirm_resize',
    'revertResize': PREFIX % 'revert_resize',
}

_ADMIN_ACTIONS = ('os-resetState',)

rules = [
    base.rule(INDEX, base.PROJECT_READER_OR_ADMIN, 'List servers', 'GET', '/servers'),
    base.rule(DETAIL, base.PROJECT_READER_OR_ADMIN, 'List servers with details', 'GET',
          '/servers/detail'),
    base.rule(SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server', 'GET', '/servers/{server_id}'),
    base.rule(CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Create a server', 'POST', '/servers'),
    base.rule(UPDATE, base.PROJECT_MEMBER_OR_ADMIN, 'Update a server', 'PUT',
          '/servers/{server_id}'),
    base.rule(DELETE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server', 'DELETE',
          '/servers/{server_id}'),
    base.rule(INDEX_ALL_TENANTS, base.ADMIN, 'List the servers of all projects', 'GET',
          '/servers?all_tenants'),
    base.rule(CREATE_FORCED_HOST, base.ADMIN, 'Ask for a host when creating a server',
          'POST', '/servers'),
    base.rule(EXTENDED_ATTRIBUTES, base.ADMIN,
              "Show a server's host and other OS-EXT-SRV-ATTR fields", 'GET',
              '/servers/{server_id}'),
    base.rule(DIAGNOSTICS, base.ADMIN, "Show a server's diagnostics", 'GET',
              '/servers/{server_id}/diagnostics'),
    base.rule(REMOTE_CONSOLES, base.PROJECT_MEMBER_OR_ADMIN, 'Create a remote console',
              'POST', '/servers/{server_id}/remote-consoles'),
    base.rule(UNLOCK_OVERRIDE, base.ADMIN, 'Unlock a server locked by another user', 'POST',
          '/servers/{server_id}/action (unlock)'),
] + [base.rule(rule, base.ADMIN if name in _ADMIN_ACTIONS else base.PROJECT_MEMBER_OR_ADMIN,
               f'Server action {name}', 'POST', f'/servers/{{server_id}}/action ({name})')
     for name, rule in ACTION_POLICIES.items()]


def list_rules() -> list:
    return rules
