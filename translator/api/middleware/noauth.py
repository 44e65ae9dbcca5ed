"""Development stand-in for keystonemiddleware, after nova's old ``noauth2``.

``X-Auth-Token: user:project`` (or ``X-Auth-Project-Id``) names the caller; the
user ``admin`` gets the admin role; with no header the caller is
``admin:admin``. It sets the same headers ``authtoken`` sets, so the context
filter behind it is the one used in production.
"""

import webob.dec
from oslo_middleware import base

_IDENTITY_HEADERS = ('X-Identity-Status', 'X-User-Id', 'X-User-Name', 'X-Project-Id',
                     'X-Project-Name', 'X-Roles', 'X-Service-Catalog', 'X-Tenant-Id',
                     'X-User', 'X-Tenant')


def parse_identity(headers) -> tuple[str, str]:
    """``(user_id, project_id)`` from a noauth request's headers."""
    token = headers.get('X-Auth-Token', '')
    user_id, _, project_id = token.partition(':')
    user_id = user_id or 'admin'
    project_id = project_id or headers.get('X-Auth-Project-Id') or user_id
    return user_id, project_id


class NoAuthMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify
    def __call__(self, req: webob.Request):
        for name in _IDENTITY_HEADERS:
            req.headers.pop(name, None)
        user_id, project_id = parse_identity(req.headers)
        roles = ['member', 'reader']
        if user_id == 'admin':
            roles.insert(0, 'admin')
        req.headers.update({
            'X-Identity-Status': 'Confirmed',
            'X-User-Id': user_id,
            'X-User-Name': user_id,
            'X-Project-Id': project_id,
            'X-Project-Name': project_id,
            'X-Roles': ','.join(roles),
        })
        return req.get_response(self.application)
