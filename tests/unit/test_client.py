"""The Arktos HTTP client against a scripted loopback server."""

import gc
import http.server
import json
import threading
import time

import pytest
from oslo_context import context as oslo_context

from translator import exception
from translator.backend.arktos import client as arktos_client


class _Script(http.server.BaseHTTPRequestHandler):
    """Answers each request with the next scripted ``(status, headers, body)``."""

    protocol_version = 'HTTP/1.1'

    def _answer(self):
        time.sleep(self.server.delay)
        length = int(self.headers.get('Content-Length') or 0)
        self.server.seen.append({'method': self.command, 'path': self.path,
                                 'headers': dict(self.headers),
                                 'body': self.rfile.read(length)})
        status, headers, body = self.server.script.pop(0)
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PATCH = do_DELETE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Script)
    server.script, server.seen, server.delay = [], [], 0
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _client(server, **kwargs) -> arktos_client.ArktosClient:
    url = f'http://127.0.0.1:{server.server_address[1]}'
    return arktos_client.ArktosClient(url, **{'read_timeout': 2, **kwargs})


def _status(code: int, reason: str, message: str, kind: str = 'pods') -> dict:
    return {'kind': 'Status', 'apiVersion': 'v1', 'metadata': {}, 'status': 'Failure',
            'message': message, 'reason': reason,
            'details': {'name': 'x', 'kind': kind}, 'code': code}


def test_token_and_request_id_are_sent(scripted):
    scripted.script.append((200, {}, {'items': []}))
    oslo_context.RequestContext(request_id='req-0e1e4d4b-4d37-4b5a-9b0a-7a0fd1d8a3d1')
    assert _client(scripted, token='s3cret').get('/api/v1/pods') == {'items': []}
    headers = scripted.seen[0]['headers']
    assert headers['Authorization'] == 'Bearer s3cret'
    assert headers['X-OpenStack-Request-ID'] == 'req-0e1e4d4b-4d37-4b5a-9b0a-7a0fd1d8a3d1'


@pytest.mark.parametrize('code,reason,error', [
    (404, 'NotFound', arktos_client.ArktosNotFound),
    (409, 'AlreadyExists', arktos_client.ArktosConflict),
    (422, 'Invalid', arktos_client.ArktosInvalid),
    (400, 'BadRequest', arktos_client.ArktosInvalid),
    (403, 'Forbidden', arktos_client.ArktosForbidden),
    (401, 'Unauthorized', arktos_client.ArktosFailure),
])
def test_status_errors_are_mapped(scripted, code, reason, error):
    scripted.script.append((code, {}, _status(code, reason, f'pods "x" {reason}')))
    with pytest.raises(error) as raised:
        _client(scripted).get('/api/v1/tenants/t/namespaces/n/pods/x')
    assert raised.value.reason == reason
    assert raised.value.details['kind'] == 'pods'
    assert len(scripted.seen) == 1


def test_429_is_retried_after_retry_after_even_for_post(scripted):
    scripted.script += [(429, {'Retry-After': '1'}, b'Too many requests, please try again later.'),
                        (201, {}, {'metadata': {'name': 'x'}})]
    started = time.monotonic()
    assert _client(scripted).post('/api/v1/x', {'a': 1}) == {'metadata': {'name': 'x'}}
    assert time.monotonic() - started >= 1
    assert [seen['method'] for seen in scripted.seen] == ['POST', 'POST']


def test_429_storm_ends_in_503_with_retry_after(scripted):
    scripted.script += [(429, {'Retry-After': '1'}, b'busy')] * 3
    with pytest.raises(exception.BackendUnavailable) as raised:
        _client(scripted, max_retries=2).get('/api/v1/x')
    assert raised.value.headers == {'Retry-After': '1'}
    assert len(scripted.seen) == 3


def test_long_retry_after_is_not_waited_for(scripted):
    scripted.script.append((429, {'Retry-After': '30'}, b'busy'))
    started = time.monotonic()
    with pytest.raises(exception.BackendUnavailable) as raised:
        _client(scripted, max_retry_after=2).get('/api/v1/x')
    assert time.monotonic() - started < 1
    assert raised.value.headers == {'Retry-After': '30'}


def test_5xx_is_503(scripted):
    scripted.script.append((500, {}, _status(500, 'InternalError', 'etcd is sad')))
    with pytest.raises(exception.BackendUnavailable) as raised:
        _client(scripted, retry_after=4).get('/api/v1/x')
    assert raised.value.code == 503 and raised.value.headers == {'Retry-After': '4'}
    assert 'etcd is sad' in raised.value.message


def test_connection_errors_retry_only_idempotent_calls():
    client = arktos_client.ArktosClient('http://127.0.0.1:9', max_retries=2,
                                        connect_timeout=0.5)
    calls = []
    original = client.pool.urlopen

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)
    client.pool.urlopen = counting
    for method in ('GET', 'POST'):
        with pytest.raises(exception.BackendUnavailable):
            client.request(method, '/api/v1/x', body={} if method == 'POST' else None)
    assert calls == ['GET', 'GET', 'GET', 'POST']


def test_tls_and_certificate_options():
    client = arktos_client.ArktosClient('https://127.0.0.1:6443', ca_file='/etc/ca.pem',
                                        cert_file='/etc/c.pem', key_file='/etc/k.pem')
    assert (client.pool.ca_certs, client.pool.cert_reqs) == ('/etc/ca.pem', 'CERT_REQUIRED')
    assert (client.pool.cert_file, client.pool.key_file) == ('/etc/c.pem', '/etc/k.pem')
    insecure = arktos_client.ArktosClient('https://x', insecure=True).pool
    assert (insecure.cert_reqs, insecure.assert_hostname) == ('CERT_NONE', False)
    assert 'Authorization' not in arktos_client.ArktosClient('https://x').headers


def test_query_parameters_and_path_prefix(scripted):
    scripted.script.append((200, {}, {'items': []}))
    url = f'http://127.0.0.1:{scripted.server_address[1]}/arktos/'
    arktos_client.ArktosClient(url).get('/api/v1/pods', {'labelSelector': 'a=b,c', 'limit': 5})
    assert scripted.seen[0]['path'] == '/arktos/api/v1/pods?labelSelector=a%3Db%2Cc&limit=5'


def test_a_slow_arktos_is_503_within_the_read_timeout(scripted):
    scripted.delay = 1.5
    scripted.script.append((200, {}, {}))
    started = time.monotonic()
    with pytest.raises(exception.BackendUnavailable, match='no answer within 0.5 s'):
        _client(scripted, read_timeout=0.5).get('/api/v1/x')
    assert time.monotonic() - started < 1.4


def test_large_bodies_parse_with_the_gc_restored(scripted):
    items = [{'metadata': {'name': f'pod-{index}'}} for index in range(5000)]
    scripted.script.append((200, {}, {'items': items}))
    assert _client(scripted).get('/api/v1/pods')['items'] == items
    assert gc.isenabled()


@pytest.mark.parametrize('segment', ['x?y=', 'all%2Fpods', 'UPPER', '..', 'a b', '', '-a'])
def test_a_path_segment_that_is_no_arktos_name_is_refused(scripted, segment):
    """Issue 15.1: no request leaves with a path built from something else."""
    with pytest.raises(exception.InvalidArktosName):
        _client(scripted).get(f'/api/v1/tenants/t/namespaces/{segment}/pods')
    assert scripted.seen == []
