"""Nova's ``/images`` proxy: list, detail, show and delete, up to microversion 2.35."""

from translator import exception
from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.views import images as view
from translator.policies import images as policies

_QUERY = {'type': 'object', 'additionalProperties': True, 'properties': {}}


def _check_version(req: api_wsgi.Request) -> None:
    """The proxy is gone from 2.36: Nova answers 404 there."""
    if req.version > (2, 35):
        raise exception.NotFound()


def _list(req: api_wsgi.Request, detail: bool):
    _check_version(req)
    req.context.can(policies.GET_IMAGES)
    params = validation.query_params(req.GET, _QUERY)
    images = common.driver(req).list_images(req.context)
    return pagination.list_response(req, images, params, view.collection, detail)


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)


def show(req: api_wsgi.Request):
    _check_version(req)
    req.context.can(policies.GET_IMAGE)
    image = common.driver(req).show_image(req.context, req.urlvars['image_id'])
    return api_wsgi.json_response({'image': view.show(req, image)})


def delete(req: api_wsgi.Request):
    _check_version(req)
    req.context.can(policies.DELETE_IMAGE)
    common.driver(req).delete_image(req.context, req.urlvars['image_id'])
    return api_wsgi.empty_response(204)
