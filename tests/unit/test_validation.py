"""Request schemas per microversion, with Nova's wording."""

import json

import pytest

from translator import exception
from translator.api import validation
from translator.api.microversion import APIVersion
from translator.api.schemas import flavors, images, limits, servers

IMAGE = 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'


def _create(version: str, **server):
    body = {'server': {'name': 'vm', 'flavorRef': '1', 'imageRef': IMAGE, **server}}
    return validation.extract_json(json.dumps(body).encode(),
                                   servers.create(APIVersion(version)))


def _error(version: str, **server) -> str:
    with pytest.raises(exception.ValidationError) as error:
        _create(version, **server)
    return str(error.value)


def test_valid_bodies():
    _create('2.1', networks=[{'uuid': 'anything'}], min_count='2', config_drive='yes')
    _create('2.37', networks='auto')
    _create('2.52', networks='none', tags=['a', 'b'])
    _create('2.94', networks='none', hostname='a.b.example')


def test_field_messages():
    assert _error('2.1', name=12345) == (
        "Invalid input for field/attribute name. Value: 12345. 12345 is not of type 'string'")
    assert _error('2.1', metadata={'k': 1}).startswith(
        'Invalid input for field/attribute k. Value: 1.')
    assert 'Additional properties are not allowed' in _error('2.1', description='x')


def test_microversion_gates():
    assert "'networks' is a required property" in _error('2.37')
    assert 'uuid' in _error('2.37', networks=[{'uuid': 'not-a-uuid'}])
    assert "'tags' was unexpected" in _error('2.51', networks='auto', tags=['a'])
    assert 'personality' in _error('2.57', networks='auto', personality=[])
    assert 'hostname' in _error('2.89', networks='auto', hostname='h1')
    assert 'hostname' in _error('2.90', networks='auto', hostname='a.b')


def test_base64_and_length_of_user_data():
    _create('2.1', user_data='I2Nsb3VkLWNvbmZpZwo=')
    assert 'user_data' in _error('2.1', user_data='***')
    assert 'user_data' in _error('2.1', user_data='QUJD' * 16384)


def test_malformed_body():
    with pytest.raises(exception.MalformedRequestBody):
        validation.extract_json(b'{not json', servers.create(APIVersion('2.1')))


def test_query_below_and_from_2_75():
    params = validation.query_params(_Multi([('name', 'a'), ('foo', 'b')]),
                                     servers.index_query(APIVersion('2.74')))
    assert params == {'name': ['a']}
    with pytest.raises(exception.ValidationError):
        validation.query_params(_Multi([('foo', 'b')]), servers.index_query(APIVersion('2.75')))


class _Multi:
    """The part of webob's MultiDict the validator reads."""

    def __init__(self, pairs):
        self.pairs = pairs

    def items(self):
        return list(self.pairs)


def _query(pairs, schema):
    return validation.query_params(_Multi(pairs), schema)


def _query_error(pairs, schema) -> str:
    with pytest.raises(exception.ValidationError) as error:
        _query(pairs, schema)
    return str(error.value)


@pytest.mark.parametrize('module', [flavors, limits])
def test_unknown_query_parameters_are_dropped_below_2_75_and_refused_from_it(module):
    assert _query([('foo', 'b')], module.index_query(APIVersion('2.74'))) == {}
    assert _query_error([('foo', 'b')], module.index_query(APIVersion('2.75'))) == (
        "Additional properties are not allowed ('foo' was unexpected)")


def test_flavor_query():
    schema = flavors.index_query(APIVersion('2.75'))
    pairs = [('sort_key', 'memory_mb'), ('sort_dir', 'desc'), ('limit', '2'), ('marker', '1'),
             ('minRam', 'x'), ('minDisk', '1'), ('is_public', 'none')]
    assert _query(pairs, schema) == {key: [value] for key, value in pairs}
    assert _query_error([('sort_key', 'ram')], schema).startswith(
        "Invalid input for query parameters sort_key. Value: ram. 'ram' is not one of")
    assert _query_error([('sort_dir', 'up')], schema).startswith(
        "Invalid input for query parameters sort_dir. Value: up.")
    assert _query_error([('limit', '-1')], schema) == (
        "Invalid input for query parameters limit. Value: -1. '-1' does not match '^[0-9]*$'")


def test_limits_query_keeps_tenant_id_and_tolerates_reserved():
    schema = limits.index_query(APIVersion('2.100'))
    assert _query([('tenant_id', 'p'), ('reserved', 'False')], schema) == {
        'tenant_id': ['p'], 'reserved': ['False']}


def test_images_proxy_query():
    """Nova's filters, paging and ``property-*`` are kept; anything else is dropped (the
    proxy ends at 2.35, before Nova's strictness)."""
    pairs = [('name', 'cirros'), ('limit', '2'), ('marker', 'm'), ('property-os_distro', 'x'),
             ('minRam', '512'), ('page_size', '5'), ('offset', '1'), ('foo', 'bar')]
    assert _query(pairs, images.index_query) == {key: [value] for key, value in pairs[:-1]}
    assert _query_error([('limit', 'two')], images.index_query).startswith(
        'Invalid input for query parameters limit. Value: two.')
