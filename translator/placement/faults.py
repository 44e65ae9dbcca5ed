"""Placement's fault body, ``{"errors": [{"status", "title", "detail", "code",
"request_id"}]}``, for every error of the placement API, whichever layer answers it."""

import functools

import webob.exc
from oslo_middleware import base, request_id

from translator.placement import versions
from translator.web import wsgi

UNDEFINED_CODE = 'placement.undefined_code'


def placement_fault(environ, status: int, message: str, headers: dict,
                    error_type: str | None) -> dict:
    """The body of one error; a 406 (an unacceptable microversion) also gives the
    versions served, as Placement's does (clients negotiate with them)."""
    error = webob.exc.status_map.get(status, webob.exc.HTTPInternalServerError)
    body = {'status': status, 'title': error.title, 'detail': message,
            'code': UNDEFINED_CODE, 'request_id': environ.get(request_id.ENV_REQUEST_ID)}
    if status == 406:
        body.update(min_version=versions.text(versions.MIN_VERSION),
                    max_version=versions.text(versions.MAX_VERSION))
    return {'errors': [body]}


class PlacementFaults(base.ConfigurableMiddleware):
    """The outermost filter of the placement API: faults are rendered in Placement's
    shape."""

    def __call__(self, environ, start_response):
        environ[wsgi.FAULT_BODY_KEY] = functools.partial(placement_fault, environ)
        return self.application(environ, start_response)
