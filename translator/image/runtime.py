"""``GET /image/runtime/{image_id}/{expires}/{signature}``: image data for Arktos's VM
runtime, which has no Keystone token (``translator.image_urls`` signs the URLs). The
default tag the kubelet may have added (``:latest``) is ignored.

In the image pipeline before authentication: a valid, unexpired signature is the
only credential; a wrong or expired one is a 403 that says nothing of the image.
"""

import re

import webob.dec
from oslo_middleware import base

from translator import context, exception, image_urls
from translator.conf import CONF
from translator.image import data, store
from translator.web import faults, wsgi

_PATH = re.compile('^' + re.escape(image_urls.PATH.removeprefix(wsgi.IMAGE_MOUNT))
                   + '([^/]+)/([^/]+)/([^/:]+)(?::latest)?$')


class RuntimeDataMiddleware(base.ConfigurableMiddleware):

    def __init__(self, application, conf=None):
        super().__init__(application, conf)
        self.image_store = store.ImageStore(CONF)

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request):
        match = _PATH.match(req.path_info)
        if match is None or req.method not in ('GET', 'HEAD'):
            return req.get_response(self.application)
        try:
            return self._serve(req, *match.groups())
        except exception.TranslatorException as e:
            return faults.from_exception(req.environ, e)

    def _serve(self, req: wsgi.Request, image_id: str, expires: str, signature: str):
        if not image_urls.valid(req.conf.image, image_id, expires, signature):
            raise exception.Forbidden('The signature of this URL is wrong or expired.')
        req.environ[store.STORE_KEY] = self.image_store
        image = req.driver.show_image(context.RequestContext(is_admin=True), image_id)
        if image.status != 'active' or not image.has_own_data:
            raise exception.ImageNotFound(image_id=image_id)
        return data.data_response(req, image)
