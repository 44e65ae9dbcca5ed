"""Private flavors' projects: ``GET /flavors/{id}/os-flavor-access`` and the
``addTenantAccess``/``removeTenantAccess`` actions (admins)."""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import flavors as schemas
from translator.policies import flavors as policies
from translator.web import wsgi


def _access(flavor) -> dict:
    return {'flavor_access': [{'flavor_id': flavor.id, 'tenant_id': project}
                              for project in flavor.projects]}


def _private(flavor):
    if flavor.is_public:
        raise exception.NotFound('Access list not available for public flavors.')
    return flavor


def index(req: api_wsgi.Request):
    req.context.can(policies.ACCESS_LIST)
    return wsgi.json_response(_access(_private(
        req.driver.get_flavor(req.context, req.urlvars['flavor_id']))))


def _add(flavor, project: str) -> dict:
    if project in _private(flavor).projects:
        raise exception.Conflict(f'Flavor access already exists for flavor {flavor.id} '
                                 f'and project {project} combination.')
    return {'projects': (*flavor.projects, project)}


def _remove(flavor, project: str) -> dict:
    if project not in _private(flavor).projects:
        raise exception.NotFound(f'Flavor access not found for {flavor.id} / {project} '
                                 'combination.')
    return {'projects': tuple(p for p in flavor.projects if p != project)}


_ACTIONS = {'addTenantAccess': (policies.ACCESS_ADD, _add),
            'removeTenantAccess': (policies.ACCESS_REMOVE, _remove)}


def action(req: api_wsgi.Request):
    body = wsgi.json_body(req.body)
    if not isinstance(body, dict) or len(body) != 1:
        raise exception.MalformedRequestBody()
    (name,) = body
    if name not in _ACTIONS:
        raise exception.Invalid(f'There is no such action: {name}')
    rule, change = _ACTIONS[name]
    req.context.can(rule)
    validation.validate(body, schemas.tenant_access(name))
    project = body[name]['tenant']
    flavor = req.driver.update_flavor(req.context, req.urlvars['flavor_id'],
                                      lambda flavor: change(flavor, project))
    return wsgi.json_response(_access(flavor))
