"""Helpers the resource handlers share."""

import ipaddress
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


# Nova field names of ``PUT /servers/{id}`` (and rebuild) → the backend's.
SERVER_FIELDS = {
    'name': 'name',
    'description': 'description',
    'accessIPv4': 'access_ipv4',
    'accessIPv6': 'access_ipv6',
    'OS-DCF:diskConfig': 'disk_config',
    'hostname': 'hostname',
}


def normalize_ip(address: str) -> str:
    """Nova stores access IPs in canonical form (``::babe:dc0c:1602``)."""
    return str(ipaddress.ip_address(address)) if address else address


def server_changes(body: dict) -> dict:
    """The backend field changes an update or rebuild body asks for."""
    changes = {SERVER_FIELDS[key]: value for key, value in body.items()
               if key in SERVER_FIELDS}
    for key in ('access_ipv4', 'access_ipv6'):
        if key in changes:
            changes[key] = normalize_ip(changes[key])
    return changes
