"""Lists: label and field selectors, limit/continue paging, list scopes."""

import pytest

from tests.conformance.conftest import pods_path, status_body, vm_pod


@pytest.fixture
def five_pods(backend, tenant):
    """vm-0..vm-4 labelled ``idx=<i>``, ``parity=even|odd``; vm-4 has no ``parity``."""
    for i in range(5):
        labels = {'idx': str(i), 'group': 'g'}
        if i < 4:
            labels['parity'] = 'odd' if i % 2 else 'even'
        backend.create_pod(tenant, f'vm-{i}', labels=labels)
    return tenant


def _names(backend, path, **params):
    response = backend.get(path, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body['kind'] == 'PodList' and body['apiVersion'] == 'v1'
    return sorted(item['metadata']['name'] for item in body['items'])


@pytest.mark.parametrize('selector, expected', [
    ('parity=even', ['vm-0', 'vm-2']),
    ('parity==odd', ['vm-1', 'vm-3']),
    ('parity!=even', ['vm-1', 'vm-3', 'vm-4']),
    ('parity in (even,odd)', ['vm-0', 'vm-1', 'vm-2', 'vm-3']),
    ('parity notin (even)', ['vm-1', 'vm-3', 'vm-4']),
    ('parity', ['vm-0', 'vm-1', 'vm-2', 'vm-3']),
    ('!parity', ['vm-4']),
    ('group=g,parity=odd,idx=3', ['vm-3']),
    ('idx in (1,4),group', ['vm-1', 'vm-4']),
    ('parity=none', []),
])
def test_label_selector(backend, five_pods, selector, expected):
    assert _names(backend, pods_path(five_pods), labelSelector=selector) == expected


def test_bad_label_selector(backend, five_pods):
    response = backend.get(pods_path(five_pods), params={'labelSelector': 'a b c'})
    assert response.status_code == 400, response.text
    assert response.json()['reason'] == 'BadRequest'


@pytest.mark.parametrize('selector, expected', [
    ('metadata.name=vm-2', ['vm-2']),
    ('metadata.name!=vm-2', ['vm-0', 'vm-1', 'vm-3', 'vm-4']),
    ('metadata.namespace=vms', ['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']),
    ('metadata.namespace=other', []),
    ('metadata.name=vm-1,metadata.namespace=vms', ['vm-1']),
    ('spec.restartPolicy=Always', ['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']),
    ('spec.schedulerName=other', []),
    ('status.podIP=1.2.3.4', []),
    ('metadata.tenant=nope', []),
])
def test_field_selector(backend, five_pods, selector, expected):
    assert _names(backend, pods_path(five_pods), fieldSelector=selector) == expected


def test_field_and_label_selector(backend, five_pods):
    assert _names(backend, pods_path(five_pods), labelSelector='parity=even',
                  fieldSelector='metadata.name!=vm-0') == ['vm-2']


def test_field_selector_on_status_and_node(backend, tenant):
    backend.create_pod(tenant, 'up')
    backend.create_pod(tenant, 'down', power_spec='Shutdown')
    node = backend.wait_active(tenant, 'up')['spec']['nodeName']
    path = pods_path(tenant)
    assert _names(backend, path, fieldSelector='status.phase=Running') == ['up']
    assert _names(backend, path, fieldSelector=f'spec.nodeName={node}') == ['up']
    assert _names(backend, path, fieldSelector='spec.nodeName=') == ['down']
    assert _names(backend, path, fieldSelector='status.phase!=Running') == ['down']


@pytest.mark.parametrize('field', ['spec.foo', 'metadata.labels', 'spec.virtualMachine.name'])
def test_unsupported_field_selector(backend, tenant, field):
    response = backend.get(pods_path(tenant), params={'fieldSelector': f'{field}=x'})
    assert response.json() == status_body(400, 'BadRequest', f'field label not supported: {field}')


def test_paging(backend, five_pods):
    path = pods_path(five_pods)
    seen = []
    params = {'limit': 2}
    pages = 0
    while True:
        response = backend.get(path, params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        pages += 1
        assert len(body['items']) <= 2
        seen.extend(item['metadata']['name'] for item in body['items'])
        token = body['metadata'].get('continue')
        if pages < 3:
            assert token, body['metadata']
            assert len(body['items']) == 2
        if not token:
            break
        assert pages < 5, 'paging does not end'
        params = {'limit': 2, 'continue': token}
    assert pages == 3
    assert sorted(seen) == ['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']
    assert len(seen) == len(set(seen))


def test_paging_exact_fit(backend, five_pods):
    body = backend.get(pods_path(five_pods), params={'limit': 5}).json()
    assert len(body['items']) == 5
    assert not body['metadata'].get('continue')
    body = backend.get(pods_path(five_pods), params={'limit': 10}).json()
    assert len(body['items']) == 5
    assert not body['metadata'].get('continue')


def test_paging_with_label_selector(backend, five_pods):
    path = pods_path(five_pods)
    params = {'limit': 1, 'labelSelector': 'parity=odd'}
    seen = []
    for _ in range(5):
        body = backend.get(path, params=params).json()
        seen.extend(item['metadata']['name'] for item in body['items'])
        token = body['metadata'].get('continue')
        if not token:
            break
        params = {**params, 'continue': token}
    assert seen == ['vm-1', 'vm-3']


def test_bad_continue_token(backend, five_pods):
    response = backend.get(pods_path(five_pods), params={'limit': 2, 'continue': 'garbage'})
    assert response.status_code == 400, response.text
    assert response.json()['reason'] == 'BadRequest'


def test_list_scopes(backend, tenant):
    other = backend.tenant()
    backend.create_pod(tenant, 'vm-a', labels={'scope': tenant})
    backend.post(f'/api/v1/tenants/{tenant}/namespaces',
                 {'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'ns2'}})
    response = backend.post(pods_path(tenant, 'ns2'), vm_pod('vm-b', labels={'scope': tenant}))
    assert response.status_code == 201, response.text
    backend.create_pod(other, 'vm-c', labels={'scope': tenant})
    selector = {'labelSelector': f'scope={tenant}'}
    assert _names(backend, pods_path(tenant), **selector) == ['vm-a']
    assert _names(backend, f'/api/v1/tenants/{tenant}/pods', **selector) == ['vm-a', 'vm-b']
    assert _names(backend, '/api/v1/tenants/all/pods', **selector) == ['vm-a', 'vm-b', 'vm-c']
    # Tenant-less paths are the caller's tenant (system on the insecure port).
    assert _names(backend, '/api/v1/pods', **selector) == []
    response = backend.get('/api/v1/namespaces/vms/pods/vm-a')
    assert response.status_code == 404
