"""Routes declared as data (placement's idiom), and dispatch.

Each path maps HTTP methods to handler functions that take the request. A known
path with another method answers 405 with ``Allow``; an unknown path 404. Dispatch
is the one place where the service's exceptions become Nova faults.
"""

import routes
import webob.dec
import webob.exc

from translator import exception
from translator.web import faults, wsgi


def _method_not_allowed(allowed: str):
    def handler(req):
        raise webob.exc.HTTPMethodNotAllowed(
            f'The method {req.method} is not allowed for this resource.',
            headers={'Allow': allowed})
    return handler


def make_map(declarations: dict) -> routes.Mapper:
    mapper = routes.Mapper()
    mapper.explicit = True
    for path, methods in declarations.items():
        for method, handler in methods.items():
            mapper.connect(path, action=handler, conditions={'method': [method]})
        mapper.connect(path, action=_method_not_allowed(', '.join(sorted(methods))))
    return mapper


class Router:
    """The innermost WSGI app of a pipeline: routes a request to its handler, which
    gets it as a ``request_class``."""

    def __init__(self, declarations: dict, request_class: type = wsgi.Request):
        self.mapper = make_map(declarations)
        self.request_class = request_class

    def __call__(self, environ, start_response):
        req = self.request_class(environ)
        return self._dispatch(req)(environ, start_response)

    def _dispatch(self, req: wsgi.Request):
        match = self.mapper.match(req.path_info, req.environ)
        if match is None:
            return faults.fault_response(req.environ, 404, 'The resource could not be found.')
        handler = match.pop('action')
        req.urlvars = match
        try:
            return handler(req)
        except (exception.TranslatorException, webob.exc.HTTPException) as e:
            return faults.from_exception(req.environ, e)
