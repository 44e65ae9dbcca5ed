"""``/os-migrations``: the in-place resizes of every project's servers (admins'),
filtered and, from 2.59, paged newest first as Nova pages them."""

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import migrations as schemas
from translator.api.views import migrations as view
from translator.policies import migrations as policies
from translator.web import wsgi

_FIELDS = {'instance_uuid': 'instance_uuid', 'status': 'status',
           'migration_type': 'migration_type', 'source_compute': 'node', 'host': 'node',
           'user_id': 'user_id', 'project_id': 'project_id'}


def _selected(req: api_wsgi.Request, params: dict, migrations: list) -> list:
    for name, field in _FIELDS.items():
        if name in params and (name in schemas.FILTERS or req.version >= (2, 80)):
            wanted = set(params[name])
            migrations = [m for m in migrations if getattr(m, field) in wanted]
    if req.version >= (2, 59):
        since = common.utc_time(params, 'changes-since')
        before = common.utc_time(params, 'changes-before') if req.version >= (2, 66) \
            else None
        if since and before and before < since:
            raise exception.Invalid('The value of changes-since must be less than or equal '
                                    'to changes-before.')
        migrations = [m for m in migrations
                      if (since is None or (m.updated_at or m.created_at) >= since) and
                      (before is None or (m.updated_at or m.created_at) <= before)]
    return migrations


def index(req: api_wsgi.Request):
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    req.context.can(policies.INDEX)
    project_id = params.get('project_id', [None])[-1] if req.version >= (2, 80) else None
    if project_id != req.context.project_id:
        req.context.can(policies.INDEX_ALL_PROJECTS)
    show_host = req.context.can_quietly(policies.INDEX_HOST)
    migrations = _selected(req, params, req.driver.list_migrations(req.context))
    page_full = False
    if req.version >= (2, 59):
        # Newest first (the driver's order reversed: a server's records in the order made).
        migrations.reverse()
        migrations, page_full = pagination.page(migrations, params, req.conf.api.max_limit,
                                                key=lambda m: m.uuid)
    return wsgi.json_response(view.collection(req, migrations, show_host, page_full))
