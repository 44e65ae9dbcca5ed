"""Every bad request gets a clear 4xx in Nova's fault shape, and nothing reaches Arktos."""

import json
import socket
import uuid

import pytest
import requests

from tests import service
from tests.functional import api


def _fault(response, status: int) -> str:
    assert response.status_code == status, response.text
    name = {400: 'badRequest', 403: 'forbidden', 413: 'overLimit'}[status]
    body = response.json()
    assert body[name]['code'] == status
    return body[name]['message']


@pytest.mark.parametrize('server,message', [
    ({'flavorRef': '1', 'imageRef': api.CIRROS}, "'name' is a required property"),
    ({'name': 12345, 'flavorRef': '1', 'imageRef': api.CIRROS},
     'Invalid input for field/attribute name. Value: 12345.'),
    ({'name': '', 'flavorRef': '1', 'imageRef': api.CIRROS},
     'Invalid input for field/attribute name.'),
    ({'name': 'x' * 256, 'flavorRef': '1', 'imageRef': api.CIRROS},
     'Invalid input for field/attribute name.'),
    ({'name': ' padded', 'flavorRef': '1', 'imageRef': api.CIRROS},
     "An invalid 'name' value was provided"),
    ({'name': 'vm', 'imageRef': api.CIRROS}, "'flavorRef' is a required property"),
    ({'name': 'vm', 'flavorRef': '99', 'imageRef': api.CIRROS},
     'Flavor 99 could not be found.'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': str(uuid.uuid4())},
     'Can not find requested image'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': '-1'},
     'Invalid input for field/attribute imageRef.'),
    ({'name': 'vm', 'flavorRef': '1'}, 'Missing imageRef attribute'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS, 'user_data': 'not base64!'},
     'Invalid input for field/attribute user_data.'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS, 'user_data': 'QUJD' * 16384},
     'Invalid input for field/attribute user_data.'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS, 'bogus': 1},
     "Additional properties are not allowed ('bogus' was unexpected)"),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS, 'key_name': 'nokey'},
     'Invalid key_name provided.'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS, 'accessIPv4': '1.2.3'},
     'Invalid input for field/attribute accessIPv4.'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS,
      'networks': [{'uuid': str(uuid.uuid4())}]}, 'could not be found.'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS, 'min_count': 3,
      'max_count': 2}, 'min_count must be <= max_count'),
    ({'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS,
      'availability_zone': 'elsewhere'}, 'availability zone is not available'),
])
def test_bad_create_body_is_400_and_creates_nothing(compute, arktos_pods, server, message):
    assert message in _fault(compute.post('/servers', {'server': server}), 400)
    assert arktos_pods(compute.project) == []


def test_malformed_json_is_400(compute, arktos_pods):
    response = compute.request('POST', '/servers', data='{"server": ',
                               headers={'Content-Type': 'application/json'})
    assert _fault(response, 400) == 'Malformed request body'
    assert arktos_pods(compute.project) == []


def test_unknown_top_level_key_is_400(compute):
    body = {'server': {'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS}, 'extra': {}}
    assert "'extra' was unexpected" in _fault(compute.post('/servers', body), 400)


def test_networks_required_from_2_37(translator):
    compute = api.ComputeAPI(translator, version='2.37')
    assert "'networks' is a required property" in _fault(compute.create_server(), 400)
    assert compute.create_server(networks='none').status_code == 202


def test_personality_rejected_from_2_57(translator):
    compute = api.ComputeAPI(translator, version='2.57')
    response = compute.create_server(networks='none',
                                     personality=[{'path': '/a', 'contents': 'QQ=='}])
    assert "'personality' was unexpected" in _fault(response, 400)


def test_too_much_metadata_is_403(compute, arktos_pods):
    metadata = {f'k{i}': 'v' for i in range(129)}
    message = _fault(compute.create_server(metadata=metadata), 403)
    assert message == 'Maximum number of metadata items exceeds 128'
    assert arktos_pods(compute.project) == []


def test_body_over_size_limit_is_413(compute, arktos_pods):
    response = compute.create_server(metadata={'big': 'x' * 200}, description='y' * 120000)
    _fault(response, 413)
    assert arktos_pods(compute.project) == []


def test_bad_update_bodies(compute):
    server_id = compute.create_server().json()['server']['id']
    path = f'/servers/{server_id}'
    assert 'Invalid input for field/attribute name' in \
        _fault(compute.put(path, {'server': {'name': ''}}), 400)
    assert "'id' was unexpected" in _fault(compute.put(path, {'server': {'id': 'x'}}), 400)
    assert "'description' was unexpected" in \
        _fault(compute.put(path, {'server': {'description': 'before 2.19'}}), 400)
    assert compute.put(f'/servers/{uuid.uuid4()}', {'server': {'name': 'a'}}).status_code == 404


@pytest.mark.parametrize('pattern', ['vm(', '(a)\\1', 'a(?=b)'])
def test_a_name_pattern_re2_cannot_compile_is_400(compute, pattern):
    message = _fault(compute.get('/servers', params={'name': pattern}), 400)
    assert message.startswith(f"Invalid input for query parameters name. Value: {pattern}. "
                              f"'{pattern}' is not a 'regex'")


@pytest.fixture(scope='module')
def logged_translator(arktos, tmp_path_factory):
    """A translator whose log the test reads."""
    server = service.start_translator(tmp_path_factory.mktemp('logged'), arktos['url'],
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
