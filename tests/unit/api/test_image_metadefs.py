"""``/v2/metadefs`` and its schemas: Glance's schemas, an empty catalog read with
Glance's parameters, and writes refused."""

import jsonschema
import pytest

from tests.unit.api.test_image_data import ImageAPI
from translator.image import metadefs

KINDS = ('namespace', 'namespaces', 'resource_type', 'resource_types', 'property',
         'properties', 'object', 'objects', 'tag', 'tags')
# Glance's api-ref example of a namespace with a property and an object.
NAMESPACE = {
    'namespace': 'OS::Compute::Quota', 'display_name': 'Flavor Quota',
    'visibility': 'public', 'protected': True, 'owner': 'admin',
    'resource_type_associations': [{'name': 'OS::Nova::Flavor'}],
    'properties': {'quota:cpu_shares': {'title': 'Quota: CPU Shares', 'type': 'integer'}},
    'objects': [{'name': 'CPU Limits', 'required': [],
                 'properties': {'quota:cpu_period': {'title': 'Quota: CPU Period',
                                                     'type': 'integer', 'minimum': 1000}}}],
}


@pytest.fixture
def images(app_and_driver):
    return ImageAPI(app_and_driver[0])


def _as(images: ImageAPI, user: str) -> ImageAPI:
    return ImageAPI(images.app, images.project, user)


@pytest.mark.parametrize('kind', KINDS)
def test_schemas_are_glances(images, kind):
    body = _as(images, 'nobody').get(f'/v2/schemas/metadefs/{kind}').json_body
    assert body == metadefs.SCHEMAS[kind]
    jsonschema.Draft4Validator.check_schema(body)


def test_schema_names_and_required():
    names = {kind: (schema['name'], schema.get('required')) for kind, schema
             in metadefs.SCHEMAS.items()}
    assert names == {
        'namespace': ('namespace', ['namespace']), 'namespaces': ('namespaces', None),
        'resource_type': ('resource_type_association', ['name']),
        'resource_types': ('resource_type_associations', None),
        'property': ('property', ['type', 'title', 'name']),
        'properties': ('properties', None), 'object': ('object', ['name']),
        'objects': ('objects', None), 'tag': ('tag', ['name']), 'tags': ('tags', None)}
    item = metadefs.SCHEMAS['properties']['properties']['properties']['additionalProperties']
    assert item['required'] == ['type', 'title']


def test_namespace_schema_validates_glances_example():
    jsonschema.validate(NAMESPACE, metadefs.SCHEMAS['namespace'])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**NAMESPACE, 'visibility': 'shared'},
                            metadefs.SCHEMAS['namespace'])
    collection = {'namespaces': [NAMESPACE], 'first': '/v2/metadefs/namespaces',
                  'schema': '/v2/schemas/metadefs/namespaces'}
    jsonschema.validate(collection, metadefs.SCHEMAS['namespaces'])


def test_unknown_schema_is_404(images):
    assert images.get('/v2/schemas/metadefs/nothing').status_int == 404


def test_namespace_list_takes_glances_filters(images):
    path = ('/v2/metadefs/namespaces?resource_types=OS%3A%3ANova%3A%3AFlavor'
            '&visibility=public&limit=20&sort_dir=asc&sort_key=namespace')
    body = images.get(path).json_body
    assert body == {'namespaces': [], 'first': path,
                    'schema': '/v2/schemas/metadefs/namespaces'}
    assert images.get('/v2/metadefs/namespaces').json_body['first'] == \
        '/v2/metadefs/namespaces'


@pytest.mark.parametrize('query, code, words', [
    ('sort_dir=up', 400, 'Invalid sort direction: up'),
    ('visibility=shared', 400, 'Invalid visibility value: shared'),
    ('limit=x', 400, 'limit param must be an integer'),
    ('limit=-1', 400, 'limit param must be positive'),
    ('marker=OS::Compute::Quota', 404,
     'Metadata definition namespace=OS::Compute::Quota was not found.'),
])
def test_namespace_list_refuses_what_glance_refuses(images, query, code, words):
    response = images.get(f'/v2/metadefs/namespaces?{query}')
    assert response.status_int == code
    assert words in response.text


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
def test_a_named_namespace_is_not_found(images, method):
    admin = _as(images, 'admin')
    response = admin.request(method, '/v2/metadefs/namespaces/OS::Compute::Quota',
                             NAMESPACE if method == 'PUT' else None)
    assert response.status_int == 404
    assert 'namespace=OS::Compute::Quota was not found' in response.text


def test_writes_are_admin_only_and_refused(images):
    assert images.post('/v2/metadefs/namespaces', NAMESPACE).status_int == 403
    assert images.put('/v2/metadefs/namespaces/OS::Compute::Quota',
                      NAMESPACE).status_int == 403
    response = _as(images, 'admin').post('/v2/metadefs/namespaces', NAMESPACE)
    assert response.status_int == 403
    assert 'keeps no metadata definitions catalog' in response.text


def test_resource_types_are_empty(images):
    assert images.get('/v2/metadefs/resource_types').json_body == {'resource_types': []}
