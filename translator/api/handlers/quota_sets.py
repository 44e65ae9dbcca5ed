"""``/os-quota-sets/{project_id}`` (read-only): limits, with usage (``detail``), defaults."""

from translator.api import wsgi as api_wsgi
from translator.api.handlers import common, limits
from translator.api.views import limits as view
from translator.policies import quota_sets as policies


def _project(req: api_wsgi.Request, rule: str) -> str:
    project_id = req.urlvars['project_id']
    req.context.can(rule, {'project_id': project_id})
    return project_id


def show(req: api_wsgi.Request):
    project_id = _project(req, policies.SHOW)
    quota = common.driver(req).get_quotas(limits.project_context(req, project_id))
    return api_wsgi.json_response(view.quota_set(req, project_id, quota))


def detail(req: api_wsgi.Request):
    project_id = _project(req, policies.DETAIL)
    usage = common.driver(req).get_quota_usage(limits.project_context(req, project_id))
    return api_wsgi.json_response(view.quota_set_detail(req, project_id, usage))


def defaults(req: api_wsgi.Request):
    project_id = _project(req, policies.DEFAULTS)
    quota = common.driver(req).get_quotas(req.context)
    return api_wsgi.json_response(view.quota_set(req, project_id, quota))
