"""Every bad request gets a clear 4xx in Nova's fault shape, and nothing reaches Arktos."""

import uuid

import pytest

from tests import api


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
