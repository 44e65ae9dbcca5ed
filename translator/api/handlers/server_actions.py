"""``POST /servers/{id}/action``: one top-level key names the action.

Each action checks the caller's policy, the server lock, and Nova's table of states
the action is allowed in (409 with Nova's wording otherwise), then makes one driver
call. Actions Arktos cannot carry out answer 501, as Nova does for a virt driver
that lacks them.
"""

import json

from translator import exception, states
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import server_actions as schemas
from translator.policies import servers as policies

_REBOOT_TASKS = frozenset({None, 'rebooting', 'reboot_pending', 'reboot_started',
                           'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard',
                           'resuming', 'pausing', 'unpausing', 'suspending'})
_HARD_REBOOT_VM_STATES = frozenset({states.ACTIVE, states.STOPPED, states.PAUSED,
                                    states.SUSPENDED, states.ERROR})

# Nova actions Arktos offers nothing for (``nova-api.md`` §4).
UNSUPPORTED = frozenset({
    'resize', 'confirmResize', 'revertResize', 'migrate', 'os-migrateLive', 'evacuate',
    'shelve', 'shelveOffload', 'unshelve', 'rescue', 'unrescue', 'changePassword',
    'os-getConsoleOutput', 'os-getVNCConsole', 'os-getSPICEConsole', 'os-getRDPConsole',
    'os-getSerialConsole', 'createBackup', 'createImage', 'rebuild', 'trigger_crash_dump',
    'addSecurityGroup', 'removeSecurityGroup', 'addFixedIp', 'removeFixedIp',
    'addFloatingIp', 'removeFloatingIp', 'injectNetworkInfo', 'resetNetwork',
    'os-resetState', 'forceDelete', 'restore',
})


class InstanceInvalidState(exception.Conflict):
    msg_fmt = "Cannot '%(action)s' instance %(server_id)s while it is in %(attr)s %(state)s"


class InstanceIsLocked(exception.Conflict):
    msg_fmt = 'Instance %(server_id)s is locked'


class ActionNotSupported(exception.TranslatorException):
    msg_fmt = ("The requested functionality is not supported: Arktos offers no "
               "'%(action)s' for virtual machines.")
    code = 501
    safe = True


def check_state(server, action: str, vm_states, task_states=frozenset({None})) -> None:
    """Nova's ``check_instance_state``: 409 unless the server may do ``action``."""
    if server.vm_state not in vm_states:
        raise InstanceInvalidState(action=action, server_id=server.id, attr='vm_state',
                                   state=server.vm_state)
    if server.task_state not in task_states:
        raise InstanceInvalidState(action=action, server_id=server.id, attr='task_state',
                                   state=server.task_state)


def check_lock(context, server) -> None:
    """Nova's ``check_instance_lock``: only admins act on a locked server."""
    if server.locked and not context.is_admin:
        raise InstanceIsLocked(server_id=server.id)


def _reboot(req, server, body):
    hard = body['reboot']['type'].upper() == 'HARD'
    if hard:
        check_state(server, 'reboot', _HARD_REBOOT_VM_STATES, _REBOOT_TASKS)
    else:
        check_state(server, 'reboot', {states.ACTIVE})
    driver = common.driver(req)
    if server.vm_state == states.ACTIVE:
        driver.reboot_server(req.context, server.id, hard)
    else:
        # Arktos reboots only a VM that runs on a node; a hard reboot of a stopped,
        # paused, suspended or failed server starts it, as Nova's does.
        driver.set_power_state(req.context, server.id, states.ACTIVE, states.POWERING_ON)


def _power(action: str, allowed: set, target: str, task: str | None):
    def handler(req, server, body):
        check_state(server, action, allowed)
        common.driver(req).set_power_state(req.context, server.id, target, task)
    return handler


def _lock(req, server, body):
    reason = (body['lock'] or {}).get('locked_reason') if req.version >= (2, 73) else None
    common.driver(req).set_lock(req.context, server.id, True, reason,
                                by_admin=req.context.is_admin)


def _unlock(req, server, body):
    if server.locked_by == 'admin':
        req.context.can(policies.UNLOCK_OVERRIDE)
    common.driver(req).set_lock(req.context, server.id, False)


# name: (handler, schema for the request version or None, whether a lock stops it)
ACTIONS = {
    'reboot': (_reboot, lambda version: schemas.REBOOT, True),
    'os-stop': (_power('stop', {states.ACTIVE, states.ERROR}, states.STOPPED,
                       states.POWERING_OFF), None, True),
    'os-start': (_power('start', {states.STOPPED}, states.ACTIVE, states.POWERING_ON),
                 None, True),
    'pause': (_power('pause', {states.ACTIVE}, states.PAUSED, None), None, True),
    'unpause': (_power('unpause', {states.PAUSED}, states.ACTIVE, None), None, True),
    'suspend': (_power('suspend', {states.ACTIVE}, states.SUSPENDED, None), None, True),
    'resume': (_power('resume', {states.SUSPENDED}, states.ACTIVE, None), None, True),
    'lock': (_lock, schemas.lock, False),
    'unlock': (_unlock, None, False),
}


def action(req: api_wsgi.Request):
    try:
        body = json.loads(req.body)
    except (ValueError, UnicodeDecodeError) as e:
        raise exception.MalformedRequestBody() from e
    if not isinstance(body, dict) or len(body) != 1:
        raise exception.MalformedRequestBody()
    (name,) = body
    if name in UNSUPPORTED:
        raise ActionNotSupported(action=name)
    if name not in ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    handler, schema, lock_applies = ACTIONS[name]
    context = req.context
    context.can(policies.ACTION_POLICIES[name])
    if schema is not None and schema(req.version) is not None:
        validation.validate(body, schema(req.version))
    server = common.driver(req).get_server(context, req.urlvars['server_id'])
    if lock_applies:
        check_lock(context, server)
    handler(req, server, body)
    return api_wsgi.empty_response(202)
