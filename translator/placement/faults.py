"""Placement's fault body, ``{"errors": [{"status", "title", "detail", "code",
"request_id"}]}``, for every error of the placement API, whichever layer answers it."""

import functools

import webob.exc
from oslo_middleware import base, request_id

from translator.web import wsgi

UNDEFINED_CODE = 'placement.undefined_code'


def placement_fault(environ, status: int, message: str, headers: dict,
                    error_type: str | None) -> dict:
    error = webob.exc.status_map.get(status, webob.exc.HTTPInternalServerError)
    return {'errors': [{'status': status, 'title': error.title, 'detail': message,
                        'code': UNDEFINED_CODE,
                        'request_id': environ.get(request_id.ENV_REQUEST_ID)}]}


class PlacementFaults(base.ConfigurableMiddleware):
    """The outermost filter of the placement API: faults are rendered in Placement's
    shape."""

    def __call__(self, environ, start_response):
        environ[wsgi.FAULT_BODY_KEY] = functools.partial(placement_fault, environ)
        return self.application(environ, start_response)
