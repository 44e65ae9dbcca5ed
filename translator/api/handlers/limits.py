"""``/limits``: the project's absolute limits and usage (no rate limits)."""

from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import limits as schemas
from translator.api.views import limits as view
from translator.policies import limits as policies
from translator.web import wsgi


def show(req: api_wsgi.Request):
    context = req.context
    context.can(policies.SHOW)
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    project_id = params.get('tenant_id', [context.project_id])[-1]
    if project_id != context.project_id:
        context.can(policies.OTHER_PROJECT)
    usage = req.driver.get_quota_usage(context.for_project(req.conf, project_id))
    return wsgi.json_response(view.limits(req, usage))
