"""``/os-server-groups``: groups whose policy the Arktos scheduler enforces on their
members (``translator.backend.arktos.server_groups``)."""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import server_groups as schemas
from translator.api.views import server_groups as view
from translator.policies import server_groups as policies
from translator.web import wsgi


def index(req: api_wsgi.Request):
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    req.context.can(policies.INDEX)
    # Nova's rule: a non-admin asking for every project gets the own project's.
    all_projects = 'all_projects' in params and req.context.is_admin
    if all_projects:
        req.context.can(policies.INDEX_ALL_PROJECTS)
    groups = req.driver.list_server_groups(req.context, all_projects)
    offset = validation.non_negative_int(params, 'offset') or 0
    limit = validation.non_negative_int(params, 'limit')
    limit = req.conf.api.max_limit if limit is None else min(limit, req.conf.api.max_limit)
    return wsgi.json_response(view.collection(req, groups[offset:offset + limit]))


def _find(req: api_wsgi.Request):
    """The group of the URL: the project's, or any project's for an admin."""
    group_id = req.urlvars['server_group_id']
    try:
        return req.driver.get_server_group(req.context, group_id)
    except exception.ServerGroupNotFound:
        if not req.context.is_admin:
            raise
    for group in req.driver.list_server_groups(req.context, all_projects=True):
        if group.id == group_id:
            req.environ[wsgi.CONTEXT_KEY] = req.context.for_project(req.conf,
                                                                    group.project_id)
            return group
    raise exception.ServerGroupNotFound(group_id=group_id)


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW)
    return wsgi.json_response(view.show(req, _find(req)))


def create(req: api_wsgi.Request):
    body = validation.extract_json(req.body, schemas.create(req.version))['server_group']
    req.context.can(policies.CREATE)
    if req.version >= (2, 64):
        policy, rules = body['policy'], body.get('rules') or {}
        if rules and policy != 'anti-affinity':
            raise exception.Invalid('Only anti-affinity policy supports rules.')
        rules = {key: int(value) for key, value in rules.items()}
    else:
        policy, rules = body['policies'][0], {}
    group = req.driver.create_server_group(req.context, body['name'], policy, rules)
    return wsgi.json_response(view.show(req, group))


def delete(req: api_wsgi.Request):
    req.context.can(policies.DELETE)
    _find(req)
    req.driver.delete_server_group(req.context, req.urlvars['server_group_id'])
    return wsgi.empty_response(204)
