"""Nova fault bodies and the fault wrapper."""

import json

import pytest
import webob
import webob.exc

from translator import exception
from translator.api import microversion
from translator.conf import CONF
from translator.web import faults, wsgi


@pytest.mark.parametrize('status,name', [
    (400, 'badRequest'), (401, 'unauthorized'), (403, 'forbidden'), (404, 'itemNotFound'),
    (405, 'badMethod'), (409, 'conflictingRequest'), (413, 'overLimit'),
    (415, 'badMediaType'), (429, 'overLimit'), (501, 'notImplemented'),
    (503, 'serviceUnavailable'), (406, 'computeFault'), (500, 'computeFault'),
])
def test_fault_names(status, name):
    response = faults.fault_response({}, status, 'why')
    assert response.status_int == status
    assert json.loads(response.body) == {name: {'code': status, 'message': 'why'}}
    assert response.content_type == 'application/json'


def test_fault_echoes_negotiated_microversion_and_retry_after():
    environ = {wsgi.RESPONSE_HEADERS_KEY:
               microversion.response_headers(microversion.APIVersion('2.47'))}
    response = faults.fault_response(environ, 429, 'slow down', {'Retry-After': '3'})
    assert response.headers['X-OpenStack-Nova-API-Version'] == '2.47'
    assert response.headers['Retry-After'] == '3'
    assert json.loads(response.body)['overLimit']['retryAfter'] == '3'


def _wrapped(app):
    return faults.FaultWrapper(app, {})


def test_unexpected_exception_is_a_generic_500():
    def broken(environ, start_response):
        raise KeyError('secret detail')
    response = webob.Request.blank('/').get_response(_wrapped(broken))
    assert response.status_int == 500
    assert json.loads(response.body) == {'computeFault': {
        'code': 500, 'message': faults.GENERIC_500}}
    assert b'secret' not in response.body


def test_unsafe_translator_exception_hides_its_message():
    def broken(environ, start_response):
        raise exception.BackendError(reason='token abc rejected')
    response = webob.Request.blank('/').get_response(_wrapped(broken))
    assert response.status_int == 500
    assert b'abc' not in response.body


def test_safe_exception_keeps_message_and_headers():
    def broken(environ, start_response):
        raise exception.BackendUnavailable(reason='Arktos is down', retry_after=7)
    response = webob.Request.blank('/').get_response(_wrapped(broken))
    assert response.status_int == 503
    assert response.headers['Retry-After'] == '7'
    assert 'Arktos is down' in json.loads(response.body)['serviceUnavailable']['message']


def test_plain_text_error_from_an_inner_filter_becomes_a_fault():
    inner = webob.exc.HTTPRequestEntityTooLarge(explanation='Request is too large %s')
    request = webob.Request.blank('/', environ={wsgi.CONF_KEY: CONF})
    response = request.get_response(_wrapped(inner))
    assert response.status_int == 413
    message = json.loads(response.body)['overLimit']['message']
    assert 'max_request_body_size' in message and '%s' not in message


def test_json_responses_pass_untouched():
    ok = webob.Response(json_body={'error': {'code': 401}}, status=401)
    response = webob.Request.blank('/').get_response(_wrapped(ok))
    assert json.loads(response.body) == {'error': {'code': 401}}
