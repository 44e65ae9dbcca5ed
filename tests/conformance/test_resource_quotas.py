"""ResourceQuotas: status filled in by the controller, admission at create, recounts."""

import time

import pytest

from tests.conformance.conftest import pod_path, pods_path, status_body, vm_pod

ADMISSION_CACHE_DELAY = 1.0


def _path(tenant, name=None):
    path = f'/api/v1/tenants/{tenant}/namespaces/vms/resourcequotas'
    return f'{path}/{name}' if name else path


def _quota(name, hard):
    return {'apiVersion': 'v1', 'kind': 'ResourceQuota', 'metadata': {'name': name},
            'spec': {'hard': hard}}


def _create(backend, tenant, name, hard) -> dict:
    response = backend.post(_path(tenant), _quota(name, hard))
    assert response.status_code == 201, response.text
    return response.json()


def _status(backend, tenant, name, predicate, what) -> dict:
    """The quota's status once ``predicate(status)`` holds (the controller is asynchronous)."""
    def fetch():
        response = backend.get(_path(tenant, name))
        assert response.status_code == 200, response.text
        return response.json().get('status') or {}
    return backend.wait_for(f'quota {name}: {what}', fetch, predicate, 10)


def _used(backend, tenant, name, used: dict) -> dict:
    status = _status(backend, tenant, name, lambda status: status.get('used') == used,
                     f'used {used}')
    if backend.kind == 'arktos':
        # Admission reads quotas from the apiserver's informer cache, which follows the
        # stored status a moment later (until then a create may not be counted).
        time.sleep(ADMISSION_CACHE_DELAY)
    return status


def test_status_is_filled_in_by_the_controller(backend, tenant):
    created = _create(backend, tenant, 'compute',
                      {'requests.memory': '1024Mi', 'pods': '2', 'limits.cpu': '3000m'})
    assert created['kind'] == 'ResourceQuota'
    assert created['metadata']['selfLink'] == _path(tenant, 'compute')
    # Canonical quantities, in key order; no status until the controller has counted.
    assert created['spec'] == {'hard': {'limits.cpu': '3', 'pods': '2',
                                        'requests.memory': '1Gi'}}
    assert created['status'] == {}
    status = _used(backend, tenant, 'compute',
                   {'limits.cpu': '0', 'pods': '0', 'requests.memory': '0'})
    assert status['hard'] == created['spec']['hard']


def test_vm_pods_count_as_pods_but_not_their_resources(backend, tenant):
    _create(backend, tenant, 'compute', {'pods': '2', 'requests.cpu': '1',
                                         'limits.memory': '1Gi', 'count/pods': '5'})
    _used(backend, tenant, 'compute',
          {'count/pods': '0', 'limits.memory': '0', 'pods': '0', 'requests.cpu': '0'})
    # More CPU and memory than the quota allows: a VM's resources are not counted.
    big = {'limits': {'cpu': '2', 'memory': '2Gi'}, 'requests': {'cpu': '2', 'memory': '2Gi'}}
    backend.create_pod(tenant, 'vm-1', resources=big)
    backend.create_pod(tenant, 'vm-2', resources=big)
    status = backend.get(_path(tenant, 'compute')).json()['status']
    assert status['used'] == {'count/pods': '2', 'limits.memory': '0', 'pods': '2',
                              'requests.cpu': '0'}
    response = backend.post(pods_path(tenant), vm_pod('vm-3'))
    assert response.status_code == 403
    assert response.json() == status_body(
        403, 'Forbidden', 'pods "vm-3" is forbidden: exceeded quota: compute, requested: '
        'pods=1, used: pods=2, limited: pods=2', {'name': 'vm-3', 'kind': 'pods'})
    assert backend.get(pod_path(tenant, 'vm-3')).status_code == 404
    assert backend.get(_path(tenant, 'compute')).json()['status'] == status

    response = backend.delete(pod_path(tenant, 'vm-1'), {'kind': 'DeleteOptions',
                                                         'apiVersion': 'v1',
                                                         'gracePeriodSeconds': 0})
    assert response.status_code == 200
    _used(backend, tenant, 'compute',
          {'count/pods': '1', 'limits.memory': '0', 'pods': '1', 'requests.cpu': '0'})
    backend.create_pod(tenant, 'vm-3')


def _post_until(backend, tenant, name, predicate, what):
    """POST pod ``name`` until the answer passes ``predicate``: admission reads quotas from
    the apiserver's cache, which follows a status change a moment later."""
    return backend.wait_for(what, lambda: backend.post(pods_path(tenant), vm_pod(name)),
                            predicate, 10)


def test_admission_checks_the_status_hard_the_controller_wrote(backend, tenant):
    _create(backend, tenant, 'compute', {'pods': '1'})
    _used(backend, tenant, 'compute', {'pods': '0'})
    backend.create_pod(tenant, 'vm-1')
    response = backend.patch(_path(tenant, 'compute'), {'spec': {'hard': {'pods': '2'}}})
    assert response.status_code == 200
    assert response.json()['spec'] == {'hard': {'pods': '2'}}
    _status(backend, tenant, 'compute', lambda status: status.get('hard') == {'pods': '2'},
            'hard pods=2')
    _post_until(backend, tenant, 'vm-2', lambda response: response.status_code == 201,
                'vm-2 admitted')
    # Lowered below what is used: nothing is deleted, new pods are refused.
    backend.patch(_path(tenant, 'compute'), {'spec': {'hard': {'pods': '0'}}})
    status = _status(backend, tenant, 'compute',
                     lambda status: status.get('hard') == {'pods': '0'}, 'hard pods=0')
    assert status['used'] == {'pods': '2'}
    refused = 'pods "vm-3" is forbidden: exceeded quota: compute, requested: pods=1, used: ' \
              'pods=2, limited: pods=0'
    _post_until(backend, tenant, 'vm-3', lambda response: response.status_code == 403 and
                response.json()['message'] == refused, 'vm-3 refused at pods=0')
    assert backend.get(_path(tenant, 'compute')).json()['status'] == status


def test_a_refused_duplicate_still_counts_until_the_next_recount(backend, tenant):
    _create(backend, tenant, 'compute', {'pods': '3'})
    _used(backend, tenant, 'compute', {'pods': '0'})
    backend.create_pod(tenant, 'vm-1')
    response = backend.post(pods_path(tenant), vm_pod('vm-1'))
    assert response.status_code == 409
    # Admission charged the quota before storage refused the pod.
    assert backend.get(_path(tenant, 'compute')).json()['status']['used'] == {'pods': '2'}
    backend.create_pod(tenant, 'vm-2')
    backend.delete(pod_path(tenant, 'vm-2'), {'kind': 'DeleteOptions', 'apiVersion': 'v1',
                                              'gracePeriodSeconds': 0})
    _used(backend, tenant, 'compute', {'pods': '1'})


def test_object_counts(backend, tenant):
    _create(backend, tenant, 'objects', {'count/configmaps': '1', 'configmaps': '5'})
    _used(backend, tenant, 'objects', {'configmaps': '0', 'count/configmaps': '0'})
    path = f'/api/v1/tenants/{tenant}/namespaces/vms/configmaps'
    body = {'apiVersion': 'v1', 'kind': 'ConfigMap', 'metadata': {'name': 'c-1'}}
    assert backend.post(path, body).status_code == 201
    response = backend.post(path, {**body, 'metadata': {'name': 'c-2'}})
    assert response.json() == status_body(
        403, 'Forbidden', 'configmaps "c-2" is forbidden: exceeded quota: objects, requested: '
        'count/configmaps=1, used: count/configmaps=1, limited: count/configmaps=1',
        {'name': 'c-2', 'kind': 'configmaps'})
    # A pod is not a ConfigMap.
    backend.create_pod(tenant, 'vm-1')


def test_delete_answers_the_quota(backend, tenant):
    _create(backend, tenant, 'compute', {'pods': '0'})
    _used(backend, tenant, 'compute', {'pods': '0'})
    response = backend.delete(_path(tenant, 'compute'))
    assert response.status_code == 200
    assert (response.json()['kind'], response.json()['metadata']['name']) == \
        ('ResourceQuota', 'compute')
    assert backend.get(_path(tenant, 'compute')).status_code == 404
    backend.create_pod(tenant, 'vm-1')


@pytest.mark.parametrize('hard,causes', [
    ({'pods': '-1'}, [('spec.hard[pods]', 'Invalid value: "-1": must be greater than or '
                                          'equal to 0')]),
    ({'foo': '1'}, [('spec.hard[foo]', 'Invalid value: "foo": must be a standard resource '
                                       'type or fully qualified'),
                    ('spec.hard[foo]', 'Invalid value: "foo": must be a standard resource '
                                       'for quota')]),
    ({'storage': '1'}, [('spec.hard[storage]', 'Invalid value: "storage": must be a standard '
                                               'resource for quota')]),
])
def test_invalid_hard(backend, tenant, hard, causes):
    response = backend.post(_path(tenant), _quota('bad', hard))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert [(c['field'], c['message']) for c in body['details']['causes']] == causes
    assert body['message'].startswith('ResourceQuota "bad" is invalid: ')


def test_counts_are_integers(backend, tenant):
    response = backend.post(_path(tenant), _quota('bad', {'pods': '1500m'}))
    assert response.status_code == 422
    (cause,) = response.json()['details']['causes']
    # Arktos prints the Go value of the quantity here: only the end is compared.
    assert cause['field'] == 'spec.hard[pods]' and cause['message'].endswith(
        ': must be an integer')


def test_unparsable_quantity_is_a_decode_error(backend, tenant):
    response = backend.post(_path(tenant), _quota('bad', {'pods': 'x'}))
    assert response.status_code == 400
    assert response.json()['message'].startswith(
        'ResourceQuota in version "v1" cannot be handled as a ResourceQuota: '
        'v1.ResourceQuota.Spec: v1.ResourceQuotaSpec.Hard: unmarshalerDecoder: quantities must '
        'match the regular expression')
