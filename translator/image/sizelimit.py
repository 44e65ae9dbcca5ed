"""oslo.middleware's request body limit, except on the routes that take image data
(``PUT /v2/images/{id}/file`` and ``/stage``), which stream their body to the store and stop it at
``[image] max_image_size`` themselves."""

import re

from oslo_middleware import sizelimit

_DATA_PATH = re.compile(r'^/v2/images/[^/]+/(file|stage)$')


class ImageBodySizeLimiter(sizelimit.RequestBodySizeLimiter):

    def __call__(self, environ, start_response):
        if environ.get('REQUEST_METHOD') == 'PUT' and \
                _DATA_PATH.match(environ.get('PATH_INFO', '')):
            return self.application(environ, start_response)
        return super().__call__(environ, start_response)
