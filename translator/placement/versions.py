"""Unauthenticated Placement version discovery (``/``) and its microversions.

``OpenStack-API-Version: placement X.Y`` (or ``latest``) picks the microversion, 1.0
without one; a version out of range is a 406, one that does not parse a 400 (Placement's
texts). Every response says the version it was served at, and that it varies on the
header. From 1.15 the reads are not to be cached and are last modified now (Placement's
time for what it computes: here everything comes from the nodes as they are).
"""

import datetime
import re

import webob.dec
from oslo_middleware import base

from translator import exception
from translator.web import faults, wsgi

MIN_VERSION = (1, 0)
# 1.14: nested providers' fields and in_tree (Horizon asks for it), 1.18: required.
MAX_VERSION = (1, 18)
HEADER = 'OpenStack-API-Version'
SERVICE = 'placement'
ENV_KEY = 'translator.placement_version'
CACHE_HEADERS = (1, 15)
# Reads Placement answers without the 1.15 cache headers.
_UNCACHED = ('/allocation_candidates',)
_VERSION = re.compile(r'^([1-9][0-9]*|0)\.([1-9][0-9]*|0)$')


def text(version: tuple) -> str:
    return f'{version[0]}.{version[1]}'


def versions(base_url: str) -> dict:
    return {'versions': [{'id': 'v1.0', 'max_version': text(MAX_VERSION),
                          'min_version': text(MIN_VERSION), 'status': 'CURRENT',
                          'links': [{'rel': 'self', 'href': f'{base_url}/'}]}]}


def requested(header: str | None) -> str | None:
    """The placement version of an ``OpenStack-API-Version`` header (which may name
    several services, comma separated)."""
    for item in (header or '').split(','):
        service, _, version = item.strip().partition(' ')
        if service.lower() == SERVICE:
            return version.strip()
    return None


def negotiate(header: str | None) -> tuple:
    wanted = requested(header)
    if wanted is None:
        return MIN_VERSION
    if wanted == 'latest':
        return MAX_VERSION
    match = _VERSION.match(wanted)
    if not match:
        raise exception.Invalid(f'Invalid microversion: invalid version string: {wanted}')
    version = (int(match.group(1)), int(match.group(2)))
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise exception.PlacementVersionNotAcceptable(
            f'Invalid microversion: Unacceptable version header: {wanted}')
    return version


class PlacementRequest(wsgi.Request):
    """A request of the placement API: knows its microversion."""

    @property
    def version(self) -> tuple:
        return self.environ[ENV_KEY]


class PlacementVersionsMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request):
        base_url = wsgi.set_base_url(req, wsgi.PLACEMENT_MOUNT)
        try:
            version = negotiate(req.headers.get(HEADER))
        except exception.TranslatorException as e:
            return faults.from_exception(req.environ, e)
        req.environ[ENV_KEY] = version
        headers = [(HEADER, f'{SERVICE} {text(version)}'), ('Vary', HEADER.lower())]
        req.environ[wsgi.RESPONSE_HEADERS_KEY] = headers
        if req.path_info in ('', '/'):
            response = wsgi.json_response(versions(base_url))
        else:
            response = req.get_response(self.application)
        for key, value in headers:
            response.headers[key] = value
        if (version >= CACHE_HEADERS and req.method == 'GET' and response.status_int == 200
                and req.path_info not in ('', '/', *_UNCACHED)):
            response.cache_control = 'no-cache'
            response.last_modified = datetime.datetime.now(datetime.timezone.utc)
        return response
