"""Version documents and microversion negotiation, in front of authentication.

``GET /``, ``/v2[/]`` and ``/v2.1[/]`` are answered here without a token.
Requests below ``/v2.1/`` get their microversion negotiated and stored in the
environment, ``/v2.1`` moved from ``PATH_INFO`` to ``SCRIPT_NAME``, and the
microversion headers plus ``Vary`` added to whatever the inner layers answer.
Anything else is a 404.
"""

import webob.dec
from oslo_middleware import base

from translator.api import microversion
from translator.api.views import versions as versions_view
from translator.web import faults, wsgi

_DOCUMENTS = {
    '': versions_view.index,
    '/': versions_view.index,
    '/v2': versions_view.v20,
    '/v2/': versions_view.v20,
}
_V21_PREFIX = '/v2.1'


class VersionsMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request):
        base_url = wsgi.set_base_url(req, wsgi.COMPUTE_MOUNT)
        path = req.path_info
        if path in _DOCUMENTS:
            return self._document(req, _DOCUMENTS[path](base_url))
        if path != _V21_PREFIX and not path.startswith(_V21_PREFIX + '/'):
            return faults.fault_response(req.environ, 404, 'The resource could not be found.')
        try:
            version = microversion.negotiate(req.headers)
        except microversion.InvalidVersionFormat as e:
            return faults.fault_response(req.environ, 400, str(e))
        except microversion.VersionNotSupported as e:
            return faults.fault_response(req.environ, 406, str(e))
        req.environ[microversion.ENV_KEY] = version
        req.environ[wsgi.RESPONSE_HEADERS_KEY] = microversion.response_headers(version)
        if path in (_V21_PREFIX, _V21_PREFIX + '/'):
            response = self._document(req, versions_view.v21(base_url))
        else:
            req.path_info_pop()
            response = req.get_response(self.application)
        microversion.add_response_headers(response, version)
        return response

    @staticmethod
    def _document(req: wsgi.Request, body: dict):
        if req.method not in ('GET', 'HEAD'):
            return faults.fault_response(req.environ, 405, 'The method is not allowed.',
                                         {'Allow': 'GET, HEAD'})
        return wsgi.json_response(body)
