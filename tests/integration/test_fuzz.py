"""Property-based fuzzing of request bodies, query strings and headers through the
whole pipeline: never a 5xx (but Nova's 501 for actions Arktos cannot do), and every
error in Nova's fault shape."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import api

_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
_FAULT_NAMES = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
                405: 'badMethod', 406: 'computeFault', 409: 'conflictingRequest',
                413: 'overLimit', 501: 'notImplemented'}

_json = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) |
    st.dictionaries(st.text(max_size=10), children, max_size=3), max_leaves=8)
_server_keys = st.sampled_from([
    'name', 'flavorRef', 'imageRef', 'networks', 'metadata', 'user_data', 'key_name',
    'min_count', 'max_count', 'availability_zone', 'security_groups', 'accessIPv4',
    'accessIPv6', 'block_device_mapping_v2', 'description', 'tags', 'hostname',
    'config_drive', 'adminPass', 'OS-DCF:diskConfig', 'return_reservation_id', 'bogus'])
_server_bodies = st.fixed_dictionaries(
    {'name': st.text(max_size=8) | _json, 'flavorRef': st.sampled_from(['1', '99', 1]),
     'imageRef': st.sampled_from([api.CIRROS, '', 'x'])},
    optional={'extra': st.dictionaries(_server_keys, _json, max_size=4)})


def _check(response, allow_501: bool = False) -> None:
    status = response.status_code
    assert status < 500 or (allow_501 and status == 501), (status, response.text)
    if status >= 400:
        body = response.json()
        name = _FAULT_NAMES.get(status)
        assert list(body) == [name], body
        assert body[name]['code'] == status and body[name]['message']


@pytest.fixture(scope='module')
def fuzz_compute(translator):
    compute = api.ComputeAPI(translator, version='2.100')
    server_id = compute.create_server(networks='auto').json()['server']['id']
    return compute, server_id


@_SETTINGS
@given(body=_server_bodies, version=st.sampled_from(['2.1', '2.37', '2.100']))
def test_create_bodies(fuzz_compute, body, version):
    compute, _ = fuzz_compute
    server = {key: value for key, value in body.items() if key != 'extra'}
    server.update(body.get('extra', {}))
    response = compute.post('/servers', {'server': server},
                            headers={'OpenStack-API-Version': f'compute {version}'})
    _check(response)
    if response.status_code == 202 and 'server' in response.json():
        compute.created.append(response.json()['server']['id'])
        compute.delete_created()


@_SETTINGS
@given(body=st.dictionaries(st.sampled_from([
    'reboot', 'os-stop', 'os-start', 'pause', 'unpause', 'suspend', 'resume', 'lock',
    'unlock', 'createImage', 'rebuild', 'resize', 'addSecurityGroup', 'foo']), _json,
    max_size=2) | _json)
def test_action_bodies(fuzz_compute, body):
    compute, server_id = fuzz_compute
    response = compute.post(f'/servers/{server_id}/action', body)
    _check(response, allow_501=True)
    compute.post(f'/servers/{server_id}/action', {'unlock': None})


@_SETTINGS
@given(params=st.dictionaries(st.sampled_from([
    'limit', 'marker', 'name', 'status', 'changes-since', 'flavor', 'image', 'ip',
    'reservation_id', 'all_tenants', 'deleted', 'sort_key', 'foo']), st.text(max_size=12),
    max_size=4), path=st.sampled_from(['/servers', '/servers/detail', '/flavors/detail']),
    version=st.sampled_from(['2.1', '2.75', '2.100']))
def test_query_strings(fuzz_compute, params, path, version):
    compute, _ = fuzz_compute
    _check(compute.get(path, params=params,
                       headers={'OpenStack-API-Version': f'compute {version}'}))


# Header values HTTP allows (no control characters, no leading or trailing blanks).
_header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126),
                       max_size=20).map(str.strip)


@_SETTINGS
@given(standard=_header_text, legacy=_header_text)
def test_microversion_headers(fuzz_compute, standard, legacy):
    compute, _ = fuzz_compute
    headers = {'OpenStack-API-Version': standard, 'X-OpenStack-Nova-API-Version': legacy}
    _check(compute.session.get(compute.base_url + '/v2.1/servers', timeout=30,
                               headers=headers))
