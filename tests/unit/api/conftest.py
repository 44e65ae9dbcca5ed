"""The whole WSGI application (the paste pipeline, noauth) in process, over the
in-memory ``FakeDriver``: requests are webob requests, no socket is opened."""

import uuid

import pytest
import webob

from translator import backend, policy, wsgi
from translator.conf import CONF

CIRROS = 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'
CONFIG = ('[api]\nauth_strategy = noauth\ncompute_driver = tests.unit.fake_driver:FakeDriver\n'
          'gc_threshold = 0\n')


class API:
    """A caller of the application: ``user:project`` as noauth reads it."""

    def __init__(self, app, project: str | None = None, user: str = 'alice',
                 version: str | None = None):
        self.app = app
        self.project = project or uuid.uuid4().hex
        self.user = user
        self.version = version

    def request(self, method: str, path: str, body=None, headers: dict | None = None,
                version: str | None = None, prefix: str = '/v2.1') -> webob.Response:
        request = webob.Request.blank(prefix + path, method=method)
        request.headers['X-Auth-Token'] = f'{self.user}:{self.project}'
        version = version or self.version
        if version:
            request.headers['OpenStack-API-Version'] = f'compute {version}'
        if isinstance(body, bytes):
            request.body, request.content_type = body, 'application/json'
        elif body is not None:
            request.json_body = body
        request.headers.update(headers or {})
        return request.get_response(self.app)

    def get(self, path: str, **kwargs) -> webob.Response:
        return self.request('GET', path, **kwargs)

    def post(self, path: str, body, **kwargs) -> webob.Response:
        return self.request('POST', path, body, **kwargs)

    def put(self, path: str, body, **kwargs) -> webob.Response:
        return self.request('PUT', path, body, **kwargs)

    def delete(self, path: str, **kwargs) -> webob.Response:
        return self.request('DELETE', path, **kwargs)

    def action(self, server_id: str, body: dict, **kwargs) -> webob.Response:
        return self.post(f'/servers/{server_id}/action', body, **kwargs)

    def create_server(self, name: str = 'vm', **fields) -> dict:
        """A new server (asserted 202), as the create response shows it."""
        server = {'name': name, 'flavorRef': '1', 'imageRef': CIRROS, **fields}
        response = self.post('/servers', {'server': server})
        assert response.status_int == 202, response.json_body
        return response.json_body['server']

    def server(self, server_id: str) -> dict:
        response = self.get(f'/servers/{server_id}')
        assert response.status_int == 200, response.json_body
        return response.json_body['server']

    def as_user(self, user: str, **kwargs) -> 'API':
        """The same project, another caller."""
        return API(self.app, self.project, user, kwargs.get('version', self.version))


@pytest.fixture
def make_app(tmp_path):
    """``make_app(extra_conf='')``: the application loaded as ``translator-api`` loads
    it, with ``extra_conf`` added to the configuration; yields ``(app, driver)``."""
    def make(extra_conf: str = ''):
        backend.reset()
        policy.reset()
        path = tmp_path / 'translator.conf'
        path.write_text(CONFIG + f'[glance_store]\nfilesystem_store_datadir = {tmp_path}/images\n'
                        + extra_conf)
        app = wsgi.init_application([str(path)])
        return app, backend.load_driver(CONF)
    yield make
    backend.reset()
    policy.reset()


@pytest.fixture
def app_and_driver(make_app):
    return make_app()


@pytest.fixture
def fake(app_and_driver):
    """The FakeDriver behind ``api``: ``fake.settle()`` finishes the tasks in progress."""
    return app_and_driver[1]


@pytest.fixture
def api(app_and_driver):
    """A member of a fresh project at the default microversion."""
    return API(app_and_driver[0])


@pytest.fixture
def admin(api):
    """The admin (noauth's ``admin`` user) in the same project as ``api``."""
    return api.as_user('admin')
