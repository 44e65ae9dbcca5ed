"""Nova's ``/images`` proxy: list, detail, show and delete, up to microversion 2.35."""

from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.schemas import images as schemas
from translator.api.views import images as view
from translator.backend.models import Image
from translator.policies import images as policies
from translator.web import wsgi


def _matcher(params: dict):
    """Nova's filters, as Glance applies them: exact values, ``minRam``/``minDisk`` and
    ``changes-since`` as lower bounds, ``property-<name>`` on a property."""
    wanted = {name: params[name][-1] for name in schemas.FILTERS if name in params}
    min_ram = common.int_filter(params, 'minRam') or 0
    min_disk = common.int_filter(params, 'minDisk') or 0
    since = common.utc_time(params, 'changes-since')
    server = wanted.get('server', '').rsplit('/', 1)[-1]
    properties = {name[len(schemas.PROPERTY_PREFIX):]: values[-1]
                  for name, values in params.items()
                  if name.startswith(schemas.PROPERTY_PREFIX)}

    def matches(image: Image) -> bool:
        checks = (
            'name' not in wanted or image.name == wanted['name'],
            'status' not in wanted or image.status == wanted['status'].lower(),
            'type' not in wanted or image.properties.get('image_type') == wanted['type'],
            not server or image.properties.get('instance_uuid') == server,
            since is None or image.updated_at >= since,
            image.min_ram >= min_ram and image.min_disk >= min_disk,
            all(str(image.properties.get(name)) == value
                for name, value in properties.items()),
        )
        return all(checks)
    return matches


def _list(req: api_wsgi.Request, detail: bool):
    common.check_proxy_version(req)
    req.context.can(policies.GET_IMAGES)
    params = validation.query_params(req.GET, schemas.index_query)
    if validation.non_negative_int(params, 'limit') == 0:
        # Nova passes no limit of 0 on to Glance: the list is not cut.
        del params['limit']
    images = list(filter(_matcher(params), req.driver.list_images(req.context)))
    return pagination.list_response(req, images, params, view.collection, detail)


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)


def show(req: api_wsgi.Request):
    common.check_proxy_version(req)
    req.context.can(policies.GET_IMAGE)
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    return wsgi.json_response({'image': view.show(req, image)})


def delete(req: api_wsgi.Request):
    common.check_proxy_version(req)
    req.context.can(policies.DELETE_IMAGE)
    req.driver.delete_image(req.context, req.urlvars['image_id'])
    return wsgi.empty_response(204)
