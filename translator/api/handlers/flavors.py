"""``/flavors``: list, detail, show (read-only)."""

from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.views import flavors as view

_QUERY = {'type': 'object', 'additionalProperties': True,
          'properties': {'is_public': {}, 'minRam': {}, 'minDisk': {}, 'limit': {},
                         'marker': {}, 'sort_key': {}, 'sort_dir': {}}}


def _list(req: api_wsgi.Request, detail: bool):
    params = validation.query_params(req.GET, _QUERY)
    min_ram = validation.non_negative_int(params, 'minRam') or 0
    min_disk = validation.non_negative_int(params, 'minDisk') or 0
    flavors = [flavor for flavor in common.driver(req).list_flavors(req.context)
               if flavor.ram >= min_ram and flavor.disk >= min_disk]
    selected, full = pagination.page(flavors, params, common.conf(req).api.max_limit)
    return api_wsgi.json_response(view.collection(req, selected, detail=detail,
                                                  page_full=full))


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)


def show(req: api_wsgi.Request):
    flavor = common.driver(req).get_flavor(req.context, req.urlvars['flavor_id'])
    return api_wsgi.json_response({'flavor': view.show(req, flavor)})
