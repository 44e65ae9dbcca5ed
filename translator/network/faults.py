"""Neutron's fault body, ``{"NeutronError": {"type", "message", "detail"}}``, for every
error of the network API, whichever layer answers it."""

import webob.exc
from oslo_middleware import base

from translator.web import wsgi

# The service's exceptions under the names Neutron gives the same errors.
_TYPES = {
    'NetworkNotFoundItem': 'NetworkNotFound',
}


def neutron_fault(status: int, message: str, headers: dict, error_type: str | None) -> dict:
    if error_type is None:
        error = webob.exc.status_map.get(status, webob.exc.HTTPInternalServerError)
        error_type = error.__name__
    return {'NeutronError': {'type': _TYPES.get(error_type, error_type),
                             'message': message, 'detail': ''}}


class NeutronFaults(base.ConfigurableMiddleware):
    """The outermost filter of the network API: faults are rendered in Neutron's shape."""

    def __call__(self, environ, start_response):
        environ[wsgi.FAULT_BODY_KEY] = neutron_fault
        return self.application(environ, start_response)
