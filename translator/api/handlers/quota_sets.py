"""``/os-quota-sets/{project_id}``: a project's limits, with usage (``detail``), the
defaults; admins set them (``PUT``, ``force`` to go below the usage) or give the project
the defaults again (``DELETE``)."""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import parameter_types
from translator.api.schemas import quota_sets as schemas
from translator.api.views import limits as view
from translator.policies import quota_sets as policies
from translator.web import wsgi


def _project(req: api_wsgi.Request, rule: str, write: bool = False) -> str:
    """The project of the URL. A user's quotas are the project's here (there are no
    per-user limits, as in Nova for a user none were set for): reading them answers
    the project's, setting them is Nova's 501."""
    project_id = req.urlvars['project_id']
    req.context.can(rule, {'project_id': project_id})
    params = validation.query_params(
        req.GET, schemas.QUERY_2_75 if req.version >= (2, 75) else schemas.QUERY)
    if write and 'user_id' in params:
        raise exception.UserQuotasNotSupported()
    return project_id


def limit_values(body: dict) -> dict:
    """The limits of a validated update body, as integers within Nova's range."""
    values = {}
    for name, value in body.items():
        number = int(value)
        if not -1 <= number <= schemas.MAX_LIMIT:
            raise exception.ValidationError(
                detail=f'Invalid input for field/attribute {name}. Value: {value}. '
                       f'{value} is not within -1 and {schemas.MAX_LIMIT}')
        values[name] = number
    return values


def show(req: api_wsgi.Request):
    project_id = _project(req, policies.SHOW)
    quota = req.driver.get_quotas(req.context.for_project(req.conf, project_id))
    return wsgi.json_response(view.quota_set(req, project_id, quota))


def detail(req: api_wsgi.Request):
    project_id = _project(req, policies.DETAIL)
    usage = req.driver.get_quota_usage(req.context.for_project(req.conf, project_id))
    return wsgi.json_response(view.quota_set_detail(req, project_id, usage))


def defaults(req: api_wsgi.Request):
    project_id = req.urlvars['project_id']
    req.context.can(policies.DEFAULTS, {'project_id': project_id})
    quota = req.driver.get_default_quotas(req.context)
    return wsgi.json_response(view.quota_set(req, project_id, quota))


def update(req: api_wsgi.Request):
    project_id = _project(req, policies.UPDATE, write=True)
    body = validation.extract_json(req.body, schemas.update(req.version))['quota_set']
    force = parameter_types.to_bool(body.pop('force', False))
    quota = req.driver.update_quotas(req.context.for_project(req.conf, project_id),
                                     limit_values(body), force)
    return wsgi.json_response(view.quota_set(req, None, quota))


def delete(req: api_wsgi.Request):
    project_id = _project(req, policies.DELETE, write=True)
    req.driver.delete_quotas(req.context.for_project(req.conf, project_id))
    return wsgi.empty_response(202)
