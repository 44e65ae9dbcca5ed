"""``/servers/{id}/os-instance-actions[/{request_id}]``: what was done to a server, by
which request and caller, and how it ended (``translator.backend.actions_log``)."""

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import instance_actions as schemas
from translator.api.views import instance_actions as view
from translator.backend import actions_log
from translator.policies import instance_actions as policies
from translator.web import wsgi


def _page(req: api_wsgi.Request, records: list[dict]) -> list[dict]:
    """2.58's paging (``marker`` is a request id) and time filters, newest first."""
    if req.version < (2, 58):
        return records
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    since = common.utc_time(params, 'changes-since')
    before = common.utc_time(params, 'changes-before')
    records = [record for record in records
               if (since is None or view.updated_at(record) >= since) and
               (before is None or view.updated_at(record) <= before)]
    limit, marker = pagination.limit_and_marker(params, req.conf.api.max_limit)
    if marker is not None:
        ids = [record['request_id'] for record in records]
        if marker not in ids:
            raise exception.MarkerNotFound(marker=marker)
        records = records[ids.index(marker) + 1:]
    return records[:limit]


def index(req: api_wsgi.Request):
    req.context.can(policies.LIST)
    server = common.find_server(req)
    records = _page(req, actions_log.shown(server))
    return wsgi.json_response({'instanceActions': [view.action(req, server, record)
                                                   for record in records]})


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW)
    server = common.find_server(req)
    request_id = req.urlvars['request_id']
    for record in actions_log.shown(server):
        if record['request_id'] == request_id:
            body = view.action(req, server, record)
            admin_events = req.context.can_quietly(policies.EVENTS)
            if admin_events or req.version >= (2, 51):
                body['events'] = view.events(req, server, record, admin_events)
            return wsgi.json_response({'instanceAction': body})
    raise exception.NotFound(f'Action for request_id {request_id} on instance '
                             f'{server.id} not found')
