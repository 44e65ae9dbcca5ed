"""``/flavors``: list, detail, show, extra specs; create and delete for admins."""

import uuid

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import flavors as schemas
from translator.api.schemas import parameter_types
from translator.api.views import flavors as view
from translator.backend.models import Flavor
from translator.policies import flavors as policies

_QUERY = {'type': 'object', 'additionalProperties': True,
          'properties': {'is_public': {}, 'minRam': {}, 'minDisk': {}, 'limit': {},
                         'marker': {}, 'sort_key': {}, 'sort_dir': {}}}


def _list(req: api_wsgi.Request, detail: bool):
    params = validation.query_params(req.GET, _QUERY)
    min_ram = validation.non_negative_int(params, 'minRam') or 0
    min_disk = validation.non_negative_int(params, 'minDisk') or 0
    flavors = [flavor for flavor in common.driver(req).list_flavors(req.context)
               if flavor.ram >= min_ram and flavor.disk >= min_disk]
    return pagination.list_response(req, flavors, params, view.collection, detail)


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)


def show(req: api_wsgi.Request):
    flavor = common.driver(req).get_flavor(req.context, req.urlvars['flavor_id'])
    return api_wsgi.json_response({'flavor': view.show(req, flavor)})


def create(req: api_wsgi.Request):
    req.context.can(policies.CREATE)
    body = validation.extract_json(req.body, schemas.create(req.version))['flavor']
    driver = common.driver(req)
    if any(flavor.name == body['name'] for flavor in driver.list_flavors(req.context)):
        raise exception.Conflict(f'Flavor with name {body["name"]} already exists.')
    flavor = Flavor(
        id=body.get('id') or str(uuid.uuid4()),
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
    return api_wsgi.json_response({'flavor': view.show(req, flavor)})


def delete(req: api_wsgi.Request):
    req.context.can(policies.DELETE)
    common.driver(req).delete_flavor(req.context, req.urlvars['flavor_id'])
    return api_wsgi.empty_response(202)


def extra_specs(req: api_wsgi.Request):
    flavor = common.driver(req).get_flavor(req.context, req.urlvars['flavor_id'])
    return api_wsgi.json_response({'extra_specs': dict(flavor.extra_specs)})


def extra_spec(req: api_wsgi.Request):
    flavor = common.driver(req).get_flavor(req.context, req.urlvars['flavor_id'])
    key = req.urlvars['key']
    if key not in flavor.extra_specs:
        raise exception.NotFound(f'Flavor {flavor.id} has no extra specs with key {key}.')
    return api_wsgi.json_response({key: flavor.extra_specs[key]})
