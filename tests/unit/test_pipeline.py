"""Filters and handlers read the configuration and driver the pipeline hands them."""

import json
import types

import webob
import webob.dec

from translator.api.middleware import tenant, versions
from translator.context import RequestContext
from translator.image import versions as image_versions
from translator.web import pipeline, wsgi


def _conf(public_endpoint=None):
    return types.SimpleNamespace(
        api=types.SimpleNamespace(public_endpoint=public_endpoint),
        arktos=types.SimpleNamespace(tenant_template='t-{project_name}',
                                     namespace_template='ns'))


def _seen():
    seen = {}

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def inner(req):
        seen.update(conf=req.conf, driver=req.driver, base_url=req.base_url,
                    context=req.environ.get(wsgi.CONTEXT_KEY))
        return webob.Response('ok')
    return inner, seen


def test_the_environment_gives_every_layer_the_configuration_and_driver():
    inner, seen = _seen()
    conf, driver = _conf(), object()
    webob.Request.blank('/').get_response(pipeline.Environment(inner, conf, driver))
    assert seen['conf'] is conf and seen['driver'] is driver


def test_base_urls_come_from_the_requests_configuration():
    conf = _conf('https://cloud.example.com/compute/')
    body = json.loads(webob.Request.blank('/').get_response(
        pipeline.Environment(versions.VersionsMiddleware(None, {}), conf, None)).body)
    assert body['versions'][0]['links'][0]['href'] == 'https://cloud.example.com/compute/v2/'
    inner, seen = _seen()
    webob.Request.blank('/v2/images', environ={'SCRIPT_NAME': '/image'}).get_response(
        pipeline.Environment(image_versions.ImageVersionsMiddleware(inner, {}), conf, None))
    assert seen['base_url'] == 'https://cloud.example.com/compute/image'


def test_tenant_maps_with_the_requests_configuration():
    inner, seen = _seen()
    req = webob.Request.blank('/servers')
    req.environ[wsgi.CONTEXT_KEY] = RequestContext(user_id='u', project_id='p',
                                                   project_name='Demo')
    req.get_response(pipeline.Environment(tenant.TenantMiddleware(inner, {}), _conf(), None))
    assert (seen['context'].arktos_tenant, seen['context'].arktos_namespace) == ('t-demo', 'ns')


def test_another_projects_context_is_a_mapped_copy():
    context = RequestContext(user_id='u', project_id='p', project_name='Demo')
    context.map_project(_conf())
    other = context.for_project(_conf(), 'q')
    assert (other.project_id, other.arktos_tenant) == ('q', 't-q')
    assert (context.project_id, context.arktos_tenant) == ('p', 't-demo')
    assert context.for_project(_conf(), 'p') is context
