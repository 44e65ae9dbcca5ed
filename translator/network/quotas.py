"""``/v2.0/quotas``: what a project may have of the subset's resources, and uses.

Nothing can be created here but ports, which come with servers (the compute quotas
bound them): the limit of every other resource is what the project has.
"""

from translator.backend.arktos.networks import default_security_group
from translator.backend.models import ServerFilters
from translator.network import views
from translator.policies import network as policies
from translator.web import wsgi

_ALL = 1_000_000
UNLIMITED = -1


def _limits(project_id: str) -> dict:
    return {'network': 0, 'subnet': 0, 'port': UNLIMITED, 'security_group': 1,
            'security_group_rule': len(views.default_rules(
                default_security_group(project_id)))}


def _used(req: wsgi.Request, project_id: str, limits: dict) -> dict:
    """What the project has: all it may have, and the NICs of its servers."""
    context = req.context
    servers = req.driver.list_servers(
        context, ServerFilters(all_projects=project_id != context.project_id), _ALL)
    ports = sum(len(server.nics) for server in servers if server.project_id == project_id)
    return {**limits, 'port': ports}


def _authorize(req: wsgi.Request) -> str:
    project_id = req.urlvars['project_id']
    req.context.can(policies.GET_QUOTA, {'project_id': project_id})
    return project_id


def index(req: wsgi.Request):
    """The projects with quotas other than the defaults: none."""
    req.context.can(policies.GET_QUOTA, {'project_id': None})
    return wsgi.json_response({'quotas': []})


def show(req: wsgi.Request):
    """The project's limits (also its defaults: they cannot be changed)."""
    return wsgi.json_response({'quota': _limits(_authorize(req))})


def details(req: wsgi.Request):
    project_id = _authorize(req)
    limits = _limits(project_id)
    used = _used(req, project_id, limits)
    return wsgi.json_response({'quota': {
        resource: {'limit': limit, 'used': used[resource], 'reserved': 0}
        for resource, limit in limits.items()}})
