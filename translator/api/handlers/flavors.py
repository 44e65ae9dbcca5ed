"""``/flavors``: list, detail, show; create, update (2.55) and delete for admins."""

import uuid

from oslo_utils import strutils

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import flavors as schemas
from translator.api.schemas import parameter_types
from translator.api.views import flavors as view
from translator.backend.models import Flavor
from translator.policies import flavors as policies
from translator.web import wsgi

# Nova's sort keys → the flavor's field; keys the catalog has no value for keep the
# catalog's order (Nova's, by flavorid).
_SORT_FIELDS = {'description': 'description', 'ephemeral_gb': 'ephemeral',
                'is_public': 'is_public', 'memory_mb': 'ram', 'name': 'name',
                'root_gb': 'disk', 'rxtx_factor': 'rxtx_factor', 'swap': 'swap',
                'vcpus': 'vcpus'}


def _is_public(req: api_wsgi.Request, params: dict) -> bool | None:
    """Which flavors to list (None: all): admins choose with ``is_public`` (default
    public, ``none`` all); everyone else sees all they may (the public ones and the
    private ones of their project)."""
    if not req.context.is_admin:
        return None
    if 'is_public' not in params:
        return True
    value = params['is_public'][-1]
    if value.lower() == 'none':
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError as e:
        raise exception.Invalid(f'Invalid is_public filter [{value}]') from e


def _sorted(flavors: list, params: dict) -> list:
    """Nova's order: ``sort_key`` (default flavorid) in ``sort_dir`` (default asc)."""
    field = _SORT_FIELDS.get(params.get('sort_key', ['flavorid'])[-1])
    descending = params.get('sort_dir', ['asc'])[-1] == 'desc'
    position = {flavor.id: index for index, flavor in enumerate(flavors)}

    def key(flavor):
        value = getattr(flavor, field) if field else None
        return (value is not None, value if value is not None else 0, position[flavor.id])
    return sorted(flavors, key=key, reverse=descending)


def _list(req: api_wsgi.Request, detail: bool):
    params = validation.query_params(req.GET, schemas.index_query(req.version))
    min_ram = common.int_filter(params, 'minRam')
    min_disk = common.int_filter(params, 'minDisk')
    is_public = _is_public(req, params)
    flavors = [flavor for flavor in req.driver.list_flavors(req.context)
               if (min_ram is None or flavor.ram >= min_ram) and
               (min_disk is None or flavor.disk >= min_disk) and
               (is_public is None or flavor.is_public == is_public)]
    return pagination.list_response(req, _sorted(flavors, params), params, view.collection,
                                    detail)


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)


def show(req: api_wsgi.Request):
    flavor = req.driver.get_flavor(req.context, req.urlvars['flavor_id'])
    return wsgi.json_response({'flavor': view.show(req, flavor)})


def create(req: api_wsgi.Request):
    req.context.can(policies.CREATE)
    body = validation.extract_json(req.body, schemas.create(req.version))['flavor']
    driver = req.driver
    if any(flavor.name == body['name'] for flavor in driver.list_flavors(req.context)):
        raise exception.Conflict(f'Flavor with name {body["name"]} already exists.')
    flavor = Flavor(
        id=str(uuid.uuid4()) if body.get('id') is None else str(body['id']),
        name=body['name'],
        ram=int(body['ram']),
        vcpus=int(body['vcpus']),
        disk=int(body['disk']),
        ephemeral=int(body.get('OS-FLV-EXT-DATA:ephemeral', 0)),
        swap=int(body.get('swap', 0)),
        rxtx_factor=float(body.get('rxtx_factor', 1.0)),
        is_public=parameter_types.to_bool(body.get('os-flavor-access:is_public', True)),
        description=body.get('description'),
    )
    flavor = driver.create_flavor(req.context, flavor)
    return wsgi.json_response({'flavor': view.show(req, flavor)})


def update(req: api_wsgi.Request):
    """2.55: the description is the one field a flavor changes."""
    if req.version < (2, 55):
        raise exception.NotFound()
    req.context.can(policies.UPDATE)
    body = validation.extract_json(req.body, schemas.update)['flavor']
    flavor = req.driver.update_flavor(req.context, req.urlvars['flavor_id'],
                                      lambda flavor: {'description': body['description']})
    return wsgi.json_response({'flavor': view.show(req, flavor)})


def delete(req: api_wsgi.Request):
    req.context.can(policies.DELETE)
    req.driver.delete_flavor(req.context, req.urlvars['flavor_id'])
    return wsgi.empty_response(202)
