"""``POST /servers/{id}/action``: one top-level key names the action.

Each action checks the caller's policy, the server lock, and Nova's table of states
the action is allowed in (409 with Nova's wording otherwise), then makes one driver
call. Actions Arktos cannot carry out answer 501, as Nova does for a virt driver
that lacks them (resizes, where the control plane cannot resize in place).
"""

from translator import exception, states
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import parameter_types
from translator.api.schemas import server_actions as schemas
from translator.api.views import common as common_view
from translator.api.views import servers as servers_view
from translator.policies import servers as policies
from translator.web import wsgi

_REBOOT_TASKS = frozenset({None, 'rebooting', 'reboot_pending', 'reboot_started',
                           'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard',
                           'resuming', 'pausing', 'unpausing', 'suspending'})
_HARD_REBOOT_VM_STATES = frozenset({states.ACTIVE, states.STOPPED, states.PAUSED,
                                    states.SUSPENDED, states.ERROR})

# Nova actions Arktos offers nothing for (``nova-api.md`` §4).
UNSUPPORTED = frozenset({
    'migrate', 'os-migrateLive', 'evacuate',
    'shelve', 'shelveOffload', 'unshelve', 'rescue', 'unrescue', 'changePassword',
    'os-getConsoleOutput', 'os-getVNCConsole', 'os-getSPICEConsole', 'os-getRDPConsole',
    'os-getSerialConsole', 'createBackup', 'trigger_crash_dump',
    'addFixedIp', 'removeFixedIp',
    'addFloatingIp', 'removeFloatingIp', 'injectNetworkInfo', 'resetNetwork',
    'forceDelete', 'restore',
})


def check_state(server, action: str, vm_states, task_states=frozenset({None})) -> None:
    """Nova's ``check_instance_state``: 409 unless the server may do ``action``."""
    if server.vm_state not in vm_states:
        raise exception.InstanceInvalidState(action=action, server_id=server.id,
                                             attr='vm_state', state=server.vm_state)
    if server.task_state not in task_states:
        raise exception.InstanceInvalidState(action=action, server_id=server.id,
                                             attr='task_state', state=server.task_state)


def check_lock(context, server) -> None:
    """Nova's ``check_instance_lock``: only admins act on a locked server."""
    if server.locked and not context.is_admin:
        raise exception.InstanceIsLocked(server_id=server.id)


def _reboot(req, server, body):
    hard = body['reboot']['type'].upper() == 'HARD'
    if hard:
        check_state(server, 'reboot', _HARD_REBOOT_VM_STATES, _REBOOT_TASKS)
    else:
        check_state(server, 'reboot', {states.ACTIVE})
    driver = req.driver
    if server.vm_state == states.ACTIVE:
        driver.reboot_server(req.context, server, hard)
    else:
        # Arktos reboots only a VM that runs on a node; a hard reboot of a stopped,
        # paused, suspended or failed server starts it, as Nova's does.
        driver.set_power_state(req.context, server, states.ACTIVE, states.POWERING_ON)


def _power(action: str, allowed: set, target: str, task: str | None):
    def handler(req, server, body):
        check_state(server, action, allowed)
        req.driver.set_power_state(req.context, server, target, task)
    return handler


def _lock(req, server, body):
    reason = (body['lock'] or {}).get('locked_reason') if req.version >= (2, 73) else None
    req.driver.set_lock(req.context, server, True, reason,
                        by_admin=req.context.is_admin)


def _reset_state(req, server, body):
    """Admins only (its policy): any state, and the task goes."""
    req.driver.reset_state(req.context, server, body['os-resetState']['state'])


def _unlock(req, server, body):
    if server.locked_by == 'admin':
        req.context.can(policies.UNLOCK_OVERRIDE)
    req.driver.set_lock(req.context, server, False)


# Arktos snapshots and restores only a VM that runs on a node.
_SNAPSHOT_VM_STATES = frozenset({states.ACTIVE, states.PAUSED, states.SUSPENDED})


def _create_image(req, server, body):
    check_state(server, 'createImage', _SNAPSHOT_VM_STATES)
    request = body['createImage']
    image = req.driver.snapshot_server(req.context, server, request['name'],
                                       request.get('metadata') or {})
    if req.version >= (2, 45):
        return wsgi.json_response({'image_id': image.id}, 202)
    return wsgi.empty_response(
        202, {'Location': common_view.image_link(req, image.id)})


def _rebuild(req, server, body):
    request = body['rebuild']
    check_state(server, 'rebuild', {states.ACTIVE, states.STOPPED})
    for field in ('personality', 'trusted_image_certificates', 'preserve_ephemeral'):
        if request.get(field) and parameter_types.to_bool(request[field]):
            raise exception.Invalid(f'Rebuild with {field} is not supported.')
    driver = req.driver
    image = driver.get_image(req.context, request['imageRef'])
    guest = {key: request[key] for key in ('key_name', 'user_data') if key in request}
    if image.properties.get('instance_uuid') == server.id:
        # A restore to the server's own snapshot: an Arktos Action on a running VM.
        check_state(server, 'rebuild', {states.ACTIVE})
        if guest:
            raise exception.RestoreCannotChange(image_id=image.id,
                                                fields=', '.join(sorted(guest)))
    changes = common.server_changes(request)
    if 'metadata' in request:
        changes['metadata'] = request['metadata']
    server = driver.rebuild_server(req.context, server, image, changes, guest)
    shown = servers_view.show(req, server, reduced=req.version < (2, 75))
    if req.version >= (2, 54):
        shown['key_name'] = server.key_name
    admin_pass = common.admin_pass(req, request)
    if admin_pass is not None:
        shown['adminPass'] = admin_pass
    if req.version >= (2, 57):
        # The rebuild names the new user data 'user_data' only (Nova's show_user_data).
        shown.pop('OS-EXT-SRV-ATTR:user_data', None)
        shown['user_data'] = request.get('user_data')
    return wsgi.json_response(
        {'server': shown}, 202,
        headers={'Location': common_view.self_link(req, 'servers', server.id)})


def _security_group(add: bool):
    def handler(req, server, body):
        name = body['addSecurityGroup' if add else 'removeSecurityGroup']['name']
        groups = list(server.security_groups)
        if add and name not in groups:
            groups.append(name)
        elif not add:
            if name not in groups:
                raise exception.Invalid(f'Security group {name} not associated with the '
                                        'instance')
            groups.remove(name)
        req.driver.set_security_groups(req.context, server, tuple(groups))
    return handler


def _check_resizable(server, action: str) -> None:
    """Nova's 501 where Arktos cannot resize the server in place (the control plane
    runs without InPlacePodVerticalScaling)."""
    if not server.resizable and server.vm_state != states.RESIZED:
        raise exception.NotSupported(feature=f"'{action}' (in-place resize needs Arktos's "
                                             'InPlacePodVerticalScaling feature gate)')


def _resize(req, server, body):
    _check_resizable(server, 'resize')
    check_state(server, 'resize', {states.ACTIVE, states.STOPPED})
    request = body['resize']
    flavor = req.driver.get_flavor(req.context, str(request['flavorRef']), for_create=True)
    if flavor.id == server.flavor.id:
        raise exception.Invalid('When resizing, instances must change flavor!')
    if flavor.disk == 0 and server.flavor.disk != 0:
        raise exception.Invalid('Server disk was unable to be resized because: Resize to '
                                'zero disk flavor is not allowed.')
    req.driver.resize_server(req.context, server, flavor, request.get('OS-DCF:diskConfig'))


def _confirm_resize(req, server, body):
    _check_resizable(server, 'confirmResize')
    check_state(server, 'confirmResize', {states.RESIZED})
    req.driver.confirm_resize(req.context, server)
    return wsgi.empty_response(204)


def _revert_resize(req, server, body):
    _check_resizable(server, 'revertResize')
    check_state(server, 'revertResize', {states.RESIZED})
    req.driver.revert_resize(req.context, server)


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
    'createImage': (_create_image, lambda version: schemas.CREATE_IMAGE, False),
    'rebuild': (_rebuild, schemas.rebuild, True),
    'addSecurityGroup': (_security_group(True), lambda v: schemas.SECURITY_GROUP_ADD, False),
    'removeSecurityGroup': (_security_group(False),
                            lambda v: schemas.SECURITY_GROUP_REMOVE, False),
    'lock': (_lock, schemas.lock, False),
    'os-resetState': (_reset_state, lambda v: schemas.RESET_STATE, False),
    'unlock': (_unlock, None, False),
    'resize': (_resize, lambda v: schemas.RESIZE, True),
    'confirmResize': (_confirm_resize, None, True),
    'revertResize': (_revert_resize, None, True),
}


def action(req: api_wsgi.Request):
    body = wsgi.json_body(req.body)
    if not isinstance(body, dict) or len(body) != 1:
        raise exception.MalformedRequestBody()
    (name,) = body
    if name in UNSUPPORTED:
        # A server that does not exist is a 404 before any 501.
        common.find_server(req)
        raise exception.NotSupported(feature=f"'{name}'")
    if name not in ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    handler, schema, lock_applies = ACTIONS[name]
    req.context.can(policies.ACTION_POLICIES[name])
    if schema is not None and schema(req.version) is not None:
        validation.validate(body, schema(req.version))
    server = common.find_server(req)
    if lock_applies:
        check_lock(req.context, server)
    return handler(req, server, body) or wsgi.empty_response(202)
