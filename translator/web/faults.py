"""Nova's fault bodies, and the filter that turns any error into one.

A fault is ``{"<name>": {"code": N, "message": "..."}}`` with the name fixed by
the HTTP status (``nova-api.md`` §6.1). Unexpected exceptions are logged with
their traceback and answered with a generic 500.
"""

import json

import webob
import webob.dec
import webob.exc
from oslo_log import log as logging
from oslo_middleware import base

from translator import exception
from translator.web import wsgi

LOG = logging.getLogger(__name__)

FAULT_NAMES = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'itemNotFound',
    405: 'badMethod',
    409: 'conflictingRequest',
    413: 'overLimit',
    415: 'badMediaType',
    429: 'overLimit',
    501: 'notImplemented',
    503: 'serviceUnavailable',
}
DEFAULT_FAULT_NAME = 'computeFault'
GENERIC_500 = 'Unexpected API Error. Please contact the administrator.'


def nova_fault(status: int, message: str, headers: dict, error_type: str | None) -> dict:
    """Nova's fault body."""
    fault = {'code': status, 'message': message}
    retry_after = headers.get('Retry-After')
    if retry_after is not None and status in (413, 429):
        fault['retryAfter'] = retry_after
    return {FAULT_NAMES.get(status, DEFAULT_FAULT_NAME): fault}


def fault_response(environ, status: int, message: str, headers: dict | None = None,
                   error_type: str | None = None) -> webob.Response:
    """A fault response, with the headers every response to the request carries (the
    negotiated microversion). The body is Nova's unless an API puts another renderer
    (``nova_fault``'s signature; ``error_type`` is the error's class name) under
    ``wsgi.FAULT_BODY_KEY``."""
    render = environ.get(wsgi.FAULT_BODY_KEY, nova_fault)
    response = webob.Response(status=status, charset='UTF-8',
                              content_type='application/json')
    response.body = json.dumps(render(status, message, headers or {}, error_type)).encode()
    for key, value in (headers or {}).items():
        response.headers[key] = value
    for key, value in environ.get(wsgi.RESPONSE_HEADERS_KEY, ()):
        response.headers.add(key, value)
    return response


def _webob_message(environ, code: int, text: str) -> str:
    if code != 413:
        return text
    limit = environ[wsgi.CONF_KEY].oslo_middleware.max_request_body_size
    return f'Request is too large: the body exceeds max_request_body_size ({limit} bytes).'


def from_exception(environ, error: Exception) -> webob.Response:
    """Render a known exception (ours or webob's) as a fault."""
    if isinstance(error, exception.TranslatorException):
        message = error.message if error.safe else GENERIC_500
        return fault_response(environ, error.code, message, error.headers,
                              type(error).__name__ if error.safe else None)
    if isinstance(error, webob.exc.HTTPException):
        headers = {}
        if 'Allow' in error.headers:
            headers['Allow'] = error.headers['Allow']
        return fault_response(environ, error.code,
                              _webob_message(environ, error.code,
                                             error.detail or error.explanation),
                              headers, type(error).__name__)
    raise TypeError(error)


class FaultWrapper(base.ConfigurableMiddleware):
    """Last line of defence: no exception leaves the service as a traceback.

    Errors that inner filters (oslo's sizelimit) answer in webob's plain format
    are re-rendered as faults too.
    """

    @webob.dec.wsgify
    def __call__(self, req: webob.Request):
        try:
            response = req.get_response(self.application)
        except (exception.TranslatorException, webob.exc.HTTPException) as e:
            if getattr(e, 'code', 500) >= 500:
                LOG.error('%s %s failed: %s', req.method, req.path, e)
            return from_exception(req.environ, e)
        except Exception:
            LOG.exception('Unexpected error serving %s %s', req.method, req.path)
            return fault_response(req.environ, 500, GENERIC_500)
        if response.status_int >= 400 and response.content_type != 'application/json':
            message = _webob_message(req.environ, response.status_int,
                                     response.status.split(' ', 1)[-1])
            return fault_response(req.environ, response.status_int, message,
                                  {key: response.headers[key] for key in ('Allow',)
                                   if key in response.headers})
        return response
