"""Version documents and microversion negotiation through the whole pipeline."""

import re

import pytest
import requests
from tempest.lib.api_schema.response.compute.v2_1 import versions as versions_schema

from tests import contract

REQUEST_ID = re.compile(r'^req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$')


def test_root_lists_both_versions_without_auth(translator):
    response = requests.get(translator + '/')
    assert response.status_code == 200
    contract.validate(versions_schema.list_versions, response)
    versions = response.json()['versions']
    assert [v['id'] for v in versions] == ['v2.0', 'v2.1']
    assert versions[1]['version'] == '2.100' and versions[1]['min_version'] == '2.1'
    assert versions[1]['links'][0]['href'] == translator + '/v2.1/'


@pytest.mark.parametrize('path', ['/v2.1', '/v2.1/', '/v2/'])
def test_every_self_link_is_a_version_document(translator, path):
    response = requests.get(translator + path)
    assert response.status_code == 200
    contract.validate(versions_schema.get_one_version, response)


def test_v21_document_is_microversioned(translator):
    response = requests.get(translator + '/v2.1')
    assert response.headers['OpenStack-API-Version'] == 'compute 2.1'
    assert response.json()['version']['version'] == '2.100'


@pytest.mark.parametrize('headers,expected', [
    ({}, '2.1'),
    ({'OpenStack-API-Version': 'compute latest'}, '2.100'),
    ({'OpenStack-API-Version': 'compute 2.47'}, '2.47'),
    ({'OpenStack-API-Version': 'volume 3.5, compute 2.60'}, '2.60'),
    ({'X-OpenStack-Nova-API-Version': '2.96'}, '2.96'),
    ({'X-OpenStack-Nova-API-Version': '2.5',
      'OpenStack-API-Version': 'compute 2.90'}, '2.90'),
])
def test_negotiation_echoes_both_headers(translator, headers, expected):
    response = requests.get(translator + '/v2.1/flavors', headers=headers)
    assert response.status_code == 200
    assert response.headers['OpenStack-API-Version'] == f'compute {expected}'
    assert response.headers['X-OpenStack-Nova-API-Version'] == expected
    assert 'OpenStack-API-Version' in response.headers['Vary']
    assert 'X-OpenStack-Nova-API-Version' in response.headers['Vary']


def test_malformed_version_is_400(translator):
    response = requests.get(translator + '/v2.1/servers',
                            headers={'OpenStack-API-Version': 'compute 2.x'})
    assert response.status_code == 400
    assert 'API Version String 2.x is of invalid format' in \
        response.json()['badRequest']['message']


@pytest.mark.parametrize('version', ['2.999', '2.0', '3.1', '1.1'])
def test_version_out_of_range_is_406_compute_fault(translator, version):
    response = requests.get(translator + '/v2.1/servers',
                            headers={'X-OpenStack-Nova-API-Version': version})
    assert response.status_code == 406
    assert response.json() == {'computeFault': {
        'code': 406, 'message': f'Version {version} is not supported by the API. '
                                'Minimum is 2.1 and maximum is 2.100.'}}


@pytest.mark.parametrize('path,status', [('/', 200), ('/v2.1/servers', 200),
                                         ('/v2.1/nowhere', 404), ('/elsewhere', 404)])
def test_every_response_carries_request_ids(translator, path, status):
    response = requests.get(translator + path)
    assert response.status_code == status
    request_id = response.headers['x-openstack-request-id']
    assert REQUEST_ID.match(request_id)
    assert response.headers['x-compute-request-id'] == request_id


def test_request_ids_are_unique(translator):
    ids = {requests.get(translator + '/').headers['x-openstack-request-id'] for _ in range(5)}
    assert len(ids) == 5


def test_healthcheck(translator):
    assert requests.get(translator + '/healthcheck').status_code == 200
