"""Tenants and namespaces."""

import pytest

from tests.conformance.conftest import new_name, pods_path, status_body, tenant_body, vm_pod


def test_create_tenant(backend):
    name = new_name()
    response = backend.post('/api/v1/tenants', tenant_body(name, '7'))
    assert response.status_code == 201, response.text
    backend.tenants.append(name)
    tenant = response.json()
    assert tenant['kind'] == 'Tenant'
    assert tenant['metadata']['name'] == name
    assert tenant['metadata']['selfLink'] == f'/api/v1/tenants/{name}'
    assert tenant['metadata']['uid'] and tenant['metadata']['creationTimestamp']
    assert tenant['spec'] == {'finalizers': ['arktos'], 'storageClusterId': '7'}
    assert tenant['status'] == {'phase': 'Active'}
    got = backend.get(f'/api/v1/tenants/{name}')
    assert got.status_code == 200
    assert got.json()['metadata']['uid'] == tenant['metadata']['uid']
    listed = backend.get('/api/v1/tenants').json()
    assert listed['kind'] == 'TenantList'
    assert name in {item['metadata']['name'] for item in listed['items']}


def test_tenant_without_storage_cluster_id(backend):
    name = new_name()
    response = backend.post('/api/v1/tenants', tenant_body(name, None))
    assert response.status_code == 422
    cause = {'reason': 'FieldValueRequired', 'field': 'spec.storageClusterId',
             'message': 'Required value: must specify storage cluster id'}
    assert response.json() == status_body(
        422, 'Invalid', f'Tenant "{name}" is invalid: spec.storageClusterId: Required value: '
        'must specify storage cluster id', {'name': name, 'kind': 'Tenant', 'causes': [cause]})


@pytest.mark.parametrize('value', ['64', 'x', '-1', ''])
def test_tenant_with_bad_storage_cluster_id(backend, value):
    name = new_name()
    response = backend.post('/api/v1/tenants', tenant_body(name, value))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert body['details']['kind'] == 'Tenant'
    assert [cause['field'] for cause in body['details']['causes']] == ['spec.storageClusterId']
    assert backend.get(f'/api/v1/tenants/{name}').status_code == 404


def test_tenant_with_numeric_storage_cluster_id(backend):
    """A JSON number where Go expects a string fails decoding: 400, not 422."""
    name = new_name()
    response = backend.post('/api/v1/tenants', tenant_body(name, 0))
    assert response.status_code == 400, response.text
    body = response.json()
    assert body['reason'] == 'BadRequest'
    assert body['message'].startswith('Tenant in version "v1" cannot be handled as a Tenant: ')
    assert 'details' not in body


def test_duplicate_tenant(backend):
    name = backend.tenant(namespaces=())
    response = backend.post('/api/v1/tenants', tenant_body(name))
    assert response.status_code == 409
    assert response.json() == status_body(409, 'AlreadyExists',
                                          f'tenants "{name}" already exists',
                                          {'name': name, 'kind': 'tenants'})


def test_tenant_named_all_is_forbidden(backend):
    response = backend.post('/api/v1/tenants', tenant_body('all'))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert body['details']['name'] == 'all'
    assert body['details']['kind'] == 'Tenant'
    assert [cause['field'] for cause in body['details']['causes']] == ['metadata.name']


def test_missing_tenant(backend):
    name = new_name()
    response = backend.get(f'/api/v1/tenants/{name}')
    assert response.json() == status_body(404, 'NotFound', f'tenants "{name}" not found',
                                          {'name': name, 'kind': 'tenants'})


def test_default_namespaces_appear(backend):
    name = backend.tenant(namespaces=())

    def names():
        response = backend.get(f'/api/v1/tenants/{name}/namespaces')
        assert response.status_code == 200
        return {item['metadata']['name'] for item in response.json()['items']}
    # Real Arktos: the tenant controller creates them within about a second.
    backend.wait_for('default namespaces', names,
                     lambda found: found == {'default', 'kube-system', 'kube-public'}, 10)
    namespace = backend.get(f'/api/v1/tenants/{name}/namespaces/default').json()
    assert namespace['metadata']['tenant'] == name
    assert namespace['spec'] == {'finalizers': ['kubernetes']}
    assert namespace['status'] == {'phase': 'Active'}


def test_delete_tenant(backend):
    name = backend.tenant()
    response = backend.delete(f'/api/v1/tenants/{name}')
    assert response.status_code == 200, response.text
    # Finished by the controllers' finalizers: Terminating first, then gone.
    backend.wait_gone(f'/api/v1/tenants/{name}', timeout=60)


def test_namespace_in_missing_tenant(backend):
    name = new_name()
    response = backend.post(f'/api/v1/tenants/{name}/namespaces',
                            {'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'vms'}})
    assert response.json() == status_body(404, 'NotFound', f'tenants "{name}" not found',
                                          {'name': name, 'kind': 'tenants'})


def test_create_namespace(backend):
    tenant = backend.tenant(namespaces=())
    response = backend.post(f'/api/v1/tenants/{tenant}/namespaces',
                            {'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'ns1'}})
    assert response.status_code == 201, response.text
    namespace = response.json()
    assert namespace['kind'] == 'Namespace'
    assert namespace['metadata']['name'] == 'ns1'
    assert namespace['metadata']['tenant'] == tenant
    assert namespace['metadata']['selfLink'] == f'/api/v1/tenants/{tenant}/namespaces/ns1'
    assert namespace['spec'] == {'finalizers': ['kubernetes']}
    assert namespace['status'] == {'phase': 'Active'}


def test_duplicate_namespace(backend, tenant):
    response = backend.post(f'/api/v1/tenants/{tenant}/namespaces',
                            {'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'vms'}})
    assert response.json() == status_body(409, 'AlreadyExists', 'namespaces "vms" already exists',
                                          {'name': 'vms', 'kind': 'namespaces'})


def test_missing_namespace(backend, tenant):
    response = backend.get(f'/api/v1/tenants/{tenant}/namespaces/nope')
    assert response.json() == status_body(404, 'NotFound', 'namespaces "nope" not found',
                                          {'name': 'nope', 'kind': 'namespaces'})


def test_pod_in_missing_namespace(backend, tenant):
    response = backend.post(pods_path(tenant, 'nope'), vm_pod('vm-1'))
    assert response.json() == status_body(404, 'NotFound', 'namespaces "nope" not found',
                                          {'name': 'nope', 'kind': 'namespaces'})


def test_pod_in_missing_tenant(backend):
    name = new_name()
    response = backend.post(pods_path(name, 'default'), vm_pod('vm-1'))
    assert response.status_code == 404, response.text
    assert response.json()['reason'] == 'NotFound'


REBOOT = {'apiVersion': 'v1', 'kind': 'CustomAction', 'operation': 'reboot'}


def _forbidden(resource, name, where):
    return status_body(403, 'Forbidden', f'{resource} "{name}" is forbidden: unable to create '
                       f'new content in {where} because it is being terminated',
                       {'name': name, 'kind': resource})


def test_terminating_namespace_takes_no_content(backend, tenant):
    # A pod that never runs: a namespace with running VMs takes ~20 s to go on real Arktos.
    backend.create_pod(tenant, 'vm-1', power_spec='Shutdown')
    response = backend.delete(f'/api/v1/tenants/{tenant}/namespaces/vms')
    assert response.status_code == 200, response.text
    namespace = response.json()
    assert namespace['kind'] == 'Namespace'
    assert namespace['status'] == {'phase': 'Terminating'}
    assert namespace['metadata']['deletionTimestamp']
    where = f'namespace {tenant}/vms'
    assert backend.post(pods_path(tenant), vm_pod('vm-2')).json() == _forbidden(
        'pods', 'vm-2', where)
    response = backend.post(f'/api/v1/tenants/{tenant}/namespaces/vms/configmaps',
                            {'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': 'c'}})
    assert response.json() == _forbidden('configmaps', 'c', where)
    # Admission runs before the action handler looks the pod up, and knows no name.
    for pod in ('vm-1', 'missing'):
        response = backend.post(f'{pods_path(tenant)}/{pod}/action', REBOOT)
        assert response.json() == _forbidden('pods', 'Unknown', where)
    backend.wait_gone(f'/api/v1/tenants/{tenant}/namespaces/vms', timeout=60)
    assert backend.get(f'{pods_path(tenant)}/vm-1').status_code == 404


def test_terminating_tenant_takes_namespaces_but_no_content(backend, tenant):
    backend.create_pod(tenant, 'vm-1')
    response = backend.delete(f'/api/v1/tenants/{tenant}')
    assert response.status_code == 200, response.text
    assert response.json()['status'] == {'phase': 'Terminating'}
    assert response.json()['metadata']['deletionTimestamp']
    response = backend.post(f'/api/v1/tenants/{tenant}/namespaces',
                            {'apiVersion': 'v1', 'kind': 'Namespace',
                             'metadata': {'name': 'late'}})
    assert response.status_code == 201, response.text
    where = f'tenant {tenant}'
    for namespace in ('vms', 'late'):
        response = backend.post(pods_path(tenant, namespace), vm_pod('vm-2'))
        assert response.json() == _forbidden('pods', 'vm-2', where)
    response = backend.post(f'/api/v1/tenants/{tenant}/namespaces/vms/secrets',
                            {'apiVersion': 'v1', 'kind': 'Secret', 'metadata': {'name': 's'}})
    assert response.json() == _forbidden('secrets', 's', where)
    response = backend.post(f'{pods_path(tenant)}/vm-1/action', REBOOT)
    assert response.json() == _forbidden('pods', 'Unknown', where)
