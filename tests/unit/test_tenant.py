"""Project → Arktos tenant/namespace mapping and the optional project id URL segment."""

import json

import pytest
import webob

from translator import context, exception
from translator.api.middleware import noauth, tenant
from translator.conf import CONF
from translator.context import RequestContext
from translator.web import wsgi


@pytest.mark.parametrize('template,project_id,name,expected', [
    ('{project_id}', '6F70656e737461636b20342065766572', None,
     '6f70656e737461636b20342065766572'),
    ('p-{project_name}', 'abc', 'demo', 'p-demo'),
    ('default', 'abc', None, 'default'),
])
def test_map_project(template, project_id, name, expected):
    assert context.map_project(template, project_id, name, 'tenant') == expected


@pytest.mark.parametrize('template,project_id', [
    ('{project_id}', 'all'), ('{project_id}', 'has space'), ('{project_id}', 'x' * 64),
    ('{project_id}', '-lead'),
])
def test_unmappable_project(template, project_id):
    with pytest.raises(exception.InvalidProjectMapping):
        context.map_project(template, project_id, None, 'tenant')


def _call(path: str, project_id: str = 'abc123'):
    seen = {}

    @webob.dec.wsgify
    def inner(req):
        seen['path'] = req.path_info
        seen['context'] = req.environ[wsgi.CONTEXT_KEY]
        seen['url_project'] = req.environ.get(wsgi.URL_PROJECT_KEY)
        return webob.Response('ok')

    req = webob.Request.blank(path, environ={wsgi.CONF_KEY: CONF})
    req.environ[wsgi.CONTEXT_KEY] = RequestContext(user_id='u', project_id=project_id)
    return req.get_response(tenant.TenantMiddleware(inner, {})), seen


def test_project_segment_is_popped_and_mapped():
    response, seen = _call('/abc123/servers/x')
    assert response.status_int == 200
    assert seen['path'] == '/servers/x'
    assert seen['url_project'] == 'abc123'
    assert seen['context'].arktos_tenant == 'abc123'
    assert seen['context'].arktos_namespace == 'default'


def test_without_project_segment():
    response, seen = _call('/servers')
    assert seen['path'] == '/servers' and seen['url_project'] is None


def test_non_hex_project_segment_is_accepted_when_it_is_the_callers():
    response, seen = _call('/demo/servers', project_id='demo')
    assert seen['path'] == '/servers'


def test_other_projects_segment_is_400():
    response, _ = _call('/def456/servers')
    assert response.status_int == 400
    assert "URL's project_id 'def456' doesn't match Context's project_id 'abc123'" in \
        json.loads(response.body)['badRequest']['message']


@pytest.mark.parametrize('headers,expected', [
    ({}, ('admin', 'admin')),
    ({'X-Auth-Token': 'alice:proj'}, ('alice', 'proj')),
    ({'X-Auth-Token': 'alice', 'X-Auth-Project-Id': 'proj'}, ('alice', 'proj')),
])
def test_noauth_identity(headers, expected):
    assert noauth.parse_identity(headers) == expected
