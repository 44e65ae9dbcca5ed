"""Issue 15.9: input the service could not store or render back is a 400 in Nova's (or
Glance's) shape, and nothing is created or stored."""

import json

import pytest

from tests import api
from tests.api import ImageAPI, wait_for_image, wait_for_status

_LONE_SURROGATE = '"bad \\ud800 text"'  # valid JSON, no valid Unicode


def _raw_post(compute: api.ComputeAPI, path: str, text: str):
    return compute.request('POST', path, data=text.encode(),
                           headers={'Content-Type': 'application/json'})


def _server_body(**fields) -> dict:
    return {'server': {'name': 'x', 'flavorRef': '1', 'imageRef': api.CIRROS, **fields}}


def _servers(compute) -> list:
    return compute.get('/servers').json()['servers']


@pytest.mark.parametrize('field', ['adminPass', 'name', 'metadata', 'user_data'])
def test_lone_surrogates_are_refused_and_nothing_is_created(compute, field):
    body = json.dumps(_server_body())
    value = f'{{"k": {_LONE_SURROGATE}}}' if field == 'metadata' else _LONE_SURROGATE
    text = body[:-2] + f', "{field}": {value}}}}}'
    response = _raw_post(compute, '/servers', text)
    assert response.status_code == 400, response.text
    assert 'lone surrogate' in response.json()['badRequest']['message']
    assert _servers(compute) == []


def test_deeply_nested_bodies_are_400(compute):
    for depth in (40, 1000, 10_000):
        nested = '[' * depth + ']' * depth
        response = _raw_post(compute, '/servers', f'{{"server": {nested}}}')
        assert response.status_code == 400, (depth, response.text)
        assert 'badRequest' in response.json()
    assert _servers(compute) == []


@pytest.mark.parametrize('field', ['min_count', 'max_count'])
def test_counts_below_one_as_strings_are_400(compute, field):
    response = compute.post('/servers', _server_body(**{field: '0'}))
    assert response.status_code == 400, response.text
    assert f'Invalid input for field/attribute {field}' in response.text
    assert _servers(compute) == []


@pytest.fixture
def snapshot(translator):
    compute = api.ComputeAPI(translator, version='2.45')
    server_id = compute.create_server(networks='auto').json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    image_id = compute.post(f'/servers/{server_id}/action',
                            {'createImage': {'name': 'snap'}}).json()['image_id']
    images = ImageAPI(translator, compute.project)
    wait_for_image(images, image_id)
    yield images, image_id
    images.delete(f'/v2/images/{image_id}')


@pytest.mark.parametrize('operation', [
    {'op': 'add', 'path': '/min_ram', 'value': 2 ** 63},
    {'op': 'replace', 'path': '/min_disk', 'value': -1},
    {'op': 'replace', 'path': '/min_ram', 'value': True},
    {'op': 'replace', 'path': '/name', 'value': {'a': 'dict'}},
    {'op': 'replace', 'path': '/name', 'value': 'x' * 256},
    {'op': 'add', 'path': '/purpose', 'value': {'not': 'a string'}},
    {'op': 'add', 'path': '/purpose', 'value': 7},
    {'op': 'replace', 'path': '/protected', 'value': 'yes'},
    {'op': 'replace', 'path': '/tags', 'value': ['ok', 3]},
])
def test_glance_patch_values_that_cannot_be_stored_are_400(snapshot, operation):
    images, image_id = snapshot
    before = images.get(f'/v2/images/{image_id}').json()
    response = images.patch(f'/v2/images/{image_id}', [operation])
    assert response.status_code == 400, response.text
    assert "Provided object does not match schema 'image'" in response.text
    assert images.get(f'/v2/images/{image_id}').json() == before
    # The owner's and every admin's lists keep answering.
    assert images.get('/v2/images').status_code == 200


def test_glance_patch_lone_surrogate_is_400(snapshot):
    images, image_id = snapshot
    text = f'[{{"op": "add", "path": "/purpose", "value": {_LONE_SURROGATE}}}]'
    response = images.session.patch(
        images.url + f'/v2/images/{image_id}', data=text.encode(), timeout=30,
        headers={'Content-Type': 'application/openstack-images-v2.1-json-patch'})
    assert response.status_code == 400
    assert 'purpose' not in images.get(f'/v2/images/{image_id}').json()


@pytest.mark.parametrize('key', ['min_ram', 'min_disk', 'name', 'created_at'])
@pytest.mark.parametrize('direction', ['asc', 'desc'])
def test_glance_sorts_by_every_key(snapshot, key, direction):
    images, _ = snapshot
    response = images.get(f'/v2/images?sort_key={key}&sort_dir={direction}')
    assert response.status_code == 200, response.text
    values = [image[key] or (0 if key.startswith('min_') else '')
              for image in response.json()['images']]
    assert values == sorted(values, reverse=direction == 'desc')
