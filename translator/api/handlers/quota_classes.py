"""``/os-quota-class-sets/{id}`` (admins): a quota class's limits. Class ``default``
gives the limits of every project that has none of its own, over ``[quota]``."""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import quota_sets
from translator.api.schemas import quota_sets as schemas
from translator.api.views import limits as view
from translator.policies import quota_class_sets as policies
from translator.web import wsgi

_QUERY = {'type': 'object', 'properties': {}, 'additionalProperties': True}
_NAME_LENGTH = 255


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW, {})
    validation.query_params(req.GET, _QUERY)
    class_name = req.urlvars['class_name']
    quota = req.driver.get_quota_class(req.context, class_name)
    return wsgi.json_response(view.quota_class_set(req, class_name, quota))


def update(req: api_wsgi.Request):
    req.context.can(policies.UPDATE, {})
    class_name = req.urlvars['class_name']
    if len(class_name) > _NAME_LENGTH:
        raise exception.Invalid(f'quota_class_name has more than {_NAME_LENGTH} characters.')
    body = validation.extract_json(req.body, schemas.update_class(req.version))
    quota = req.driver.update_quota_class(
        req.context, class_name, quota_sets.limit_values(body['quota_class_set']))
    return wsgi.json_response(view.quota_class_set(req, None, quota))
