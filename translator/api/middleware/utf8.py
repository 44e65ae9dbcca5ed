"""A path or query string that is not UTF-8 once percent-decoded is a 400 fault.

webob decodes both as UTF-8 and raises for anything else (``/v2.1/servers/%ff``),
which would surface as a 500 from wherever the request is first read.
"""

from urllib import parse

import webob.dec
from oslo_middleware import base

from translator.web import faults


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode('utf-8')
    except UnicodeDecodeError:
        return False
    return True


class Utf8Middleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify
    def __call__(self, req: webob.Request):
        environ = req.environ
        # WSGI hands the decoded path over as latin-1 and the query as sent.
        path = (environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')).encode('latin-1')
        if not _is_utf8(path):
            return faults.fault_response(environ, 400, 'The request path is not valid UTF-8.')
        if not _is_utf8(parse.unquote_to_bytes(environ.get('QUERY_STRING', ''))):
            return faults.fault_response(environ, 400,
                                         'The query string is not valid UTF-8.')
        return req.get_response(self.application)
