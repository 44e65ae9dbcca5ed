"""ConfigMaps and Secrets: create, get, list, update, patch, delete and their errors."""

import base64

import pytest

from tests.conformance.conftest import status_body

KINDS = {'configmaps': 'ConfigMap', 'secrets': 'Secret'}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _path(tenant, resource, name=None):
    path = f'/api/v1/tenants/{tenant}/namespaces/vms/{resource}'
    return f'{path}/{name}' if name else path


def _body(resource, name, data, labels=None):
    if resource == 'secrets':
        data = {key: _b64(value) for key, value in data.items()}
    return {'apiVersion': 'v1', 'kind': KINDS[resource],
            'metadata': {'name': name, 'labels': labels or {'app': 'conformance'}},
            'data': data}


def _data(resource, obj):
    data = obj.get('data') or {}
    if resource == 'secrets':
        return {key: base64.b64decode(value).decode() for key, value in data.items()}
    return data


@pytest.mark.parametrize('resource', KINDS)
def test_crud(backend, tenant, resource):
    kind = KINDS[resource]
    response = backend.post(_path(tenant, resource),
                            _body(resource, 'obj-1', {'user_data': '#cloud-config\n', 'a': 'b'}))
    assert response.status_code == 201, response.text
    created = response.json()
    assert created['kind'] == kind
    meta = created['metadata']
    assert (meta['name'], meta['tenant'], meta['namespace']) == ('obj-1', tenant, 'vms')
    assert meta['selfLink'] == _path(tenant, resource, 'obj-1')
    assert meta['uid'] and meta['creationTimestamp'] and meta['resourceVersion']
    assert _data(resource, created) == {'user_data': '#cloud-config\n', 'a': 'b'}
    if resource == 'secrets':
        assert created['type'] == 'Opaque'

    got = backend.get(_path(tenant, resource, 'obj-1')).json()
    assert got['metadata']['uid'] == meta['uid']
    assert _data(resource, got) == _data(resource, created)

    backend.post(_path(tenant, resource), _body(resource, 'obj-2', {'x': 'y'}, {'app': 'other'}))
    listed = backend.get(_path(tenant, resource)).json()
    assert listed['kind'] == f'{kind}List'
    assert sorted(i['metadata']['name'] for i in listed['items']) == ['obj-1', 'obj-2']
    listed = backend.get(_path(tenant, resource), params={'labelSelector': 'app=other'}).json()
    assert [i['metadata']['name'] for i in listed['items']] == ['obj-2']

    got['data'] = _body(resource, 'obj-1', {'a': 'c'})['data']
    response = backend.put(_path(tenant, resource, 'obj-1'), got)
    assert response.status_code == 200, response.text
    assert _data(resource, response.json()) == {'a': 'c'}
    assert int(response.json()['metadata']['resourceVersion']) > int(meta['resourceVersion'])

    patch = {'data': _body(resource, 'obj-1', {'d': 'e'})['data'],
             'metadata': {'labels': {'patched': 'yes'}}}
    response = backend.patch(_path(tenant, resource, 'obj-1'), patch)
    assert response.status_code == 200, response.text
    assert _data(resource, response.json()) == {'a': 'c', 'd': 'e'}
    assert response.json()['metadata']['labels'] == {'app': 'conformance', 'patched': 'yes'}

    response = backend.delete(_path(tenant, resource, 'obj-1'))
    assert response.status_code == 200, response.text
    assert response.json()['kind'] == 'Status'
    assert response.json()['status'] == 'Success'
    assert response.json()['details']['name'] == 'obj-1'
    assert response.json()['details']['kind'] == resource
    assert backend.get(_path(tenant, resource, 'obj-1')).status_code == 404


@pytest.mark.parametrize('resource', KINDS)
def test_errors(backend, tenant, resource):
    response = backend.get(_path(tenant, resource, 'nope'))
    assert response.json() == status_body(404, 'NotFound', f'{resource} "nope" not found',
                                          {'name': 'nope', 'kind': resource})
    response = backend.delete(_path(tenant, resource, 'nope'))
    assert response.json() == status_body(404, 'NotFound', f'{resource} "nope" not found',
                                          {'name': 'nope', 'kind': resource})
    assert backend.post(_path(tenant, resource), _body(resource, 'obj', {})).status_code == 201
    response = backend.post(_path(tenant, resource), _body(resource, 'obj', {}))
    assert response.json() == status_body(409, 'AlreadyExists', f'{resource} "obj" already exists',
                                          {'name': 'obj', 'kind': resource})
    response = backend.post(_path(tenant, resource), _body(resource, 'obj-x', {'bad key!': 'v'}))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert body['details']['kind'] == KINDS[resource]
    assert [c['field'] for c in body['details']['causes']] == ['data[bad key!]']


def test_secret_with_invalid_base64(backend, tenant):
    body = _body('secrets', 'obj', {})
    body['data'] = {'a': 'not base64!'}
    response = backend.post(_path(tenant, 'secrets'), body)
    assert response.status_code == 400, response.text
    assert response.json()['reason'] == 'BadRequest'


def test_secret_string_data(backend, tenant):
    body = _body('secrets', 'obj', {})
    del body['data']
    body['stringData'] = {'a': 'plain'}
    response = backend.post(_path(tenant, 'secrets'), body)
    assert response.status_code == 201, response.text
    assert _data('secrets', response.json()) == {'a': 'plain'}
    assert 'stringData' not in response.json()


@pytest.mark.parametrize('resource', KINDS)
def test_empty_data_is_omitted(backend, tenant, resource):
    response = backend.post(_path(tenant, resource), _body(resource, 'obj', {}))
    assert response.status_code == 201, response.text
    assert 'data' not in response.json()
    assert 'data' not in backend.get(_path(tenant, resource, 'obj')).json()


def test_delete_preconditions(backend, tenant):
    created = backend.post(_path(tenant, 'configmaps'),
                           _body('configmaps', 'cm-pre', {'a': 'b'})).json()
    path = _path(tenant, 'configmaps', 'cm-pre')
    meta = created['metadata']
    for field, label, value, hint in (
            ('resourceVersion', 'ResourceVersion', '1', 'modified'),
            ('uid', 'UID', 'abc', 'deleted and then recreated')):
        response = backend.delete(path, {'kind': 'DeleteOptions', 'apiVersion': 'v1',
                                         'preconditions': {field: value}})
        assert response.json() == status_body(
            409, 'Conflict', f'Operation cannot be fulfilled on ConfigMap "cm-pre": the {label} '
            f'in the precondition ({value}) does not match the {label} in record '
            f'({meta[field]}). The object might have been {hint}',
            {'name': 'cm-pre', 'kind': 'ConfigMap'})
    matching = {'uid': meta['uid'], 'resourceVersion': meta['resourceVersion']}
    response = backend.delete(path, {'kind': 'DeleteOptions', 'apiVersion': 'v1',
                                     'preconditions': matching})
    assert response.status_code == 200, response.text
    assert backend.get(path).status_code == 404
