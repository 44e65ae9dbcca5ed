"""Helpers the resource handlers share."""

import datetime
import ipaddress
import secrets
import string

from translator import exception
from translator.api import microversion
from translator.api import wsgi as api_wsgi
from translator.backend.models import Server
from translator.web import wsgi

_PASSWORD_CHARS = ''.join(c for c in string.ascii_letters + string.digits
                          if c not in 'lI1O0o')
_PASSWORD_LENGTH = 12


def find_server(req: api_wsgi.Request) -> Server:
    """The server of the URL. An admin's request for another project's server goes on
    in that project's context, as Nova's admin reads and acts on any instance; others
    get the 404 of a server their project does not have."""
    server_id = req.urlvars['server_id']
    try:
        return req.driver.get_server(req.context, server_id)
    except exception.InstanceNotFound:
        if not req.context.is_admin:
            raise
        project_id = req.driver.find_server_project(req.context, server_id)
    req.environ[wsgi.CONTEXT_KEY] = req.context.for_project(req.conf, project_id)
    return req.driver.get_server(req.context, server_id)


def refuse(req: api_wsgi.Request, rule: str, feature: str):
    """Nova's 501 for what Arktos lacks, after the policy check and the server's 404."""
    req.context.can(rule)
    find_server(req)
    raise exception.NotSupported(feature=feature)


def check_proxy_version(req: api_wsgi.Request) -> None:
    """Nova's proxies to Glance and nova-network are gone from 2.36: 404 there."""
    if req.version > microversion.MAX_PROXY_VERSION:
        raise exception.NotFound()


def int_filter(params: dict, name: str) -> int | None:
    """An integer filter (``minRam``, ``minDisk``), or None; 400 with Nova's wording."""
    if name not in params:
        return None
    value = params[name][-1]
    try:
        return int(value)
    except ValueError as e:
        raise exception.Invalid(f'Invalid {name} filter [{value}]') from e


def utc_time(params: dict, name: str) -> str | None:
    """A time query parameter (ISO 8601) as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC, or None."""
    if name not in params:
        return None
    value = params[name][-1]
    try:
        moment = datetime.datetime.fromisoformat(value.replace('Z', '+00:00'))
    except ValueError as e:
        raise exception.ValidationError(
            detail=f"Invalid input for query parameters {name}. Value: {value}. "
                   f"'{value}' is not a 'date-time'") from e
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def admin_pass(req: api_wsgi.Request, body: dict) -> str | None:
    """The ``adminPass`` to return: the requested one, or a new one (Nova's rule)."""
    if not req.conf.api.enable_instance_password:
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
