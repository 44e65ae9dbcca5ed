"""Unauthenticated Glance version discovery; only ``/v2/…`` goes further."""

import webob.dec
from oslo_middleware import base

from translator.web import faults, wsgi

# Glance's v2 minor versions; all are served by the same subset.
_MINOR_VERSIONS = (16, 15, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)


def versions(base_url: str) -> dict:
    return {'versions': [
        {'id': f'v2.{minor}', 'status': 'CURRENT' if minor == _MINOR_VERSIONS[0]
         else 'SUPPORTED', 'links': [{'rel': 'self', 'href': f'{base_url}/v2/'}]}
        for minor in _MINOR_VERSIONS]}


class ImageVersionsMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request):
        base_url = wsgi.set_base_url(req, wsgi.IMAGE_MOUNT)
        if req.path_info in ('', '/', '/versions', '/v2', '/v2/'):
            return wsgi.json_response(versions(base_url), 300)
        if not req.path_info.startswith('/v2/'):
            return faults.fault_response(req.environ, 404, 'The resource could not be found.')
        return req.get_response(self.application)
