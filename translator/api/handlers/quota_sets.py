"""``/os-quota-sets/{project_id}`` (read-only): limits, with usage (``detail``), defaults."""

from translator.api import wsgi as api_wsgi
from translator.api.views import limits as view
from translator.policies import quota_sets as policies
from translator.web import wsgi


def _project(req: api_wsgi.Request, rule: str) -> str:
    project_id = req.urlvars['project_id']
    req.context.can(rule, {'project_id': project_id})
    return project_id


def show(req: api_wsgi.Request):
    project_id = _project(req, policies.SHOW)
    quota = req.driver.get_quotas(req.context.for_project(req.conf, project_id))
    return wsgi.json_response(view.quota_set(req, project_id, quota))


def detail(req: api_wsgi.Request):
    project_id = _project(req, policies.DETAIL)
    usage = req.driver.get_quota_usage(req.context.for_project(req.conf, project_id))
    return wsgi.json_response(view.quota_set_detail(req, project_id, usage))


def defaults(req: api_wsgi.Request):
    project_id = _project(req, policies.DEFAULTS)
    quota = req.driver.get_quotas(req.context)
    return wsgi.json_response(view.quota_set(req, project_id, quota))
