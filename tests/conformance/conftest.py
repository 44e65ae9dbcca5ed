"""Fixtures of the conformance suite: the same raw Arktos REST requests against both backends.

Every test takes the ``backend`` fixture, which is parametrized over the Arktos API emulator
(``translator-arktos-emulator``, started here) and the real Arktos control plane (the session's
``real_arktos`` from ``tests/conftest.py``: ``$ARKTOS_URL`` or a stack started from
``$ARKTOS_SHARED_DIR``).  The test asserts the same expected result on both, so a difference
between the emulator and real Arktos fails on one of them.  Where real Arktos is not available
its half is skipped with the reason.
"""

import json
import time
import uuid

import pytest
import requests

from tests.conftest import NODE_SHAPE
from translator.testing import harness

BACKENDS = ('emulator', 'arktos')
IMAGE = 'download.cirros-cloud.net/0.3.5/cirros-0.3.5-x86_64-disk.img'


class Backend:
    """Plain HTTP + JSON to one Arktos API server, with a per-backend time scale."""

    def __init__(self, kind: str, url: str, token: str | None, ca: str | None = None):
        self.kind = kind
        self.url = url.rstrip('/')
        self.session = requests.Session()
        # Per request: $REQUESTS_CA_BUNDLE would override a Session's verify.
        self.verify = ca or True
        if token:
            self.session.headers['Authorization'] = f'Bearer {token}'
        self.tenants: list[str] = []
        # Tenants whose pods the scheduler could not place: their pods are deleted, they are
        # not (README, "Server groups": real Arktos's scheduler panics at its next event
        # refresh when such a tenant is gone).
        self.kept_tenants: set[str] = set()

    def __repr__(self):
        return f'<{self.kind} {self.url}>'

    def request(self, method: str, path: str, body=None, *, content_type='application/json',
                params=None) -> requests.Response:
        headers = {}
        data = None
        if body is not None:
            headers['Content-Type'] = content_type
            data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.session.request(method, self.url + path, data=data, headers=headers,
                                    params=params, timeout=15, verify=self.verify)

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body, **kw):
        return self.request('POST', path, body, **kw)

    def put(self, path, body, **kw):
        return self.request('PUT', path, body, **kw)

    def patch(self, path, body, content_type='application/merge-patch+json', **kw):
        return self.request('PATCH', path, body, content_type=content_type, **kw)

    def delete(self, path, body=None, **kw):
        return self.request('DELETE', path, body, **kw)

    # -- helpers ---------------------------------------------------------------------------

    def tenant(self, *, namespaces: tuple[str, ...] = ('vms',)) -> str:
        """Creates a fresh tenant (and namespaces) that is deleted at the end of the test."""
        name = new_name()
        response = self.post('/api/v1/tenants', tenant_body(name))
        assert response.status_code == 201, response.text
        self.tenants.append(name)
        for namespace in namespaces:
            response = self.post(f'/api/v1/tenants/{name}/namespaces',
                                 {'apiVersion': 'v1', 'kind': 'Namespace',
                                  'metadata': {'name': namespace}})
            assert response.status_code == 201, response.text
        return name

    def create_pod(self, tenant: str, pod_name: str, /, namespace: str = 'vms', **kw) -> dict:
        response = self.post(pods_path(tenant, namespace), vm_pod(pod_name, **kw))
        assert response.status_code == 201, response.text
        return response.json()

    def wait_for(self, what: str, fetch, predicate, timeout: float):
        """Polls ``fetch()`` until ``predicate(result)``; fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = fetch()
            if predicate(result):
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f'{self.kind}: timed out after {timeout} s waiting for '
                                     f'{what}; last seen: {_summary(result)}')
            time.sleep(0.05)

    def wait_for_pod(self, tenant: str, name: str, predicate, what: str,
                     namespace: str = 'vms', timeout: float = 20.0) -> dict:
        path = pod_path(tenant, name, namespace)

        def fetch():
            response = self.get(path)
            assert response.status_code == 200, response.text
            return response.json()
        return self.wait_for(f'pod {name}: {what}', fetch, predicate, timeout)

    def wait_active(self, tenant: str, name: str, namespace: str = 'vms') -> dict:
        return self.wait_for_pod(tenant, name, lambda pod: vm_state(pod) == 'active', 'active',
                                 namespace)

    def wait_gone(self, path: str, timeout: float = 20.0) -> None:
        self.wait_for(f'{path} → 404', lambda: self.get(path),
                      lambda response: response.status_code == 404, timeout)

    def cleanup(self) -> None:
        """Best effort: the tenants' pods at once (frees the node), then the tenants."""
        while self.tenants:
            tenant = self.tenants.pop()
            try:
                pods = self.get(f'/api/v1/tenants/{tenant}/pods')
                for pod in pods.json().get('items', []) if pods.status_code == 200 else ():
                    meta = pod['metadata']
                    self.delete(pod_path(tenant, meta['name'], meta['namespace']),
                                {'kind': 'DeleteOptions', 'apiVersion': 'v1',
                                 'gracePeriodSeconds': 0})
                if tenant not in self.kept_tenants:
                    self.delete(f'/api/v1/tenants/{tenant}')
            except requests.RequestException:
                pass


def _summary(result) -> str:
    if isinstance(result, requests.Response):
        return f'HTTP {result.status_code} {result.text[:300]}'
    if isinstance(result, dict) and result.get('kind') == 'Pod':
        return str({'phase': result.get('status', {}).get('phase'),
                    'vm': result.get('status', {}).get('virtualMachineStatus'),
                    'nodeName': result.get('spec', {}).get('nodeName')})
    return str(result)[:500]


def new_name(prefix: str = 'conf') -> str:
    return f'{prefix}-{uuid.uuid4().hex[:12]}'


def tenant_body(name: str, storage_cluster_id='0') -> dict:
    spec = {} if storage_cluster_id is None else {'storageClusterId': storage_cluster_id}
    return {'apiVersion': 'v1', 'kind': 'Tenant', 'metadata': {'name': name}, 'spec': spec}


def pods_path(tenant: str, namespace: str = 'vms') -> str:
    return f'/api/v1/tenants/{tenant}/namespaces/{namespace}/pods'


def pod_path(tenant: str, name: str, namespace: str = 'vms') -> str:
    return f'{pods_path(tenant, namespace)}/{name}'


def vm_pod(pod_name: str, /, *, labels=None, annotations=None, power_spec=None, **vm) -> dict:
    """A VM pod as the translator builds them (Guaranteed QoS, a key pair name).

    Small requests (100m CPU): on the real stack the scheduler enforces requests, and pods of
    deleted tenants hold their share until the kubelet confirms their deletion.
    """
    machine = {'name': 'vm', 'image': IMAGE,
               'imagePullPolicy': 'IfNotPresent', 'keyPairName': 'key-1',
               'resources': {'limits': {'cpu': '100m', 'memory': '200Mi'},
                             'requests': {'cpu': '100m', 'memory': '200Mi'}}}
    if power_spec:
        machine['powerSpec'] = power_spec
    machine.update(vm)
    machine = {key: value for key, value in machine.items() if value is not None}
    metadata = {'name': pod_name, 'labels': labels or {'app': 'conformance'}}
    if annotations:
        metadata['annotations'] = annotations
    return {'apiVersion': 'v1', 'kind': 'Pod', 'metadata': metadata,
            'spec': {'virtualMachine': machine}}


def vm_status(pod: dict) -> dict:
    return (pod.get('status') or {}).get('virtualMachineStatus') or {}


def vm_state(pod: dict) -> str | None:
    return vm_status(pod).get('state')


def conditions(pod: dict) -> dict:
    """``{type: (status, reason)}`` of the pod's conditions."""
    return {c['type']: (c['status'], c.get('reason'))
            for c in (pod.get('status') or {}).get('conditions') or ()}


def status_body(code: int, reason: str, message: str, details: dict | None = None) -> dict:
    """The ``metav1.Status`` body of an API error, as Arktos writes it."""
    body = {'kind': 'Status', 'apiVersion': 'v1', 'metadata': {}, 'status': 'Failure',
            'message': message, 'reason': reason, 'code': code}
    if details is not None:
        body['details'] = details
    return body


@pytest.fixture(scope='session')
def emulator_url(tmp_path_factory):
    # Shaped and gated as tests/conftest.py starts real Arktos.
    emulator = harness.start_emulator(tmp_path_factory.mktemp('conformance-emulator'),
                                      *NODE_SHAPE, '--feature-gates',
                                      f'{harness.RESIZE_GATE}=true', boot_delay=0.3)
    try:
        yield emulator.url
    finally:
        emulator.stop()


@pytest.fixture(scope='session', params=BACKENDS)
def backend_endpoint(request):
    """``(kind, url, token, ca)``; session-scoped, so all tests of one backend run together."""
    if request.param == 'emulator':
        return ('emulator', request.getfixturevalue('emulator_url'), None, None)
    real = request.getfixturevalue('real_arktos')
    return ('arktos', real['url'], real['token'], real.get('ca'))


@pytest.fixture
def backend(backend_endpoint):
    client = Backend(*backend_endpoint)
    try:
        yield client
    finally:
        client.cleanup()


@pytest.fixture
def tenant(backend):
    """A fresh tenant with namespace ``vms``."""
    return backend.tenant()

