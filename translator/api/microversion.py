"""Compute API microversions: the supported range and header negotiation.

Negotiation follows Nova (``nova-api.md`` §1.5): ``OpenStack-API-Version:
compute X.Y`` wins over the legacy ``X-OpenStack-Nova-API-Version``; no header
means the minimum; ``latest`` means the maximum; a malformed value is a 400 and
a value outside the range a 406.
"""

import re

import microversion_parse

SERVICE_TYPE = 'compute'
LEGACY_HEADER = 'X-OpenStack-Nova-API-Version'
STANDARD_HEADER = 'OpenStack-API-Version'
ENV_KEY = 'translator.microversion'

_FORMAT = re.compile(r'^([1-9]\d*)\.([1-9]\d*|0)$')


class APIVersion(tuple):
    """A ``(major, minor)`` pair that compares numerically and prints as ``X.Y``."""

    def __new__(cls, text: str):
        match = _FORMAT.match(text)
        if not match:
            raise ValueError(text)
        return super().__new__(cls, (int(match.group(1)), int(match.group(2))))

    def __str__(self) -> str:
        return f'{self[0]}.{self[1]}'


MIN_VERSION = APIVersion('2.1')
MAX_VERSION = APIVersion('2.100')
# The last version of Nova's proxies to Glance and nova-network (``/images``,
# ``/os-networks``, ``/os-security-groups``) and of their quotas; 2.36 removed them.
MAX_PROXY_VERSION = APIVersion('2.35')


class InvalidVersionFormat(ValueError):
    def __init__(self, text: str):
        super().__init__(f'API Version String {text} is of invalid format. Must be of '
                         'format MajorNum.MinorNum.')


class VersionNotSupported(ValueError):
    def __init__(self, version: str):
        super().__init__(f'Version {version} is not supported by the API. Minimum is '
                         f'{MIN_VERSION} and maximum is {MAX_VERSION}.')


def negotiate(headers) -> APIVersion:
    """The version a request asks for, checked against the supported range."""
    try:
        text = microversion_parse.get_version(headers, SERVICE_TYPE,
                                              legacy_headers=[LEGACY_HEADER])
    except ValueError as e:
        raise InvalidVersionFormat(str(e)) from e
    if text is None:
        return MIN_VERSION
    text = text.strip()
    if text.lower() == 'latest':
        return MAX_VERSION
    try:
        version = APIVersion(text)
    except ValueError as e:
        raise InvalidVersionFormat(text) from e
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise VersionNotSupported(text)
    return version


def response_headers(version: APIVersion) -> list[tuple[str, str]]:
    """Headers every microversioned response carries, faults included."""
    return [
        (STANDARD_HEADER, f'{SERVICE_TYPE} {version}'),
        (LEGACY_HEADER, str(version)),
        ('Vary', STANDARD_HEADER),
        ('Vary', LEGACY_HEADER),
    ]


def add_response_headers(response, version: APIVersion) -> None:
    for name, value in response_headers(version):
        response.headers.add(name, value)


def from_environ(environ) -> APIVersion:
    return environ.get(ENV_KEY, MIN_VERSION)
