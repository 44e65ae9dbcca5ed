"""In-place vertical scaling of VM pods with and without the ``InPlacePodVerticalScaling``
gate: the emulator is run both ways (``--feature-gates``), real Arktos the way its stack
was started (``$ARKTOS_EXTRA_GATES``, else the kube-apiserver's ``--feature-gates`` flag in
the log of its arktos-up.sh state directory)."""

import os
import re

import pytest

from tests.conformance.conftest import Backend, pod_path, status_body, vm_status
from translator.emulator import vertical_scaling
from translator.testing import harness

GATE = vertical_scaling.GATE
POLICY = [{'resourceName': 'cpu', 'policy': 'NoRestart'},
          {'resourceName': 'memory', 'policy': 'NoRestart'}]
SMALL = {'cpu': '100m', 'memory': '200Mi'}
BIGGER = {'limits': {'cpu': '200m', 'memory': '400Mi'},
          'requests': {'cpu': '200m', 'memory': '400Mi'}}


def real_gates(real: dict) -> frozenset | None:
    """The feature gates the real Arktos ``real`` (the ``real_arktos`` fixture) runs with;
    None when unknown."""
    if 'ARKTOS_EXTRA_GATES' in os.environ:
        return vertical_scaling.parse_gates(os.environ['ARKTOS_EXTRA_GATES'])
    if not real.get('state_dir'):
        return None
    log = os.path.join(real['state_dir'], 'logs', 'kube-apiserver.log')
    try:
        with open(log) as f:
            found = re.search(r'FLAG: --feature-gates="([^"]*)"', f.read())
    except OSError:
        return None
    return vertical_scaling.parse_gates(found.group(1)) if found else None


@pytest.fixture(scope='module', params=['emulator', 'emulator-gated', 'arktos'])
def scaling(request, tmp_path_factory):
    """``(backend endpoint, whether the gate is on)``."""
    if request.param == 'arktos':
        real = request.getfixturevalue('real_arktos')
        gates = real_gates(real)
        if gates is None:
            pytest.skip('the feature gates of the real Arktos are unknown (set '
                        'ARKTOS_EXTRA_GATES or ARKTOS_STATE_DIR)')
        yield ('arktos', real['url'], real['token'], real.get('ca')), GATE in gates
        return
    gated = request.param == 'emulator-gated'
    emulator = harness.start_emulator(
        tmp_path_factory.mktemp('scaling-emulator'), '--feature-gates',
        f'{GATE}={"true" if gated else "false"}', boot_delay=0.3)
    try:
        yield ('emulator', emulator.url, None, None), gated
    finally:
        emulator.stop()


@pytest.fixture
def backend(scaling):
    client = Backend(*scaling[0])
    try:
        yield client
    finally:
        client.cleanup()


@pytest.fixture
def gated(scaling):
    return scaling[1]


def test_vm_pods_get_a_resize_policy_only_with_the_gate(backend, gated):
    tenant = backend.tenant()
    backend.create_pod(tenant, 'vm-1')
    vm = backend.wait_active(tenant, 'vm-1')['spec']['virtualMachine']
    assert vm.get('resizePolicy') == (POLICY if gated else None)
    assert vm.get('resourcesAllocated') == (SMALL if gated else None)


def test_a_resources_patch_is_accepted(backend, gated):
    """The apiserver lets ``spec.virtualMachine`` change either way."""
    tenant = backend.tenant()
    backend.create_pod(tenant, 'vm-1')
    backend.wait_active(tenant, 'vm-1')
    response = backend.patch(pod_path(tenant, 'vm-1'),
                             {'spec': {'virtualMachine': {'resources': BIGGER}}})
    assert response.status_code == 200, response.text
    assert response.json()['spec']['virtualMachine']['resources'] == BIGGER


def test_with_the_gate_the_vm_is_recreated_with_its_new_size(backend, gated):
    if not gated:
        pytest.skip('needs the gate')
    tenant = backend.tenant()
    backend.create_pod(tenant, 'vm-1')
    old_id = vm_status(backend.wait_active(tenant, 'vm-1'))['virtualMachineId']
    response = backend.patch(pod_path(tenant, 'vm-1'),
                             {'spec': {'virtualMachine': {'resources': BIGGER}}})
    assert response.status_code == 200, response.text
    pod = backend.wait_for_pod(
        tenant, 'vm-1', lambda p: vm_status(p).get('virtualMachineId') not in (None, old_id),
        'a new VM', timeout=20)
    assert vm_status(pod)['state'] == 'active'
    assert vm_status(pod)['virtualMachineId'] == old_id[:-1] + str(int(old_id[-1]) + 1)
    assert pod['spec']['virtualMachine']['resourcesAllocated'] == SMALL


def test_with_the_gate_qos_and_allocations_stay(backend, gated):
    if not gated:
        pytest.skip('needs the gate')
    tenant = backend.tenant()
    backend.create_pod(tenant, 'vm-1')
    path = pod_path(tenant, 'vm-1')
    burstable = {'limits': {'cpu': '200m', 'memory': '400Mi'}, 'requests': SMALL}
    response = backend.patch(path, {'spec': {'virtualMachine': {'resources': burstable}}})
    assert response.status_code == 422
    assert response.json() == status_body(
        422, 'Invalid', 'Pod "vm-1" is invalid: metadata: Invalid value: "Burstable": Pod QoS '
        'is immutable', {'name': 'vm-1', 'kind': 'Pod', 'causes': [{
            'reason': 'FieldValueInvalid', 'message': 'Invalid value: "Burstable": Pod QoS is '
            'immutable', 'field': 'metadata'}]})
    response = backend.patch(path, {'spec': {'virtualMachine': {
        'resourcesAllocated': {'cpu': '200m', 'memory': '400Mi'}}}})
    assert response.json() == status_body(
        403, 'Forbidden', 'pods "vm-1" is forbidden: Only node can modify pod resource '
        'allocations', {'name': 'vm-1', 'kind': 'pods'})
