"""Request ids (``req-<uuid4>``) on every response, and one access-log line per request.

Sits outside the fault wrapper, so even a 500 carries ``x-openstack-request-id``
and Nova's ``x-compute-request-id``.
"""

import time

import webob.dec
from oslo_context import context as oslo_context
from oslo_log import log as logging
from oslo_middleware import request_id

from translator.api import microversion
from translator.web import wsgi

LOG = logging.getLogger(__name__)


class RequestIdMiddleware(request_id.RequestId):
    compat_headers = ['x-compute-request-id']

    @webob.dec.wsgify
    def __call__(self, req: webob.Request):
        started = time.monotonic()
        response = super().__call__(req)
        context = req.environ.get(wsgi.CONTEXT_KEY)
        if context is None:
            # Unauthenticated (version documents) or refused before the context
            # filter: the line still carries the request id.
            context = oslo_context.RequestContext(
                request_id=req.environ.get(request_id.ENV_REQUEST_ID), overwrite=False)
        LOG.info('%(remote)s "%(method)s %(uri)s" status: %(status)s len: %(length)s '
                 'microversion: %(version)s project: %(project)s tenant: %(tenant)s '
                 'time: %(elapsed).4f',
                 {'remote': req.remote_addr, 'method': req.method,
                  'uri': req.path_qs, 'status': response.status_int,
                  'length': response.content_length,
                  'version': req.environ.get(microversion.ENV_KEY, '-'),
                  'project': getattr(context, 'project_id', None) or '-',
                  'tenant': getattr(context, 'arktos_tenant', None) or '-',
                  'elapsed': time.monotonic() - started},
                 context=context)
        return response
