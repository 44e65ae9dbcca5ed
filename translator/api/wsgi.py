"""Small WSGI helpers shared by the filters and handlers."""

import orjson
import webob

from translator.api import microversion

BASE_URL_KEY = 'translator.base_url'
URL_PROJECT_KEY = 'translator.url_project_id'
CONTEXT_KEY = 'translator.context'


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


class Request(webob.Request):
    """A webob request that knows the service's per-request state."""

    @property
    def context(self):
        return self.environ[CONTEXT_KEY]

    @property
    def version(self) -> microversion.APIVersion:
        return microversion.from_environ(self.environ)

    @property
    def base_url(self) -> str:
        """Where the compute API is mounted, without ``/v2.1``."""
        return self.environ.get(BASE_URL_KEY) or self.host_url

    @property
    def url_project_id(self) -> str | None:
        """The project id segment of the request URL, if the client used one."""
        return self.environ.get(URL_PROJECT_KEY)
