"""The request both APIs' filters and handlers read, JSON bodies and responses.

Everything a filter or handler needs beyond the request itself comes from the
request: its configuration (``req.conf``) and driver (``req.driver``), put in the
environment once by ``translator.web.pipeline``, the caller's context, and the
base URL of links.
"""

import json
from urllib import parse

import orjson
import webob

from translator import exception

CONF_KEY = 'translator.conf'
DRIVER_KEY = 'translator.driver'
CONTEXT_KEY = 'translator.context'
BASE_URL_KEY = 'translator.base_url'
URL_PROJECT_KEY = 'translator.url_project_id'
# Headers every response to the request carries, faults included (the compute
# API's microversion headers).
RESPONSE_HEADERS_KEY = 'translator.response_headers'
# The function that renders an API's fault bodies (``translator.web.faults``).
FAULT_BODY_KEY = 'translator.fault_body'

# Where ``etc/translator/api-paste.ini`` mounts the APIs below the base URL.
COMPUTE_MOUNT = ''
IMAGE_MOUNT = '/image'
NETWORK_MOUNT = '/networking'
PLACEMENT_MOUNT = '/placement'


def json_response(body, status: int = 200, headers: dict | None = None) -> webob.Response:
    response = webob.Response(status=status, charset='UTF-8',
                              content_type='application/json')
    response.body = orjson.dumps(body)
    if headers:
        response.headers.update(headers)
    return response


def empty_response(status: int, headers: dict | None = None) -> webob.Response:
    response = webob.Response(status=status)
    response.content_type = None
    if headers:
        response.headers.update(headers)
    return response


# Deeper than any request of the APIs nests (a server create is five levels).
MAX_JSON_DEPTH = 32


def _check_decoded(data) -> None:
    """400 for a value no backend could store or render: nesting deeper than
    ``MAX_JSON_DEPTH``, or a string with a lone surrogate (``"\\ud800"``)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            try:
                value.encode('utf-8')
            except UnicodeEncodeError:
                raise exception.ValidationError(
                    detail='Invalid input: a string is not valid Unicode (it holds a '
                           'lone surrogate).') from None
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise exception.ValidationError(
                    detail=f'Invalid input: the body is nested more than {MAX_JSON_DEPTH} '
                           'levels deep.')
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                pending.append((key, depth))
                pending.append((item, depth + 1))


def json_body(body: bytes):
    """The parsed JSON of a request body; 400 ``Malformed request body`` otherwise,
    and for values that cannot be stored (see ``_check_decoded``)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise exception.MalformedRequestBody() from e
    _check_decoded(data)
    return data


def next_query(req: webob.Request, marker: str) -> str:
    """The query of a full page's ``next`` link: the request's, ``marker`` replaced."""
    params = [(key, value) for key, value in req.GET.items() if key != 'marker']
    params.append(('marker', marker))
    return parse.urlencode(params)


class Request(webob.Request):
    """A webob request that knows the service's per-request state."""

    @property
    def conf(self):
        """The service's configuration."""
        return self.environ[CONF_KEY]

    @property
    def driver(self):
        """The backend driver (``translator.backend.base.Driver``)."""
        return self.environ[DRIVER_KEY]

    @property
    def context(self):
        return self.environ[CONTEXT_KEY]

    @property
    def base_url(self) -> str:
        """Where the API is mounted (for the compute API, without ``/v2.1``)."""
        return self.environ.get(BASE_URL_KEY) or self.host_url

    @property
    def url_project_id(self) -> str | None:
        """The project id segment of the request URL, if the client used one."""
        return self.environ.get(URL_PROJECT_KEY)


def set_base_url(req: Request, mount: str) -> str:
    """Record where the API mounted at ``mount`` (``COMPUTE_MOUNT``, ``IMAGE_MOUNT``,
    ``NETWORK_MOUNT`` or ``PLACEMENT_MOUNT``) is reached: under ``[api] public_endpoint``
    when it is set, else at the URL the request came in on."""
    configured = req.conf.api.public_endpoint
    base_url = (f'{configured.rstrip("/")}{mount}' if configured
                else req.host_url + req.script_name)
    req.environ[BASE_URL_KEY] = base_url
    return base_url
