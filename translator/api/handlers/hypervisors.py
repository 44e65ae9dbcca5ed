"""``/os-hypervisors``: one hypervisor per Arktos node (``openstack hypervisor list/show/
stats``), admin only.

List and detail page by ``limit``/``marker`` from 2.33 (the marker is a hypervisor id); from
2.53 ids are UUIDs and ``hypervisor_hostname_pattern``/``with_servers`` replace the
``/{pattern}/search`` and ``/{pattern}/servers`` routes.  A pattern matches as Nova's SQL
``LIKE '%pattern%'`` does on its hostnames: a substring in which ``_`` is any character
(no regular expression).
``statistics`` and ``uptime`` exist up to 2.87 (then ``uptime`` is in the detail); the
uptime is how long the node has been Ready (see ``views.hosts.uptime``).
"""

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import hosts as schemas
from translator.api.schemas import parameter_types as types
from translator.api.views import hosts as view
from translator.policies import hypervisors as policies
from translator.web import wsgi

UUID_IDS = (2, 53)
LAST_STATISTICS = (2, 87)


def like(name: str, pattern: str) -> bool:
    """SQL's ``name LIKE '%pattern%'`` for the patterns the schema lets through (no ``%``):
    a substring where ``_`` stands for any one character."""
    size = len(pattern)
    return any(all(p in ('_', c) for p, c in zip(pattern, name[start:start + size],
                                                      strict=True))
               for start in range(len(name) - size + 1))


def _matching(hosts: list, pattern: str) -> list:
    found = [host for host in hosts if like(host.name, pattern)]
    if not found:
        raise exception.NotFound(f"No hypervisor matching '{pattern}' could be found.")
    return found


def _list(req: api_wsgi.Request, rule: str, detail: bool):
    req.context.can(rule)
    params = validation.query_params(req.GET, schemas.hypervisors_query(req.version))
    hosts = req.driver.list_compute_hosts(req.context)
    with_servers = (req.version >= UUID_IDS
                    and types.to_bool(params.get('with_servers', [False])[-1]))
    if 'hypervisor_hostname_pattern' in params:
        if 'limit' in params or 'marker' in params:
            raise exception.Invalid('Paging over hypervisors with the '
                                    'hypervisor_hostname_pattern query parameter is not '
                                    'supported.')
        selected = _matching(hosts, params['hypervisor_hostname_pattern'][-1])
        full = False
    elif req.version >= (2, 33):
        selected, full = pagination.page(hosts, params, req.conf.api.max_limit,
                                         key=lambda host: str(view.hypervisor_id(req, host)))
    else:
        selected, full = hosts, False
    return wsgi.json_response(view.hypervisors(req, selected, detail=detail,
                                               servers=with_servers, page_full=full))


def index(req: api_wsgi.Request):
    return _list(req, policies.LIST, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, policies.LIST_DETAIL, detail=True)


def _find(req: api_wsgi.Request, hypervisor_id: str):
    """The host of ``hypervisor_id``: a UUID from 2.53 (400 otherwise), an integer before
    (404 otherwise)."""
    missing = exception.NotFound(f"Hypervisor with ID '{hypervisor_id}' could not be found.")
    if req.version >= UUID_IDS:
        if not view.is_uuid_like(hypervisor_id):
            raise exception.Invalid(f'Invalid uuid {hypervisor_id}')
    elif not hypervisor_id.isdigit():
        raise missing
    for host in req.driver.list_compute_hosts(req.context):
        if str(view.hypervisor_id(req, host)) == hypervisor_id:
            return host
    raise missing


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW)
    params = validation.query_params(req.GET, schemas.hypervisor_query(req.version))
    host = _find(req, req.urlvars['hypervisor_id'])
    with_servers = (req.version >= UUID_IDS
                    and types.to_bool(params.get('with_servers', [False])[-1]))
    return wsgi.json_response(
        {'hypervisor': view.hypervisor(req, host, detail=True, servers=with_servers)})


def statistics(req: api_wsgi.Request):
    if req.version > LAST_STATISTICS:
        raise exception.NotFound()
    req.context.can(policies.STATISTICS)
    return wsgi.json_response(view.statistics(req.driver.list_compute_hosts(req.context)))


def uptime(req: api_wsgi.Request):
    if req.version > LAST_STATISTICS:
        raise exception.NotFound()
    req.context.can(policies.UPTIME)
    host = _find(req, req.urlvars['hypervisor_id'])
    body = view.hypervisor(req, host, detail=False)
    body['uptime'] = view.uptime(host)
    return wsgi.json_response({'hypervisor': body})


def _by_pattern(req: api_wsgi.Request, rule: str, servers: bool):
    if req.version >= UUID_IDS:
        raise exception.NotFound()
    req.context.can(rule)
    hosts = _matching(req.driver.list_compute_hosts(req.context),
                      req.urlvars['hypervisor_hostname_pattern'])
    return wsgi.json_response(view.hypervisors(req, hosts, detail=False, servers=servers))


def search(req: api_wsgi.Request):
    return _by_pattern(req, policies.SEARCH, servers=False)


def servers(req: api_wsgi.Request):
    return _by_pattern(req, policies.SERVERS, servers=True)
