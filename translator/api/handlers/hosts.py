"""``/os-hosts`` (2.1 to 2.42; 404 after, as Nova): the enabled compute hosts (Arktos
nodes) and conductors, a host's resources, and enabling or disabling a host (its node's
cordon).  Maintenance mode and power actions are not Arktos's to give (501, as Nova answers
for a virt driver without them)."""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import hosts as schemas
from translator.api.schemas import parameter_types as types
from translator.policies import hosts as policies
from translator.web import wsgi

LAST_VERSION = (2, 42)
_QUERY = {'type': 'object', 'properties': {'zone': types.common_query_param},
          'additionalProperties': True}


def _authorize(req: api_wsgi.Request, rule: str) -> None:
    if req.version > LAST_VERSION:
        raise exception.NotFound()
    req.context.can(rule)


def index(req: api_wsgi.Request):
    _authorize(req, policies.LIST)
    params = validation.query_params(req.GET, _QUERY)
    hosts = [{'host_name': host.name, 'service': 'compute', 'zone': host.zone}
             for host in req.driver.list_compute_hosts(req.context) if not host.disabled]
    hosts += [{'host_name': service.host, 'service': 'conductor', 'zone': 'internal'}
              for service in req.driver.list_control_services(req.context)]
    zone = params.get('zone', [''])[-1]
    if zone:
        hosts = [host for host in hosts if host['zone'] == zone]
    return wsgi.json_response({'hosts': hosts})


def _host(req: api_wsgi.Request):
    name = req.urlvars['host_name']
    for host in req.driver.list_compute_hosts(req.context):
        if host.name == name:
            return host
    raise exception.ComputeHostNotFound(host=name)


def _resource(host: str, project: str, cpu: int, memory_mb: int, disk_gb: int) -> dict:
    return {'resource': {'host': host, 'project': project, 'cpu': cpu,
                         'memory_mb': memory_mb, 'disk_gb': disk_gb}}


def _sizes(servers) -> tuple:
    return (sum(s.flavor.vcpus for s in servers), sum(s.flavor.ram for s in servers),
            sum(s.flavor.disk + s.flavor.ephemeral for s in servers))


def show(req: api_wsgi.Request):
    _authorize(req, policies.SHOW)
    host = _host(req)
    resources = [
        _resource(host.name, '(total)', host.vcpus, host.memory_mb, host.local_gb),
        _resource(host.name, '(used_now)', host.vcpus_used, host.memory_mb_used,
                  host.local_gb_used),
        _resource(host.name, '(used_max)', *_sizes(host.servers)),
    ]
    projects: dict = {}
    for server in host.servers:
        projects.setdefault(server.project_id, []).append(server)
    resources += [_resource(host.name, project, *_sizes(servers))
                  for project, servers in projects.items()]
    return wsgi.json_response({'host': resources})


def update(req: api_wsgi.Request):
    _authorize(req, policies.UPDATE)
    body = validation.extract_json(req.body, schemas.host_update)
    host = _host(req)
    if 'maintenance_mode' in body:
        raise exception.NotSupported('The requested functionality is not supported: Arktos '
                                     'nodes have no maintenance mode.')
    enabled = body['status'].lower() == 'enable'
    updated = req.driver.set_compute_service(req.context, host.name, disabled=not enabled)
    return wsgi.json_response({'host': updated.name,
                               'status': 'disabled' if updated.disabled else 'enabled'})


def _power_action(req: api_wsgi.Request, rule: str):
    _authorize(req, rule)
    _host(req)
    raise exception.NotSupported('The requested functionality is not supported: Arktos '
                                 'nodes cannot be powered on, off or rebooted through Nova.')


def startup(req: api_wsgi.Request):
    return _power_action(req, policies.START)


def shutdown(req: api_wsgi.Request):
    return _power_action(req, policies.SHUTDOWN)


def reboot(req: api_wsgi.Request):
    return _power_action(req, policies.REBOOT)
