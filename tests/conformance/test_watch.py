"""Watches (event streams, selector transitions, resuming, lifecycle with no other request)
and coordination.k8s.io Leases."""

import json
import threading

import requests

from tests.conformance.conftest import pod_path, pods_path, status_body

LEASE_GROUP = 'coordination.k8s.io'


def _configmaps(tenant):
    return f'/api/v1/tenants/{tenant}/namespaces/vms/configmaps'


def _leases(tenant, name=None):
    path = f'/apis/{LEASE_GROUP}/v1/tenants/{tenant}/namespaces/vms/leases'
    return f'{path}/{name}' if name else path


class Stream:
    """A watch read in a thread; ``events`` fills as lines arrive."""

    def __init__(self, backend, path, **params):
        params = {'watch': '1', 'timeoutSeconds': '30', **params}
        self.response = backend.session.get(backend.url + path, params=params, stream=True,
                                            timeout=40, verify=backend.verify)
        self.events: list[dict] = []
        self.arrived = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for line in self.response.iter_lines():
                if line:
                    with self.arrived:
                        self.events.append(json.loads(line))
                        self.arrived.notify_all()
        except (requests.RequestException, AttributeError, ValueError):
            pass  # closed by close()

    def wait_for(self, predicate, timeout=20.0) -> list[dict]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: predicate(self.events), timeout), self.events
            return list(self.events)

    def close(self):
        self.response.close()


def _summary(events):
    return [(e['type'], e['object']['metadata']['name'],
             (e['object']['metadata'].get('labels') or {}).get('w')) for e in events]


def test_watch_events_and_selector_transitions(backend, tenant):
    path = _configmaps(tenant)
    body = {'apiVersion': 'v1', 'kind': 'ConfigMap',
            'metadata': {'name': 'cm-1', 'labels': {'w': 'yes'}}, 'data': {'a': '1'}}
    assert backend.post(path, body).status_code == 201
    stream = Stream(backend, path, labelSelector='w=yes')
    try:
        stream.wait_for(lambda events: len(events) == 1)
        for change in ({'data': {'a': '2'}}, {'metadata': {'labels': {'w': 'no'}}},
                       {'metadata': {'labels': {'w': 'yes'}}}):
            assert backend.patch(f'{path}/cm-1', change).status_code == 200
        assert backend.delete(f'{path}/cm-1').status_code == 200
        events = stream.wait_for(lambda events: len(events) == 5)
    finally:
        stream.close()
    # Leaving the selection is a DELETED of the previous state at the new resourceVersion.
    assert _summary(events) == [('ADDED', 'cm-1', 'yes'), ('MODIFIED', 'cm-1', 'yes'),
                                ('DELETED', 'cm-1', 'yes'), ('ADDED', 'cm-1', 'yes'),
                                ('DELETED', 'cm-1', 'yes')]
    versions = [int(e['object']['metadata']['resourceVersion']) for e in events]
    assert versions == sorted(versions) and len(set(versions)) == 5
    assert all(e['object']['kind'] == 'ConfigMap' and e['object']['apiVersion'] == 'v1'
               for e in events)


def test_watch_resumes_after_a_resource_version(backend, tenant):
    path = _configmaps(tenant)
    created = backend.post(path, {'apiVersion': 'v1', 'kind': 'ConfigMap',
                                  'metadata': {'name': 'cm-1'}}).json()
    backend.patch(f'{path}/cm-1', {'data': {'b': '1'}})
    stream = Stream(backend, path, resourceVersion=created['metadata']['resourceVersion'])
    try:
        events = stream.wait_for(lambda events: len(events) >= 1)
    finally:
        stream.close()
    assert [(e['type'], e['object'].get('data')) for e in events] == [('MODIFIED', {'b': '1'})]


def test_watch_sees_a_vm_boot_with_no_other_request(backend, tenant):
    """The lifecycle moves on while only a watch is open (a conductor's view of Arktos)."""
    stream = Stream(backend, pods_path(tenant), allowWatchBookmarks='true')
    try:
        response = backend.post(pods_path(tenant), {
            'apiVersion': 'v1', 'kind': 'Pod', 'metadata': {'name': 'vm-1'},
            'spec': {'virtualMachine': {
                'name': 'vm', 'image': 'download.cirros-cloud.net/0.3.5/cirros.img',
                'keyPairName': 'key-1',
                'resources': {'limits': {'cpu': '100m', 'memory': '200Mi'},
                              'requests': {'cpu': '100m', 'memory': '200Mi'}}}}})
        assert response.status_code == 201, response.text

        def active(events):
            return any(((e['object'].get('status') or {}).get('virtualMachineStatus') or {})
                       .get('state') == 'active' for e in events if e['type'] == 'MODIFIED')
        events = stream.wait_for(active)
    finally:
        stream.close()
    assert events[0]['type'] == 'ADDED'
    assert events[0]['object']['metadata']['name'] == 'vm-1'
    backend.delete(pod_path(tenant, 'vm-1'), {'kind': 'DeleteOptions', 'apiVersion': 'v1',
                                              'gracePeriodSeconds': 0})


def test_lease_lifecycle(backend, tenant):
    body = {'apiVersion': f'{LEASE_GROUP}/v1', 'kind': 'Lease',
            'metadata': {'name': 'holder-1', 'labels': {'role': 'conductor'}},
            'spec': {'holderIdentity': 'host-a', 'leaseDurationSeconds': 15,
                     'renewTime': '2026-12-04T10:00:00.000000Z'}}
    response = backend.post(_leases(tenant), body)
    assert response.status_code == 201, response.text
    lease = response.json()
    assert (lease['kind'], lease['apiVersion']) == ('Lease', f'{LEASE_GROUP}/v1')
    assert lease['metadata']['selfLink'] == (
        f'/apis/{LEASE_GROUP}/v1/tenants/{tenant}/namespaces/vms/leases/holder-1')
    assert lease['spec'] == body['spec']

    renewed = backend.patch(_leases(tenant, 'holder-1'),
                            {'spec': {'renewTime': '2026-12-04T10:00:05.000000Z'}})
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()['spec']['holderIdentity'] == 'host-a'

    stale = dict(body, metadata={'name': 'holder-1',
                                 'resourceVersion': lease['metadata']['resourceVersion']})
    response = backend.put(_leases(tenant, 'holder-1'), stale)
    assert response.status_code == 409
    assert response.json()['details'] == {'name': 'holder-1', 'group': LEASE_GROUP,
                                          'kind': 'leases'}

    listed = backend.get(_leases(tenant), params={'labelSelector': 'role=conductor'}).json()
    assert listed['kind'] == 'LeaseList' and listed['apiVersion'] == f'{LEASE_GROUP}/v1'
    assert [item['metadata']['name'] for item in listed['items']] == ['holder-1']
    assert backend.post(_leases(tenant), body).status_code == 409

    deleted = backend.delete(_leases(tenant, 'holder-1'))
    assert deleted.status_code == 200
    assert deleted.json()['details']['group'] == LEASE_GROUP
    response = backend.get(_leases(tenant, 'holder-1'))
    assert response.json() == status_body(
        404, 'NotFound', f'leases.{LEASE_GROUP} "holder-1" not found',
        {'name': 'holder-1', 'group': LEASE_GROUP, 'kind': 'leases'})


def test_lease_validation(backend, tenant):
    body = {'apiVersion': f'{LEASE_GROUP}/v1', 'kind': 'Lease', 'metadata': {'name': 'l-1'},
            'spec': {'leaseDurationSeconds': 0, 'leaseTransitions': -1}}
    response = backend.post(_leases(tenant), body)
    assert response.status_code == 422
    failure = response.json()
    assert failure['message'].startswith(f'Lease.{LEASE_GROUP} "l-1" is invalid: ')
    assert [cause['field'] for cause in failure['details']['causes']] == [
        'spec.leaseDurationSeconds', 'spec.leaseTransitions']
    response = backend.post(_leases(tenant), dict(body, spec={'leaseDurationSeconds': 'x'}))
    assert response.status_code == 400
    assert 'v1.LeaseSpec.LeaseDurationSeconds' in response.json()['message']
    response = backend.post(_leases(tenant), dict(body, spec={'renewTime': 'yesterday'}))
    assert response.status_code == 400
    assert 'parsing time "yesterday"' in response.json()['message']
    # Leases are not in the core group.
    core = f'/api/v1/tenants/{tenant}/namespaces/vms/leases'
    assert backend.get(core).status_code == 404
