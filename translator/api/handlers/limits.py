"""``/limits``: the project's absolute limits and usage (no rate limits)."""

import copy

from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.middleware import tenant
from translator.api.views import limits as view
from translator.policies import limits as policies

_QUERY = {'type': 'object', 'properties': {'tenant_id': {}, 'reserved': {}},
          'additionalProperties': True}
_QUERY_2_75 = {**copy.deepcopy(_QUERY), 'additionalProperties': False}


def project_context(req: api_wsgi.Request, project_id: str):
    """The request context, or a copy acting on another project (for admins)."""
    context = req.context
    if project_id == context.project_id:
        return context
    other = copy.copy(context)
    other.project_id = project_id
    conf = common.conf(req).arktos
    other.arktos_tenant = tenant.map_project(conf.tenant_template, project_id, None, 'tenant')
    other.arktos_namespace = tenant.map_project(conf.namespace_template, project_id, None,
                                                'namespace')
    return other


def show(req: api_wsgi.Request):
    context = req.context
    context.can(policies.SHOW)
    params = validation.query_params(req.GET,
                                     _QUERY_2_75 if req.version >= (2, 75) else _QUERY)
    project_id = params.get('tenant_id', [context.project_id])[-1]
    if project_id != context.project_id:
        context.can(policies.OTHER_PROJECT)
    usage = common.driver(req).get_quota_usage(project_context(req, project_id))
    return api_wsgi.json_response(view.limits(req, usage))
