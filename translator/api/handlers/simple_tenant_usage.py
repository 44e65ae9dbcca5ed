"""``/os-simple-tenant-usage[/{tenant_id}]``: vCPU, RAM and disk hours of the servers
that ran in a period, per project (``openstack usage list/show``).

Computed from the server pods: a server counts from its launch to the end of the period
(or now). Servers deleted before the report cannot be counted: Arktos keeps no record
of a pod once it is gone.
"""

import datetime

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import simple_tenant_usage as schemas
from translator.api.views import common
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


def _period(req: api_wsgi.Request,
            schema: dict) -> tuple[dict, datetime.datetime, datetime.datetime]:
    params = validation.query_params(req.GET, schema)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    start, end = _moment(params, 'start', now), _moment(params, 'end', now)
    if start > end:
        raise exception.Invalid('Invalid start time. The start time cannot occur after '
                                'the end time.')
    return params, start, min(end, now)


def _server_usages(req: api_wsgi.Request, context, all_projects: bool, params: dict,
                   start: datetime.datetime, end: datetime.datetime) -> tuple[list, bool]:
    """The usages of the servers that ran in the period: from 2.40 one ``limit``/``marker``
    page of them (Nova pages over servers, then groups them by project)."""
    servers = req.driver.list_servers(context, ServerFilters(all_projects=all_projects), _ALL)
    usages = [usage for usage in (view.server_usage(server, start, end) for server in servers)
              if usage is not None]
    if req.version < (2, 40):
        return usages, False
    return pagination.page(usages, params, req.conf.api.max_limit,
                           key=lambda usage: usage['instance_id'])


def _response(req, collection: str, body, path: str, usages: list, full: bool):
    """``{collection: body}`` plus Nova's ``<collection>_links`` after a full page."""
    response = {collection: body}
    if full and usages:
        response[f'{collection}_links'] = [
            common.next_link(req, path, usages[-1]['instance_id'])]
    return wsgi.json_response(response)


def index(req: api_wsgi.Request):
    req.context.can(policies.LIST)
    params, start, end = _period(req, schemas.index_query(req.version))
    detailed = params.get('detailed', ['0'])[-1] in ('1', 'true', 'True')
    usages, full = _server_usages(req, req.context, True, params, start, end)
    return _response(req, 'tenant_usages', view.by_project(usages, start, end, detailed),
                     'os-simple-tenant-usage', usages, full)


def show(req: api_wsgi.Request):
    project_id = req.urlvars['tenant_id']
    req.context.can(policies.SHOW, {'project_id': project_id})
    params, start, end = _period(req, schemas.show_query(req.version))
    context = req.context.for_project(req.conf, project_id)
    usages, full = _server_usages(req, context, False, params, start, end)
    reports = view.by_project(usages, start, end, detailed=True)
    return _response(req, 'tenant_usage', reports[0] if reports else {},
                     f'os-simple-tenant-usage/{project_id}', usages, full)
