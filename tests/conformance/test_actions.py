"""Actions: POST pods/{name}/action and the Action objects the kubelet completes."""

import time

import pytest

from tests.conformance.conftest import pod_path, pods_path, status_body, vm_pod, vm_state

REBOOT = {'apiVersion': 'v1', 'kind': 'CustomAction', 'operation': 'reboot',
          'rebootParams': {'delayInSeconds': 1}}


def _action_path(tenant, name, namespace='vms'):
    return f'/api/v1/tenants/{tenant}/namespaces/{namespace}/actions/{name}'


def _post_action(backend, tenant, pod, body, namespace='vms'):
    return backend.post(f'{pod_path(tenant, pod, namespace)}/action', body)


def _created(body, operation, pod, name):
    """The 201 Status of a created action, minus ``metadata`` and ``details.uid``."""
    assert set(body) == {'kind', 'apiVersion', 'metadata', 'status', 'message', 'details',
                         'code'}, body
    assert body['metadata']['resourceVersion']
    assert body['details']['uid']
    return {'kind': 'Status', 'apiVersion': 'v1', 'status': 'Success',
            'message': f"Created action '{operation}' for Pod '{pod}'",
            'details': {'name': name}, 'code': 201}


def _strip(body):
    return {**{k: v for k, v in body.items() if k != 'metadata'},
            'details': {'name': body['details']['name']}}


def _wait_complete(backend, tenant, name, namespace='vms'):
    def fetch():
        response = backend.get(_action_path(tenant, name, namespace))
        assert response.status_code == 200, response.text
        return response.json()
    return backend.wait_for(f'action {name} complete', fetch,
                            lambda action: (action.get('status') or {}).get('complete'), 15)


def _node(backend, tenant: str) -> str:
    """The node vm-1 is bound to (any of several on a multi-node Arktos)."""
    return backend.get(pod_path(tenant, 'vm-1')).json()['spec']['nodeName']


@pytest.fixture
def active_pod(backend, tenant):
    backend.create_pod(tenant, 'vm-1')
    backend.wait_active(tenant, 'vm-1')
    return tenant


def test_reboot(backend, active_pod):
    tenant = active_pod
    before = int(time.time())
    response = _post_action(backend, tenant, 'vm-1', REBOOT)
    after = int(time.time())
    assert response.status_code == 201, response.text
    body = response.json()
    name = body['details']['name']
    assert name.startswith('reboot-')
    assert before <= int(name[len('reboot-'):]) <= after
    assert _strip(body) == _created(body, 'reboot', 'vm-1', name)

    action = backend.get(_action_path(tenant, name)).json()
    assert action['kind'] == 'Action'
    assert action['metadata']['name'] == name
    assert action['metadata']['uid'] == body['details']['uid']
    assert (action['metadata']['tenant'], action['metadata']['namespace']) == (tenant, 'vms')
    assert action['spec'] == {'nodeName': _node(backend, tenant), 'podName': 'vm-1',
                              'rebootAction': {'delayInSeconds': 1}}
    action = _wait_complete(backend, tenant, name)
    assert action['status'] == {'complete': True, 'podName': 'vm-1',
                                'rebootStatus': {'rebootSuccessful': True}}
    pod = backend.get(pod_path(tenant, 'vm-1')).json()
    assert vm_state(pod) == 'active'
    assert pod['status']['phase'] == 'Running'


def test_snapshot_and_restore(backend, active_pod):
    tenant = active_pod
    response = _post_action(backend, tenant, 'vm-1',
                            {'apiVersion': 'v1', 'kind': 'CustomAction', 'operation': 'snapshot',
                             'snapshotParams': {'snapshotName': 'snap-1'}})
    assert response.status_code == 201, response.text
    body = response.json()
    # details.name is the snapshot name, not the Action's: find the Action by uid.
    assert _strip(body) == _created(body, 'snapshot', 'vm-1', 'snap-1')
    actions = backend.get(f'/api/v1/tenants/{tenant}/namespaces/vms/actions').json()
    assert actions['kind'] == 'ActionList'
    [action] = [a for a in actions['items'] if a['metadata']['uid'] == body['details']['uid']]
    name = action['metadata']['name']
    assert name.startswith('snapshot-') and name[len('snapshot-'):].isdigit()
    assert action['spec'] == {'nodeName': _node(backend, tenant), 'podName': 'vm-1',
                              'snapshotAction': {'snapshotName': 'snap-1'}}
    action = _wait_complete(backend, tenant, name)
    assert action['status'] == {'complete': True, 'podName': 'vm-1',
                                'snapshotStatus': {'snapshotID': 'snap-1'}}

    response = _post_action(backend, tenant, 'vm-1',
                            {'apiVersion': 'v1', 'kind': 'CustomAction', 'operation': 'restore',
                             'restoreParams': {'snapshotID': 'snap-1'}})
    assert response.status_code == 201, response.text
    body = response.json()
    assert _strip(body) == _created(body, 'restore', 'vm-1', 'snap-1')
    actions = backend.get(f'/api/v1/tenants/{tenant}/namespaces/vms/actions').json()
    [action] = [a for a in actions['items'] if a['metadata']['uid'] == body['details']['uid']]
    assert action['metadata']['name'].startswith('restore-')
    assert action['spec'] == {'nodeName': _node(backend, tenant), 'podName': 'vm-1',
                              'restoreAction': {'snapshotID': 'snap-1'}}
    action = _wait_complete(backend, tenant, action['metadata']['name'])
    assert action['status'] == {'complete': True, 'podName': 'vm-1',
                                'restoreStatus': {'restoreSuccessful': True}}


def test_action_field_selectors(backend, active_pod):
    tenant = active_pod
    name = _post_action(backend, tenant, 'vm-1', REBOOT).json()['details']['name']
    _wait_complete(backend, tenant, name)
    path = f'/api/v1/tenants/{tenant}/namespaces/vms/actions'

    def names(selector):
        response = backend.get(path, params={'fieldSelector': selector})
        assert response.status_code == 200, response.text
        return [a['metadata']['name'] for a in response.json()['items']]
    assert names('status.complete=true') == [name]
    assert names(f'spec.nodeName={_node(backend, tenant)}') == [name]
    assert names(f'metadata.name={name}') == [name]
    assert names('spec.nodeName=elsewhere') == []
    response = backend.get(path, params={'fieldSelector': 'spec.podName=vm-1'})
    assert response.json() == status_body(400, 'BadRequest',
                                          'field label not supported: spec.podName')


def test_unsupported_operation(backend, tenant):
    backend.create_pod(tenant, 'vm-1')
    response = _post_action(backend, tenant, 'vm-1',
                            {'apiVersion': 'v1', 'kind': 'CustomAction', 'operation': 'stop'})
    assert response.json() == status_body(400, 'BadRequest',
                                          "Unsupported operation 'stop' for Pod 'vm-1'")


def test_action_on_missing_pod(backend, tenant):
    response = _post_action(backend, tenant, 'nope', REBOOT)
    assert response.json() == status_body(404, 'NotFound', 'pods "nope" not found',
                                          {'name': 'nope', 'kind': 'pods'})


def test_missing_action(backend, tenant):
    response = backend.get(_action_path(tenant, 'reboot-1'))
    assert response.json() == status_body(404, 'NotFound', 'actions "reboot-1" not found',
                                          {'name': 'reboot-1', 'kind': 'actions'})


def test_two_reboots_in_one_second(backend, tenant):
    """Action names are ``<operation>-<unix seconds>`` per namespace: the second one clashes."""
    backend.post(f'/api/v1/tenants/{tenant}/namespaces',
                 {'apiVersion': 'v1', 'kind': 'Namespace', 'metadata': {'name': 'other'}})
    for pod, namespace in (('vm-1', 'vms'), ('vm-2', 'vms'), ('vm-3', 'other')):
        response = backend.post(pods_path(tenant, namespace), vm_pod(pod))
        assert response.status_code == 201, response.text
    for _ in range(5):
        while time.time() % 1 > 0.3:  # start early in a second
            time.sleep(0.01)
        first = _post_action(backend, tenant, 'vm-1', REBOOT)
        second = _post_action(backend, tenant, 'vm-2', REBOOT)
        third = _post_action(backend, tenant, 'vm-3', REBOOT, namespace='other')
        assert first.status_code == 201, first.text
        name = first.json()['details']['name']
        if second.status_code == 201:  # the second landed in the next second: try again
            assert second.json()['details']['name'] != name
            time.sleep(1)
            continue
        assert second.json() == status_body(409, 'AlreadyExists',
                                            f'pods "{name}" already exists',
                                            {'name': name, 'kind': 'pods'})
        assert third.status_code == 201, third.text  # another namespace does not clash
        return
    pytest.fail('could not send two actions within one second')


def test_action_on_unbound_pod_stays_incomplete(backend, tenant):
    backend.create_pod(tenant, 'vm-1', power_spec='Shutdown')
    backend.wait_for_pod(tenant, 'vm-1', lambda pod: pod['status'].get('phase') == 'NoSchedule',
                         'NoSchedule', timeout=30)
    response = _post_action(backend, tenant, 'vm-1', REBOOT)
    assert response.status_code == 201, response.text
    name = response.json()['details']['name']
    time.sleep(2)
    action = backend.get(_action_path(tenant, name)).json()
    assert action['spec'] == {'podName': 'vm-1', 'rebootAction': {'delayInSeconds': 1}}
    assert not (action.get('status') or {}).get('complete')


def test_actions_after_stop_and_start(backend, active_pod):
    """A VM that was powered off and on again still runs actions (real: within ~2 s)."""
    tenant = active_pod
    path = pod_path(tenant, 'vm-1')
    for power_spec in ('Shutdown', 'Running'):
        response = backend.patch(path, {'spec': {'virtualMachine': {'powerSpec': power_spec}}})
        assert response.status_code == 200, response.text
        if power_spec == 'Shutdown':
            backend.wait_for_pod(tenant, 'vm-1', lambda pod: pod['status'].get('phase') ==
                                 'NoSchedule' and not pod['spec'].get('nodeName'), 'stopped')
    backend.wait_for_pod(
        tenant, 'vm-1', lambda pod: vm_state(pod) == 'active' and pod['status'].get('podIP'),
        'active again')
    name = _post_action(backend, tenant, 'vm-1', REBOOT).json()['details']['name']
    action = _wait_complete(backend, tenant, name)
    assert action['spec']['nodeName'] == _node(backend, tenant)
    assert action['status'] == {'complete': True, 'podName': 'vm-1',
                                'rebootStatus': {'rebootSuccessful': True}}
    response = _post_action(backend, tenant, 'vm-1',
                            {'apiVersion': 'v1', 'kind': 'CustomAction', 'operation': 'snapshot',
                             'snapshotParams': {'snapshotName': 'snap-2'}})
    assert response.status_code == 201, response.text
    actions = backend.get(f'/api/v1/tenants/{tenant}/namespaces/vms/actions').json()['items']
    [snapshot] = [a for a in actions if a['metadata']['uid'] == response.json()['details']['uid']]
    action = _wait_complete(backend, tenant, snapshot['metadata']['name'])
    assert action['status']['snapshotStatus'] == {'snapshotID': 'snap-2'}
