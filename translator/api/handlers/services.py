"""``/os-services``: a ``nova-compute`` per Arktos node and a ``nova-conductor`` per
translator-conductor (``openstack compute service list/set``), admin only.

A compute service is up while its node's kubelet renews the node Lease (and it is not
forced down); a conductor while it renews its own Lease.  Disabling a compute service cordons
its node, enabling uncordons it (see ``translator.backend.arktos.hosts``).  From 2.53 a
service is updated by id (``PUT /os-services/{id}``); before, by host and binary through the
``disable``, ``disable-log-reason``, ``enable`` and (2.11) ``force-down`` actions.  Only
compute services can be updated, as in Nova.  A node is Arktos's: deleting its service is
refused while servers are on it (409, as Nova) and not supported otherwise (501).
"""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import hosts as schemas
from translator.api.schemas import parameter_types as types
from translator.api.views import hosts as view
from translator.policies import services as policies
from translator.web import wsgi

UUID_IDS = (2, 53)


def index(req: api_wsgi.Request):
    req.context.can(policies.LIST)
    params = validation.query_params(req.GET, schemas.services_query(req.version))
    services = [view.compute_service(req, host)
                for host in req.driver.list_compute_hosts(req.context)]
    services += [view.control_service(req, service)
                 for service in req.driver.list_control_services(req.context)]
    for field in ('host', 'binary'):
        wanted = params.get(field, [''])[-1]
        if wanted:
            services = [service for service in services if service[field] == wanted]
    return wsgi.json_response({'services': services})


def _not_compute(binary: str) -> exception.Invalid:
    return exception.Invalid(f'Updating a {binary} service is not supported. Only '
                             'nova-compute services can be updated.')


def _find(req: api_wsgi.Request, service_id: str):
    """``(compute host or None, control service or None)`` of ``service_id``."""
    for host in req.driver.list_compute_hosts(req.context):
        if str(view.compute_service(req, host)['id']) == service_id:
            return host, None
    for service in req.driver.list_control_services(req.context):
        if str(view.control_service(req, service)['id']) == service_id:
            return None, service
    raise exception.NotFound(f'Service {service_id} not found.')


def update(req: api_wsgi.Request):
    service_id = req.urlvars['service_id']
    if req.version >= UUID_IDS and not view.is_uuid_like(service_id):
        raise exception.Invalid(f'Invalid uuid {service_id}')
    req.context.can(policies.UPDATE)
    body = validation.extract_json(req.body, schemas.service_update(req.version))
    if req.version >= UUID_IDS:
        return _update_by_id(req, service_id, body)
    return _action(req, service_id, body)


def _update_by_id(req: api_wsgi.Request, service_id: str, body: dict):
    host, control = _find(req, service_id)
    if control is not None:
        raise _not_compute(control.binary)
    changes = {}
    if body.get('status') == 'enabled':
        if body.get('disabled_reason'):
            raise exception.Invalid("Specifying 'disabled_reason' with status 'enabled' is "
                                    'invalid.')
        changes.update(disabled=False)
    elif body.get('status') == 'disabled':
        changes.update(disabled=True, disabled_reason=body.get('disabled_reason'))
    if 'forced_down' in body:
        changes['forced_down'] = types.to_bool(body['forced_down'])
    if not changes:
        raise exception.Invalid("No updates were requested. Fields 'status' or "
                                "'forced_down' should be specified.")
    host = req.driver.set_compute_service(req.context, host.name, **changes)
    return wsgi.json_response({'service': view.compute_service(req, host)})


def _action(req: api_wsgi.Request, action: str, body: dict):
    actions = ['enable', 'disable', 'disable-log-reason']
    if req.version >= (2, 11):
        actions.append('force-down')
    if action not in actions:
        raise exception.NotFound('Unknown action')
    host, binary = body['host'], body['binary']
    if action == 'force-down':
        if 'forced_down' not in body:
            raise exception.Invalid('Missing forced_down field')
        changes = {'forced_down': types.to_bool(body['forced_down'])}
        answer = {'host': host, 'binary': binary, 'forced_down': changes['forced_down']}
    else:
        reason = None
        if action == 'disable-log-reason':
            if 'disabled_reason' not in body:
                raise exception.Invalid('Missing disabled reason field')
            reason = body['disabled_reason']
        changes = {'disabled': action != 'enable', 'disabled_reason': reason}
        answer = {'host': host, 'binary': binary,
                  'status': 'enabled' if action == 'enable' else 'disabled'}
        if reason:
            answer['disabled_reason'] = reason
    if binary != view.COMPUTE:
        raise _not_compute(binary)
    try:
        req.driver.set_compute_service(req.context, host, **changes)
    except exception.ComputeHostNotFound:
        raise exception.NotFound(f'Could not find binary {binary} on host {host}.') from None
    return wsgi.json_response({'service': answer})


def delete(req: api_wsgi.Request):
    service_id = req.urlvars['service_id']
    req.context.can(policies.DELETE)
    if req.version >= UUID_IDS:
        if not view.is_uuid_like(service_id):
            raise exception.Invalid(f'Invalid uuid {service_id}')
    elif not service_id.isdigit():
        raise exception.Invalid(f'Invalid input for field/attribute id. Value: {service_id}.')
    host, _ = _find(req, service_id)
    if host is not None and host.servers:
        raise exception.Conflict('Unable to delete compute service that is hosting '
                                 'instances. Migrate or delete the instances first.')
    raise exception.NotSupported('The requested functionality is not supported: the nodes '
                                 "and conductors are Arktos's and the translator's own; their "
                                 'services cannot be deleted.')
