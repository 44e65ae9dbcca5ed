"""Keystone identity headers → the service's RequestContext (401 without a user)."""

import webob.dec
from oslo_middleware import base

from translator import context as translator_context
from translator import policy
from translator.web import faults, wsgi


class ContextMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify
    def __call__(self, req: webob.Request):
        if req.headers.get('X-Identity-Status', 'Confirmed') != 'Confirmed' or \
                not req.headers.get('X-User-Id'):
            return faults.fault_response(req.environ, 401,
                                         'The request you have made requires authentication.')
        context = translator_context.RequestContext.from_environ(req.environ)
        context.is_admin = policy.check_is_admin(context)
        req.environ[wsgi.CONTEXT_KEY] = context
        return req.get_response(self.application)
