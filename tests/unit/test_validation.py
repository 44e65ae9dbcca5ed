"""Request schemas per microversion, with Nova's wording."""

import json

import pytest

from translator import exception
from translator.api import validation
from translator.api.microversion import APIVersion
from translator.api.schemas import servers

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
