"""Routes of the image API, declared as data like the compute API's."""

from translator.conf import CONF
from translator.image import data, handlers, imports, members, metadefs, store
from translator.web import router

ROUTE_DECLARATIONS = {
    '/v2/images': {'GET': handlers.index, 'POST': handlers.create},
    '/v2/images/{image_id}': {'GET': handlers.show, 'PATCH': handlers.update,
                              'DELETE': handlers.delete},
    '/v2/images/{image_id}/file': {'GET': data.download, 'PUT': data.upload},
    '/v2/images/{image_id}/stage': {'PUT': imports.stage},
    '/v2/images/{image_id}/import': {'POST': imports.import_image},
    '/v2/images/{image_id}/actions/deactivate': {'POST': handlers.deactivate},
    '/v2/images/{image_id}/actions/reactivate': {'POST': handlers.reactivate},
    '/v2/images/{image_id}/tags/{tag}': {'PUT': handlers.add_tag,
                                         'DELETE': handlers.delete_tag},
    '/v2/images/{image_id}/members': {'GET': members.index, 'POST': members.create},
    '/v2/images/{image_id}/members/{member_id}': {'GET': members.show,
                                                  'PUT': members.update,
                                                  'DELETE': members.delete},
    '/v2/metadefs/namespaces': {'GET': metadefs.namespaces,
                                'POST': metadefs.create_namespace},
    '/v2/metadefs/namespaces/{namespace}': {'GET': metadefs.namespace,
                                            'PUT': metadefs.namespace,
                                            'DELETE': metadefs.namespace},
    '/v2/metadefs/resource_types': {'GET': metadefs.resource_types},
    '/v2/info/import': {'GET': imports.info_import},
    '/v2/info/stores': {'GET': imports.info_stores},
    '/v2/schemas/image': {'GET': handlers.image_schema},
    '/v2/schemas/images': {'GET': handlers.images_schema},
    '/v2/schemas/member': {'GET': members.member_schema},
    '/v2/schemas/members': {'GET': members.members_schema},
    '/v2/schemas/metadefs/{kind}': {'GET': metadefs.schema},
}


class ImageRouter(router.Router):
    """The image API's router, with the application's image store and importer in
    every request."""

    def __init__(self, declarations: dict, image_store: store.ImageStore,
                 importer: imports.Importer):
        super().__init__(declarations)
        self.image_store = image_store
        self.importer = importer

    def __call__(self, environ, start_response):
        environ[store.STORE_KEY] = self.image_store
        environ[imports.IMPORTER_KEY] = self.importer
        return super().__call__(environ, start_response)


def app_factory(global_config, **local_config):
    """paste.deploy app factory of the image API."""
    image_store = store.ImageStore(CONF)
    return ImageRouter(ROUTE_DECLARATIONS, image_store,
                       imports.Importer(image_store, CONF.image.import_workers))
