"""The project a request acts on, and the Arktos tenant and namespace it maps to.

Accepts Nova's optional ``/{project_id}`` URL segment (400 when it is not the
token's project) and moves it out of ``PATH_INFO``, so the router only sees
``/servers…``. The context maps the project (``RequestContext.map_project``);
every Arktos path is built from it, never from input.
"""

import re

import webob.dec
from oslo_middleware import base

from translator import exception
from translator.web import faults, wsgi

_PROJECT_SEGMENT = re.compile(r'^[0-9a-f-]+$')


class TenantMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request):
        context = req.context
        segments = req.path_info.split('/')
        first = segments[1] if len(segments) > 2 else None
        if first is not None and (first == context.project_id or
                                  _PROJECT_SEGMENT.match(first)):
            if first != context.project_id:
                error = exception.ProjectIdMismatch(url=first, context=context.project_id)
                return faults.from_exception(req.environ, error)
            req.environ[wsgi.URL_PROJECT_KEY] = req.path_info_pop()
        try:
            context.map_project(req.conf)
        except exception.InvalidProjectMapping as e:
            return faults.from_exception(req.environ, e)
        return req.get_response(self.application)
