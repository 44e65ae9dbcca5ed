"""Microversion negotiation (nova-api.md §1.5)."""

import pytest

from translator.api import microversion
from translator.api.microversion import APIVersion


@pytest.mark.parametrize('headers,expected', [
    ({}, '2.1'),
    ({'OpenStack-API-Version': 'compute 2.60'}, '2.60'),
    ({'OpenStack-API-Version': 'COMPUTE 2.60'}, '2.60'),
    ({'OpenStack-API-Version': 'volume 3.5, compute 2.60'}, '2.60'),
    ({'OpenStack-API-Version': 'compute latest'}, '2.100'),
    ({'X-OpenStack-Nova-API-Version': '2.5'}, '2.5'),
    ({'X-OpenStack-Nova-API-Version': 'latest'}, '2.100'),
    ({'X-OpenStack-Nova-API-Version': '2.5', 'OpenStack-API-Version': 'compute 2.7'}, '2.7'),
    ({'OpenStack-API-Version': 'volume 3.5', 'X-OpenStack-Nova-API-Version': '2.9'}, '2.9'),
])
def test_negotiate(headers, expected):
    assert microversion.negotiate(headers) == APIVersion(expected)


@pytest.mark.parametrize('value', ['2.x', '2', '02.1', '2.01', 'abc', '2.1.1'])
def test_malformed(value):
    with pytest.raises(microversion.InvalidVersionFormat) as error:
        microversion.negotiate({'X-OpenStack-Nova-API-Version': value})
    assert 'is of invalid format' in str(error.value)


@pytest.mark.parametrize('value', ['2.0', '2.101', '3.0', '1.1'])
def test_out_of_range(value):
    with pytest.raises(microversion.VersionNotSupported) as error:
        microversion.negotiate({'OpenStack-API-Version': f'compute {value}'})
    assert str(error.value) == (f'Version {value} is not supported by the API. '
                                'Minimum is 2.1 and maximum is 2.100.')


def test_versions_compare_numerically():
    assert APIVersion('2.100') > APIVersion('2.99') > APIVersion('2.9')
    assert str(APIVersion('2.100')) == '2.100'
    assert APIVersion('2.47') >= (2, 47)


def test_response_headers():
    assert microversion.response_headers(APIVersion('2.47')) == [
        ('OpenStack-API-Version', 'compute 2.47'),
        ('X-OpenStack-Nova-API-Version', '2.47'),
        ('Vary', 'OpenStack-API-Version'),
        ('Vary', 'X-OpenStack-Nova-API-Version'),
    ]
