"""``/servers``: list, detail, show, create, update, delete."""

from urllib import parse

from translator import exception, states
from translator.api import pagination, server_query, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common, server_actions
from translator.api.schemas import parameter_types
from translator.api.schemas import servers as schemas
from translator.api.views import common as common_view
from translator.api.views import servers as view
from translator.backend.models import ServerCreate
from translator.policies import servers as policies
from translator.web import wsgi


def _list(req: api_wsgi.Request, detail: bool):
    context = req.context
    context.can(policies.DETAIL if detail else policies.INDEX)
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    all_projects = 'all_tenants' in params and parameter_types.to_bool(
        params['all_tenants'][-1] or 'true')
    if all_projects:
        context.can(policies.INDEX_ALL_TENANTS)
        project_id = (params.get('project_id') or params.get('tenant_id') or [None])[-1]
        if project_id is not None:
            # One project's servers: its namespace, as the project itself sees it.
            context, all_projects = context.for_project(req.conf, project_id), False
    filters = server_query.server_filters(req, params, all_projects)
    limit, marker = pagination.limit_and_marker(params, req.conf.api.max_limit)
    if filters.statuses is not None and not filters.statuses & states.ALL_STATUSES:
        servers = []
    else:
        servers = req.driver.list_servers(context, filters, limit, marker)
    return wsgi.json_response(view.collection(
        req, servers, detail=detail, page_full=pagination.is_full(servers, limit)))


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW)
    server = common.find_server(req)
    return wsgi.json_response({'server': view.show(req, server)})


def _boot_image(server: dict) -> str:
    """The image to boot: ``imageRef``, or OSC's image→local boot BDM next to it."""
    if server.get('block_device_mapping'):
        raise exception.Invalid('Block device mappings are not supported: servers boot '
                                'from an image.')
    image_ref = server.get('imageRef') or ''
    for bdm in server.get('block_device_mapping_v2') or ():
        boot_from_image = (bdm.get('source_type') == 'image' and
                           bdm.get('destination_type', 'local') == 'local' and
                           str(bdm.get('boot_index')) == '0')
        if not boot_from_image or (image_ref and bdm.get('uuid') != image_ref):
            raise exception.Invalid('Block device mappings other than booting from an '
                                    'image are not supported.')
        image_ref = bdm.get('uuid') or image_ref
    if not image_ref:
        raise exception.Invalid('Missing imageRef attribute')
    return image_ref


def _networks(server: dict):
    """``"auto"``, ``"none"``, or the requested ``{uuid, port, fixed_ip}`` entries."""
    networks = server.get('networks') or 'auto'
    if networks in ('auto', 'none'):
        return networks
    return [{key: entry[key] for key in ('uuid', 'port', 'fixed_ip') if entry.get(key)}
            for entry in networks]


def _check_unsupported(context, server: dict) -> None:
    if server.get('personality'):
        raise exception.Invalid('Personality files are not supported.')
    if server.get('trusted_image_certificates'):
        raise exception.Invalid('Image certificate validation is not supported.')
    if 'host' in server or 'hypervisor_hostname' in server:
        context.can(policies.CREATE_FORCED_HOST)
        raise exception.Invalid('Requesting a host is not supported: Arktos schedules '
                                'every server.')


def _create_request(req: api_wsgi.Request, body: dict) -> ServerCreate:
    context = req.context
    server = body['server']
    _check_unsupported(context, server)
    flavor_ref = str(server['flavorRef'])
    return ServerCreate(
        name=server['name'],
        flavor_ref=parse.urlparse(flavor_ref).path.rstrip('/').rsplit('/', 1)[-1],
        image_ref=_boot_image(server),
        project_id=context.project_id,
        user_id=context.user_id,
        metadata=server.get('metadata') or {},
        user_data=server.get('user_data'),
        key_name=server.get('key_name'),
        availability_zone=server.get('availability_zone'),
        description=server.get('description'),
        tags=tuple(server.get('tags') or ()),
        access_ipv4=common.normalize_ip(server.get('accessIPv4', '')),
        access_ipv6=common.normalize_ip(server.get('accessIPv6', '')),
        config_drive=parameter_types.to_bool(server.get('config_drive', False)),
        security_groups=tuple(group['name'] for group in
                              server.get('security_groups') or [{'name': 'default'}]),
        disk_config=server.get('OS-DCF:diskConfig', 'MANUAL'),
        hostname=server.get('hostname'),
        networks=_networks(server),
        scheduler_hints=(body.get('os:scheduler_hints') or
                         body.get('OS-SCH-HNT:scheduler_hints') or {}),
    )


def _counts(req: api_wsgi.Request, server: dict) -> tuple[int, int]:
    """``(min_count, max_count)``: Nova's rules, and the per-request maximum."""
    counts = {}
    for field in ('min_count', 'max_count'):
        counts[field] = int(server.get(field, counts.get('min_count', 1)))
        if counts[field] < 1:
            # The schema's minimum cannot hold for the strings Nova accepts ("0").
            raise exception.ValidationError(
                detail=f'Invalid input for field/attribute {field}. Value: {server[field]}. '
                       f'{counts[field]} is less than the minimum of 1')
    min_count, max_count = counts['min_count'], counts['max_count']
    if min_count > max_count:
        raise exception.Invalid('min_count must be <= max_count')
    limit = req.conf.api.max_servers_per_request
    if max_count > limit:
        raise exception.Forbidden(
            f'Quota exceeded for instances: Requested {max_count}, but one request may '
            f'create at most {limit} instances')
    return min_count, max_count


def create(req: api_wsgi.Request):
    context = req.context
    context.can(policies.CREATE)
    body = validation.extract_json(req.body, schemas.create(req.version))
    request = _create_request(req, body)
    min_count, max_count = _counts(req, body['server'])
    server = req.driver.create_servers(context, request, min_count, max_count)[0]
    if parameter_types.to_bool(body['server'].get('return_reservation_id', False)):
        return wsgi.json_response({'reservation_id': server.reservation_id}, 202)
    admin_pass = common.admin_pass(req, body['server'])
    return wsgi.json_response(
        {'server': view.created(req, server, admin_pass)}, 202,
        headers={'Location': common_view.self_link(req, 'servers', server.id)})




def update(req: api_wsgi.Request):
    req.context.can(policies.UPDATE)
    body = validation.extract_json(req.body, schemas.update(req.version))
    changes = common.server_changes(body['server'])
    server = common.find_server(req)
    server = req.driver.update_server(req.context, server.id, changes)
    return wsgi.json_response({'server': view.show(req, server,
                                                   reduced=req.version < (2, 75))})


def delete(req: api_wsgi.Request):
    req.context.can(policies.DELETE)
    server = common.find_server(req)
    server_actions.check_lock(req.context, server)
    req.driver.delete_server(req.context, server.id)
    return wsgi.empty_response(204)
