"""Routes of the image API, declared as data like the compute API's."""

from translator.image import handlers
from translator.web import router

ROUTE_DECLARATIONS = {
    '/v2/images': {'GET': handlers.index},
    '/v2/images/{image_id}': {'GET': handlers.show, 'PATCH': handlers.update,
                              'DELETE': handlers.delete},
    '/v2/schemas/image': {'GET': handlers.image_schema},
    '/v2/schemas/images': {'GET': handlers.images_schema},
}


def app_factory(global_config, **local_config):
    """paste.deploy app factory of the image API."""
    return router.Router(ROUTE_DECLARATIONS)
