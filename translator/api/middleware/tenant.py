"""The project a request acts on, and the Arktos tenant and namespace it maps to.

Accepts Nova's optional ``/{project_id}`` URL segment (400 when it is not the
token's project) and moves it out of ``PATH_INFO``, so the router only sees
``/servers…``. The mapping uses ``[arktos] tenant_template`` and
``namespace_template``; every Arktos path is built from it, never from input.
"""

import re

import webob.dec
from oslo_middleware import base

from translator import exception
from translator.api import faults
from translator.api import wsgi as api_wsgi
from translator.conf import CONF

_PROJECT_SEGMENT = re.compile(r'^[0-9a-f-]+$')
_DNS_LABEL = re.compile(r'^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$')


def map_project(template: str, project_id: str, project_name: str | None,
                kind: str) -> str:
    """Apply a tenant/namespace template; the result must be a DNS-1123 label."""
    value = template.format(project_id=project_id,
                            project_name=project_name or project_id).lower()
    if not _DNS_LABEL.match(value) or (kind == 'tenant' and value == 'all'):
        raise exception.InvalidProjectMapping(project_id=project_id, kind=kind, value=value)
    return value


class TenantMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify(RequestClass=api_wsgi.Request)
    def __call__(self, req: api_wsgi.Request):
        context = req.context
        segments = req.path_info.split('/')
        first = segments[1] if len(segments) > 2 else None
        if first is not None and (first == context.project_id or
                                  _PROJECT_SEGMENT.match(first)):
            if first != context.project_id:
                error = exception.ProjectIdMismatch(url=first, context=context.project_id)
                return faults.from_exception(req.environ, error)
            req.environ[api_wsgi.URL_PROJECT_KEY] = req.path_info_pop()
        try:
            context.arktos_tenant = map_project(CONF.arktos.tenant_template,
                                                context.project_id, context.project_name,
                                                'tenant')
            context.arktos_namespace = map_project(CONF.arktos.namespace_template,
                                                   context.project_id,
                                                   context.project_name, 'namespace')
        except exception.InvalidProjectMapping as e:
            return faults.from_exception(req.environ, e)
        return req.get_response(self.application)

