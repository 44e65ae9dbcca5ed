"""Helpers the resource handlers share."""

import secrets
import string

from translator.api import wsgi as api_wsgi

_PASSWORD_CHARS = ''.join(c for c in string.ascii_letters + string.digits
                          if c not in 'lI1O0o')
_PASSWORD_LENGTH = 12

DRIVER_KEY = 'translator.driver'
CONF_KEY = 'translator.conf'


def driver(req: api_wsgi.Request):
    return req.environ[DRIVER_KEY]


def conf(req: api_wsgi.Request):
    return req.environ[CONF_KEY]


def admin_pass(req: api_wsgi.Request, body: dict) -> str | None:
    """The ``adminPass`` to return: the requested one, or a new one (Nova's rule)."""
    if not conf(req).api.enable_instance_password:
        return None
    if 'adminPass' in body:
        return body['adminPass']
    return ''.join(secrets.choice(_PASSWORD_CHARS) for _ in range(_PASSWORD_LENGTH))
