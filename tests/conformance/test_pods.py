"""VM pods: create, defaults, validation, name clashes, GET/DELETE of missing pods, PUT."""

import base64

import pytest

from tests.conformance.conftest import pod_path, pods_path, status_body, vm_pod

KEY_MESSAGE = "KeyPairName and PublicKey can't be both empty"


def test_create_vm_pod(backend, tenant):
    body = vm_pod('vm-1', labels={'app': 'x', 'tier': 'web'}, annotations={'note': 'hi'})
    response = backend.post(pods_path(tenant), body)
    assert response.status_code == 201, response.text
    pod = response.json()
    meta = pod['metadata']
    assert pod['kind'] == 'Pod' and pod['apiVersion'] == 'v1'
    assert (meta['name'], meta['tenant'], meta['namespace']) == ('vm-1', tenant, 'vms')
    assert meta['selfLink'] == pod_path(tenant, 'vm-1')
    assert meta['uid'] and meta['creationTimestamp'] and meta['resourceVersion']
    assert isinstance(meta['hashKey'], int)
    assert meta['labels'] == {'app': 'x', 'tier': 'web'}
    assert meta['annotations'] == {'note': 'hi'}
    assert 'deletionTimestamp' not in meta
    vm = pod['spec']['virtualMachine']
    assert vm['powerSpec'] == 'Running'
    assert vm['shutdownBehavior'] == 'stop'
    assert vm['imagePullPolicy'] == 'IfNotPresent'
    assert vm['keyPairName'] == 'key-1'
    assert vm['resources'] == {'limits': {'cpu': '100m', 'memory': '200Mi'},
                               'requests': {'cpu': '100m', 'memory': '200Mi'}}
    assert 'containers' not in pod['spec']
    assert 'nodeName' not in pod['spec']
    assert pod['spec']['restartPolicy'] == 'Always'
    assert pod['spec']['terminationGracePeriodSeconds'] == 30
    # With InPlacePodVerticalScaling (as the tests run Arktos) the VM and its workload
    # info carry the allocated resources and the resize policy the gate's admission adds.
    assert vm['resourcesAllocated'] == {'cpu': '100m', 'memory': '200Mi'}
    assert vm['resizePolicy'] == [{'resourceName': 'cpu', 'policy': 'NoRestart'},
                                  {'resourceName': 'memory', 'policy': 'NoRestart'}]
    assert pod['spec']['workloadInfo'] == [{'name': 'vm', 'image': vm['image'],
                                            'resources': vm['resources'],
                                            'resourcesAllocated': vm['resourcesAllocated'],
                                            'resizePolicy': vm['resizePolicy'],
                                            'imagePullPolicy': 'IfNotPresent'}]
    assert pod['status'] == {'phase': 'Pending', 'qosClass': 'Guaranteed'}
    got = backend.get(pod_path(tenant, 'vm-1')).json()
    assert got['metadata']['uid'] == meta['uid']
    assert got['metadata']['labels'] == meta['labels']
    assert got['metadata']['annotations'] == meta['annotations']


def test_create_vm_pod_with_public_key_and_user_data(backend, tenant):
    user_data = base64.b64encode(base64.b64encode(b'#cloud-config\n')).decode()
    body = vm_pod('vm-1', keyPairName=None, publicKey='ssh-rsa AAAA test@host',
                  userData=user_data,
                  resources={'limits': {'cpu': '2', 'memory': '1Gi'},
                             'requests': {'cpu': '500m', 'memory': '512Mi'}})
    response = backend.post(pods_path(tenant), body)
    assert response.status_code == 201, response.text
    pod = response.json()
    vm = pod['spec']['virtualMachine']
    assert vm['publicKey'] == 'ssh-rsa AAAA test@host'
    assert 'keyPairName' not in vm
    assert vm['userData'] == user_data
    assert pod['status']['qosClass'] == 'Burstable'


def _invalid(name, *causes):
    """The 422 body of an invalid Pod with ``causes`` = ``(reason, field, message)``."""
    text = [f'{field}: {message}' for _, field, message in causes]
    message = f'Pod "{name}" is invalid: ' + (text[0] if len(text) == 1
                                              else '[' + ', '.join(text) + ']')
    return status_body(422, 'Invalid', message, {
        'name': name, 'kind': 'Pod',
        'causes': [{'reason': reason, 'message': message, 'field': field}
                   for reason, field, message in causes]})


def test_both_workloads(backend, tenant):
    body = vm_pod('vm-1')
    body['spec']['containers'] = [{'name': 'c', 'image': 'nginx'}]
    response = backend.post(pods_path(tenant), body)
    assert response.json() == _invalid(
        'vm-1', ('FieldValueForbidden', 'containers,virtualMachine',
                 'Forbidden: containers and virtualMachine workloads in same pod'))


def test_both_workloads_empty_containers(backend, tenant):
    body = vm_pod('vm-1')
    body['spec']['containers'] = []
    response = backend.post(pods_path(tenant), body)
    assert response.status_code == 422
    assert [cause['field'] for cause in response.json()['details']['causes']] == [
        'containers,virtualMachine']


def test_neither_workload(backend, tenant):
    body = vm_pod('vm-1')
    del body['spec']['virtualMachine']
    response = backend.post(pods_path(tenant), body)
    assert response.json() == _invalid(
        'vm-1', ('FieldValueRequired', 'spec.containers', 'Required value'))


def test_bad_vm_name(backend, tenant):
    response = backend.post(pods_path(tenant), vm_pod('vm-1', name='Bad_Name'))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert body['details']['kind'] == 'Pod' and body['details']['name'] == 'vm-1'
    fields = {cause['field'] for cause in body['details']['causes']}
    assert 'spec.virtualMachine.name' in fields
    assert {cause['reason'] for cause in body['details']['causes']
            if cause['field'] == 'spec.virtualMachine.name'} == {'FieldValueInvalid'}
    assert body['message'].startswith('Pod "vm-1" is invalid: ')
    assert 'spec.virtualMachine.name: Invalid value: "Bad_Name": a DNS-1123 label must ' \
           'consist of lower case alphanumeric characters or \'-\'' in body['message']


def test_empty_vm_name(backend, tenant):
    response = backend.post(pods_path(tenant), vm_pod('vm-1', name=''))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert 'spec.virtualMachine.name' in {c['field'] for c in body['details']['causes']}


def test_bad_pod_name(backend, tenant):
    response = backend.post(pods_path(tenant), vm_pod('Bad_Pod'))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['details']['name'] == 'Bad_Pod'
    assert [cause['field'] for cause in body['details']['causes']] == ['metadata.name']


def test_no_key(backend, tenant):
    response = backend.post(pods_path(tenant), vm_pod('vm-1', keyPairName=None))
    assert response.json() == _invalid(
        'vm-1', ('FieldValueRequired', 'spec.virtualMachine.keyPairName',
                 f'Required value: {KEY_MESSAGE}'))


def test_user_data_too_long(backend, tenant):
    # userData is []byte: the JSON string is the base64 of the stored bytes (65536 > 65535).
    user_data = base64.b64encode(b'x' * 65536).decode()
    response = backend.post(pods_path(tenant), vm_pod('vm-1', userData=user_data))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert body['details']['kind'] == 'Pod'
    assert [(c['reason'], c['field']) for c in body['details']['causes']] == [
        ('FieldValueTooLong', 'spec.virtualMachine.userData')]


def test_user_data_at_limit(backend, tenant):
    user_data = base64.b64encode(b'x' * 65535).decode()
    response = backend.post(pods_path(tenant), vm_pod('vm-1', userData=user_data))
    assert response.status_code == 201, response.text


def test_requests_above_limits(backend, tenant):
    body = vm_pod('vm-1', resources={'limits': {'cpu': '1', 'memory': '200Mi'},
                                     'requests': {'cpu': '2', 'memory': '300Mi'}})
    response = backend.post(pods_path(tenant), body)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body['reason'] == 'Invalid'
    assert body['details']['kind'] == 'Pod'
    # Go iterates a map here: the order of the causes is not deterministic.
    causes = sorted((c['reason'], c['field'], c['message']) for c in body['details']['causes'])
    assert causes == [
        ('FieldValueInvalid', 'spec.virtualMachine.resources.requests',
         'Invalid value: "2": must be less than or equal to cpu limit'),
        ('FieldValueInvalid', 'spec.virtualMachine.resources.requests',
         'Invalid value: "300Mi": must be less than or equal to memory limit'),
    ]


def test_negative_limit(backend, tenant):
    body = vm_pod('vm-1', resources={'limits': {'cpu': '-1', 'memory': '200Mi'}})
    response = backend.post(pods_path(tenant), body)
    assert response.status_code == 422, response.text
    fields = {c['field'] for c in response.json()['details']['causes']}
    assert 'spec.virtualMachine.resources.limits[cpu]' in fields


@pytest.mark.parametrize('field', ['namespace', 'tenant'])
def test_body_scope_does_not_match_url(backend, tenant, field):
    body = vm_pod('vm-1')
    body['metadata'][field] = 'other'
    response = backend.post(pods_path(tenant), body)
    assert response.status_code == 400, response.text
    assert response.json() == status_body(
        400, 'BadRequest',
        f'the {field} of the provided object does not match the {field} sent on the request')


def test_name_clash(backend, tenant):
    backend.create_pod(tenant, 'vm-1')
    response = backend.post(pods_path(tenant), vm_pod('vm-1'))
    assert response.json() == status_body(409, 'AlreadyExists', 'pods "vm-1" already exists',
                                          {'name': 'vm-1', 'kind': 'pods'})


def test_same_name_in_other_tenant(backend, tenant):
    other = backend.tenant()
    backend.create_pod(tenant, 'vm-1')
    backend.create_pod(other, 'vm-1')


@pytest.mark.parametrize('method', ['GET', 'DELETE'])
def test_missing_pod(backend, tenant, method):
    response = backend.request(method, pod_path(tenant, 'nope'))
    assert response.status_code == 404
    assert response.headers['Content-Type'] == 'application/json'
    assert response.json() == status_body(404, 'NotFound', 'pods "nope" not found',
                                          {'name': 'nope', 'kind': 'pods'})


def test_put_with_stale_resource_version(backend, tenant):
    pod = backend.create_pod(tenant, 'vm-1')
    stale = pod['metadata']['resourceVersion']
    patched = backend.patch(pod_path(tenant, 'vm-1'), {'metadata': {'labels': {'v': '2'}}})
    assert patched.status_code == 200, patched.text
    pod['metadata']['labels'] = {'v': '3'}
    pod['metadata']['resourceVersion'] = stale
    response = backend.put(pod_path(tenant, 'vm-1'), pod)
    assert response.json() == status_body(
        409, 'Conflict', 'Operation cannot be fulfilled on pods "vm-1": the object has been '
        'modified; please apply your changes to the latest version and try again',
        {'name': 'vm-1', 'kind': 'pods'})
    labels = backend.get(pod_path(tenant, 'vm-1')).json()['metadata']['labels']
    assert labels == {'app': 'conformance', 'v': '2'}


def test_put_with_current_resource_version(backend, tenant):
    created = backend.create_pod(tenant, 'vm-1')
    # The scheduler and kubelet update the pod concurrently: read-modify-write, retry on 409.
    for _ in range(10):
        pod = backend.get(pod_path(tenant, 'vm-1')).json()
        pod['metadata']['labels'] = {'v': '2'}
        pod['metadata']['annotations'] = {'a': 'b'}
        response = backend.put(pod_path(tenant, 'vm-1'), pod)
        if response.status_code != 409:
            break
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated['metadata']['labels'] == {'v': '2'}
    assert updated['metadata']['annotations'] == {'a': 'b'}
    assert updated['metadata']['uid'] == created['metadata']['uid']
    assert int(updated['metadata']['resourceVersion']) > int(pod['metadata']['resourceVersion'])


def test_put_name_mismatch(backend, tenant):
    pod = backend.create_pod(tenant, 'vm-1')
    pod['metadata']['name'] = 'vm-2'
    response = backend.put(pod_path(tenant, 'vm-1'), pod)
    assert response.json() == status_body(
        400, 'BadRequest', 'the name of the object (vm-2) does not match the name on the URL '
        '(vm-1)')


def test_resource_version_increases(backend, tenant):
    pod = backend.create_pod(tenant, 'vm-1')
    versions = [int(pod['metadata']['resourceVersion'])]
    for value in ('a', 'b', 'c'):
        response = backend.patch(pod_path(tenant, 'vm-1'), {'metadata': {'labels': {'v': value}}})
        assert response.status_code == 200, response.text
        versions.append(int(response.json()['metadata']['resourceVersion']))
        got = backend.get(pod_path(tenant, 'vm-1')).json()
        assert int(got['metadata']['resourceVersion']) >= versions[-1]
    assert versions == sorted(set(versions))


def test_vm_image_is_mutable(backend, tenant):
    backend.create_pod(tenant, 'vm-1')
    response = backend.patch(pod_path(tenant, 'vm-1'),
                             {'spec': {'virtualMachine': {'image': 'other-image'}}})
    assert response.status_code == 200, response.text
    assert response.json()['spec']['virtualMachine']['image'] == 'other-image'


def test_any_power_spec_is_accepted(backend, tenant):
    backend.create_pod(tenant, 'vm-1')
    response = backend.patch(pod_path(tenant, 'vm-1'),
                             {'spec': {'virtualMachine': {'powerSpec': 'Bogus'}}})
    assert response.status_code == 200, response.text
    assert response.json()['spec']['virtualMachine']['powerSpec'] == 'Bogus'

