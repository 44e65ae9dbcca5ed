"""Request ids (``req-<uuid4>``) on every response, one access-log line per request,
and a context of the request's own for every line logged while it runs.

Sits outside the fault wrapper, so even a 500 carries ``x-openstack-request-id``
and Nova's ``x-compute-request-id``.
"""

import time
from urllib import parse

import webob.dec
from oslo_context import context as oslo_context
from oslo_log import log as logging
from oslo_middleware import request_id

from translator.api import microversion
from translator.web import wsgi

LOG = logging.getLogger(__name__)

# webob's: what ``Request.path`` leaves unquoted.
_PATH_SAFE = "/~!$&'()*+,;=:@"


def _uri(environ) -> str:
    """The path and query string, as webob's ``path_qs`` makes them, from the raw
    environ: ``path_qs`` raises for a path that is not UTF-8."""
    path = (environ.get('SCRIPT_NAME', '') + environ.get('PATH_INFO', '')).encode('latin-1')
    query = environ.get('QUERY_STRING')
    return parse.quote(path, _PATH_SAFE) + (f'?{query}' if query else '')


def _forget_current_context() -> None:
    """Drop the thread's current context (oslo.context has no call for it), so that
    nothing logged after the request carries its id or caller."""
    vars(oslo_context._request_store).pop('context', None)


class _InRequestContext:
    """The application behind ``RequestId``, which has made the request id by then:
    a context of that id and no caller becomes the thread's current one, so lines
    logged before the context filter (keystonemiddleware's) carry this request's id,
    never the previous request's id and caller."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        oslo_context.RequestContext(
            request_id=environ[request_id.ENV_REQUEST_ID],
            global_request_id=environ.get(request_id.GLOBAL_REQ_ID), overwrite=True)
        return self.application(environ, start_response)


class RequestIdMiddleware(request_id.RequestId):
    compat_headers = ['x-compute-request-id']

    def __init__(self, application, conf=None):
        super().__init__(_InRequestContext(application), conf)

    @webob.dec.wsgify
    def __call__(self, req: webob.Request):
        try:
            return self._serve(req)
        finally:
            _forget_current_context()

    def _serve(self, req: webob.Request) -> webob.Response:
        started = time.monotonic()
        response = super().__call__(req)
        context = req.environ.get(wsgi.CONTEXT_KEY)
        if context is None:
            # Unauthenticated (version documents) or refused before the context
            # filter: the line still carries the request id.
            context = oslo_context.RequestContext(
                request_id=req.environ.get(request_id.ENV_REQUEST_ID))
        LOG.info('%(remote)s "%(method)s %(uri)s" status: %(status)s len: %(length)s '
                 'microversion: %(version)s project: %(project)s tenant: %(tenant)s '
                 'time: %(elapsed).4f',
                 {'remote': req.remote_addr, 'method': req.method,
                  'uri': _uri(req.environ), 'status': response.status_int,
                  'length': response.content_length,
                  'version': req.environ.get(microversion.ENV_KEY, '-'),
                  'project': getattr(context, 'project_id', None) or '-',
                  'tenant': getattr(context, 'arktos_tenant', None) or '-',
                  'elapsed': time.monotonic() - started},
                 context=context)
        return response
