"""Nodes: list/get/selectors, the object's shape, cordoning, and pods the scheduler cannot place.

Node counts and sizes differ between stacks (``arktos-up.sh --nodes``, ``--node-cpus``; the
emulator's ``--nodes``, ``--node-cpus``), so the tests read them from the node list.
"""

import contextlib
import uuid

from tests.conformance.conftest import pods_path, status_body, vm_pod
from tests.conformance.test_watch import Stream

NODES = '/api/v1/nodes'
CONDITIONS = ['VmRuntimeReady', 'ContainerRuntimeReady', 'MemoryPressure', 'DiskPressure',
              'PIDPressure', 'Ready']
RESOURCES = {'cpu', 'ephemeral-storage', 'hugepages-1Gi', 'hugepages-2Mi', 'memory', 'pods'}
HOST = 'kubernetes.io/hostname'


def _nodes(backend, **params) -> list:
    response = backend.get(NODES, params=params)
    assert response.status_code == 200, response.text
    return response.json()['items']


def _names(backend, **params) -> list:
    return [node['metadata']['name'] for node in _nodes(backend, **params)]


def test_node_list_and_get(backend):
    listed = backend.get(NODES).json()
    assert (listed['kind'], listed['apiVersion']) == ('NodeList', 'v1')
    assert listed['metadata']['selfLink'] == NODES
    names = [node['metadata']['name'] for node in listed['items']]
    assert names == [f'arktos-node-{i}' for i in range(1, len(names) + 1)]
    node = backend.get(f'{NODES}/{names[0]}').json()
    meta = node['metadata']
    assert (node['kind'], node['apiVersion']) == ('Node', 'v1')
    assert meta['selfLink'] == f'{NODES}/{names[0]}'
    assert meta['uid'] and meta['resourceVersion'] and isinstance(meta['hashKey'], int)
    assert 'tenant' not in meta and 'namespace' not in meta
    assert meta['labels'] == {'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux',
                              'kubernetes.io/arch': 'amd64', HOST: names[0],
                              'kubernetes.io/os': 'linux'}
    assert set(meta['annotations']) == {'node.alpha.kubernetes.io/ttl',
                                        'volumes.kubernetes.io/controller-managed-attach-detach'}
    status = node['status']
    assert set(status['capacity']) == RESOURCES
    assert status['allocatable'] == status['capacity']
    assert [c['type'] for c in status['conditions']] == CONDITIONS
    ready = status['conditions'][-1]
    assert (ready['status'], ready['reason'], ready['message']) == (
        'True', 'KubeletReady', 'kubelet is posting ready status')
    assert ready['lastHeartbeatTime'] and ready['lastTransitionTime']
    assert status['addresses'][0]['type'] == 'InternalIP'
    assert status['addresses'][1] == {'type': 'Hostname', 'address': names[0]}
    assert status['nodeInfo']['operatingSystem'] == 'linux'
    assert status['nodeInfo']['architecture'] == 'amd64'
    assert set(status['daemonEndpoints']['kubeletEndpoint']) == {'Port'}
    lease = backend.get('/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/'
                        + names[0]).json()
    assert lease['spec']['holderIdentity'] == names[0]
    assert lease['spec']['leaseDurationSeconds'] == 40
    assert lease['metadata']['ownerReferences'][0]['uid'] == meta['uid']


def test_node_selectors_and_errors(backend):
    names = _names(backend)
    assert _names(backend, labelSelector=f'{HOST}={names[-1]}') == [names[-1]]
    assert _names(backend, fieldSelector=f'metadata.name={names[0]}') == [names[0]]
    assert _names(backend, fieldSelector='spec.unschedulable=false') == names
    response = backend.get(NODES, params={'fieldSelector': 'status.phase=Ready'})
    assert response.json() == status_body(400, 'BadRequest',
                                          'field label not supported: status.phase')
    response = backend.get(f'{NODES}/no-such-node')
    assert response.json() == status_body(404, 'NotFound', 'nodes "no-such-node" not found',
                                          {'name': 'no-such-node', 'kind': 'nodes'})
    node = backend.get(f'{NODES}/{names[0]}').json()
    node['metadata']['resourceVersion'] = '1'
    response = backend.put(f'{NODES}/{names[0]}', node)
    assert response.json() == status_body(
        409, 'Conflict', f'Operation cannot be fulfilled on nodes "{names[0]}": the object has '
        'been modified; please apply your changes to the latest version and try again',
        {'name': names[0], 'kind': 'nodes'})


@contextlib.contextmanager
def _cordoned(backend, name):
    response = backend.patch(f'{NODES}/{name}', {'spec': {'unschedulable': True}})
    assert response.status_code == 200, response.text
    try:
        yield response.json()
    finally:
        backend.patch(f'{NODES}/{name}', {'spec': {'unschedulable': None}},
                      content_type='application/strategic-merge-patch+json')


def _scheduled(pod) -> dict:
    return next((c for c in pod['status'].get('conditions') or ()
                 if c['type'] == 'PodScheduled'), {})


def test_cordon_keeps_pods_off_until_uncordoned(backend, tenant):
    backend.kept_tenants.add(tenant)
    names = _names(backend)
    name = names[-1]
    with _cordoned(backend, name) as cordoned:
        assert cordoned['spec'] == {'unschedulable': True}
        assert _names(backend, fieldSelector='spec.unschedulable=true') == [name]
        node = backend.wait_for('the unschedulable taint',
                                lambda: backend.get(f'{NODES}/{name}').json(),
                                lambda node: node['spec'].get('taints'), 10)
        assert [(t['key'], t['effect']) for t in node['spec']['taints']] == [
            ('node.kubernetes.io/unschedulable', 'NoSchedule')]
        body = vm_pod('pinned')
        body['spec']['nodeSelector'] = {HOST: name}
        response = backend.post(pods_path(tenant), body)
        assert response.status_code == 201, response.text
        pod = backend.wait_for_pod(tenant, 'pinned', lambda pod: _scheduled(pod), 'scheduled')
        others = (f', {len(names) - 1} node(s) didn\'t match node selector'
                  if len(names) > 1 else '')
        assert _scheduled(pod) | {'lastTransitionTime': None} == {
            'type': 'PodScheduled', 'status': 'False', 'lastProbeTime': None,
            'lastTransitionTime': None, 'reason': 'Unschedulable',
            'message': f'0/{len(names)} nodes are available: 1 node(s) were unschedulable'
                       f'{others}.'}
        assert pod['status']['phase'] == 'Pending' and 'nodeName' not in pod['spec']
    pod = backend.wait_for_pod(tenant, 'pinned', lambda pod: pod['spec'].get('nodeName'),
                               'bound after the uncordon')
    assert pod['spec']['nodeName'] == name
    assert _scheduled(pod)['status'] == 'True'
    backend.wait_for('the taint to go', lambda: backend.get(f'{NODES}/{name}').json(),
                     lambda node: 'taints' not in node['spec'], 10)


def test_a_pod_too_big_for_every_node_stays_pending(backend, tenant):
    backend.kept_tenants.add(tenant)
    count = len(_names(backend))
    resources = {'limits': {'cpu': '5000', 'memory': '200Mi'},
                 'requests': {'cpu': '5000', 'memory': '200Mi'}}
    backend.create_pod(tenant, 'huge', resources=resources)
    pod = backend.wait_for_pod(tenant, 'huge', lambda pod: _scheduled(pod), 'scheduled')
    condition = _scheduled(pod)
    assert (condition['status'], condition['reason'], condition['message']) == (
        'False', 'Unschedulable', f'0/{count} nodes are available: {count} Insufficient cpu.')
    assert pod['status'] == {'phase': 'Pending', 'conditions': [condition],
                             'qosClass': 'Guaranteed'}


def test_watch_a_node(backend):
    name = _names(backend)[-1]
    stream = Stream(backend, NODES, fieldSelector=f'metadata.name={name}', timeoutSeconds='5')
    label = f'conformance-{uuid.uuid4().hex[:8]}'
    try:
        stream.wait_for(lambda events: events and events[0]['type'] == 'ADDED')
        assert backend.patch(f'{NODES}/{name}',
                             {'metadata': {'labels': {label: 'yes'}}}).status_code == 200
        assert backend.patch(f'{NODES}/{name}',
                             {'metadata': {'labels': {label: None}}}).status_code == 200

        def labelled(event):
            return (event['object']['metadata'].get('labels') or {}).get(label)

        events = stream.wait_for(lambda events: any(labelled(e) for e in events) and
                                 events[-1]['type'] == 'MODIFIED' and not labelled(events[-1]))
    finally:
        stream.close()
        backend.patch(f'{NODES}/{name}', {'metadata': {'labels': {label: None}}})
    # Real Arktos may add a BOOKMARK where a change of another node passes the selector by.
    events = [e for e in events if e['type'] != 'BOOKMARK']
    assert {e['type'] for e in events[1:]} == {'MODIFIED'}
    assert all(e['object']['kind'] == 'Node' and e['object']['metadata']['name'] == name
               for e in events)
