"""``/os-simple-tenant-usage[/{tenant_id}]``: vCPU, RAM and disk hours of the servers
that ran in a period, per project (``openstack usage list/show``).

Computed from the server pods: a server counts from its launch to the end of the period
(or now). Servers deleted before the report cannot be counted: Arktos keeps no record
of a pod once it is gone.
"""

import datetime

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import simple_tenant_usage as schemas
from translator.api.views import simple_tenant_usage as view
from translator.backend.models import ServerFilters
from translator.policies import simple_tenant_usage as policies
from translator.web import wsgi

# Every server of the period, not a page.
_ALL = 1_000_000
_FORMATS = ('%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M:%S.%f', '%Y-%m-%d %H:%M:%S.%f')


def _moment(params: dict, name: str, now: datetime.datetime) -> datetime.datetime:
    if name not in params:
        return now
    value = params[name][-1]
    for form in _FORMATS:
        try:
            return datetime.datetime.strptime(value, form)
        except ValueError:
            continue
    raise exception.Invalid(f'Invalid {name} time. It must be ISO 8601 ({value}).')


def _period(req: api_wsgi.Request) -> tuple[dict, datetime.datetime, datetime.datetime]:
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    start, end = _moment(params, 'start', now), _moment(params, 'end', now)
    if start > end:
        raise exception.Invalid('Invalid start time. The start time cannot occur after '
                                'the end time.')
    return params, start, min(end, now)


def _servers(req: api_wsgi.Request, context, all_projects: bool) -> list:
    return req.driver.list_servers(context, ServerFilters(all_projects=all_projects), _ALL)


def index(req: api_wsgi.Request):
    req.context.can(policies.LIST)
    params, start, end = _period(req)
    detailed = params.get('detailed', ['0'])[-1] in ('1', 'true', 'True')
    usages = view.by_project(_servers(req, req.context, True), start, end, detailed)
    return wsgi.json_response({'tenant_usages': usages})


def show(req: api_wsgi.Request):
    project_id = req.urlvars['tenant_id']
    req.context.can(policies.SHOW, {'project_id': project_id})
    _, start, end = _period(req)
    context = req.context.for_project(req.conf, project_id)
    usages = view.by_project(_servers(req, context, False), start, end, detailed=True)
    return wsgi.json_response({'tenant_usage': usages[0] if usages else {}})
