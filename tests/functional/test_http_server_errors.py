"""Errors before the application (gunicorn's 414/431/400) and paths or queries that are
not UTF-8 are Nova faults with a request id, never an HTML page or a traceback: these
need translator-api's real HTTP server."""

import json
import socket

import pytest
import requests

from translator.testing import harness


def _fault(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()['badRequest']['message']


@pytest.fixture(scope='module')
def logged_translator(arktos, tmp_path_factory):
    """A translator whose log the test reads."""
    server = harness.start_translator(tmp_path_factory.mktemp('logged'), arktos['url'],
                                      token=arktos['token'], conductor=False)
    yield server
    server.stop()


@pytest.mark.parametrize('path', [
    '/v2.1/servers/%ff', '/v2.1/servers?name=%ff', '/v2.1/servers?%c3%28=1',
    '/v2.1/servers/detail?ip=%ed%a0%80', '/image/v2/images/%ff', '/v2.1/%ff/servers'])
def test_a_path_or_query_that_is_not_utf8_is_400(logged_translator, path):
    response = requests.get(logged_translator.url + path, timeout=10,
                            headers={'X-Auth-Token': 'alice:p'})
    message = _fault(response, 400)
    assert message in ('The request path is not valid UTF-8.',
                       'The query string is not valid UTF-8.')
    assert response.headers['x-openstack-request-id'].startswith('req-')
    assert 'Traceback' not in open(logged_translator.log_path).read()


def raw_request(url: str, data: bytes) -> tuple[int, dict, bytes]:
    """Send ``data`` as it is and read the answer up to the server's close."""
    host, port = url.rsplit('/', 1)[1].split(':')
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        answer = b''
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    headers = dict(line.split(': ', 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


_GET = b'GET /v2.1/servers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n'


@pytest.mark.parametrize('data,status', [
    pytest.param(b'GET /v2.1/servers?' + b'a' * 5000 + b' HTTP/1.1\r\nHost: x\r\n\r\n', 414,
                 id='request-line-too-long'),
    pytest.param(_GET + b''.join(b'X-%d: y\r\n' % index for index in range(120)) + b'\r\n',
                 431, id='too-many-headers'),
    pytest.param(_GET + b'X-Big: ' + b'y' * 9000 + b'\r\n\r\n', 431, id='header-too-large'),
    pytest.param(_GET + b'Bad Header: y\r\n\r\n', 400, id='bad-header-name'),
    pytest.param(_GET + b'X-Folded: a\r\n b\r\n\r\n', 400, id='folded-header'),
    pytest.param(b'GARBAGE\r\n\r\n', 400, id='no-request-line'),
    pytest.param(b'GET /v2.1/servers HTTP/9.9\r\n\r\n', 400, id='bad-http-version'),
    pytest.param(_GET + b'Content-Length: 1\r\nContent-Length: 2\r\n\r\nx', 400,
                 id='two-content-lengths'),
])
def test_errors_of_the_http_server_are_nova_faults(logged_translator, data, status):
    """gunicorn's own answers (before the application) are JSON faults, not HTML pages,
    and leave one warning line, no traceback."""
    code, headers, body = raw_request(logged_translator.url, data)
    assert code == status, body
    assert headers['content-type'].startswith('application/json')
    assert headers['x-openstack-request-id'].startswith('req-')
    name = 'badRequest' if status == 400 else 'computeFault'
    assert json.loads(body)[name]['code'] == status
    assert 'Traceback' not in open(logged_translator.log_path).read()
