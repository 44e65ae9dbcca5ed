"""The emulator with and without Arktos's InPlacePodVerticalScaling gate: the admission
defaults, what an update may change, and the VM recreated with its new size."""

import pytest

from tests.unit.emulator.conftest import Client, vm_pod
from translator.emulator import vertical_scaling
from translator.emulator.app import make_app
from translator.emulator.lifecycle import Timings

BIGGER = {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "2", "memory": "1Gi"}}
POLICY = [{"resourceName": "cpu", "policy": "NoRestart"},
          {"resourceName": "memory", "policy": "NoRestart"}]


def _client(clock, gates: str) -> Client:
    client = Client(make_app(timings=Timings(boot=1.0), clock=clock,
                             gates=vertical_scaling.parse_gates(gates)))
    tenant = {"metadata": {"name": "acme"}, "spec": {"storageClusterId": "0"}}
    assert client.post("/api/v1/tenants", tenant).code == 201
    return client


PODS = "/api/v1/tenants/acme/namespaces/default/pods"


@pytest.fixture
def gated(clock):
    return _client(clock, "InPlacePodVerticalScaling=true")


def _active(client, clock, name="vm1"):
    assert client.post(PODS, vm_pod(name)).code == 201
    clock.tick(2)
    pod = client.get(f"{PODS}/{name}").json
    assert pod["status"]["virtualMachineStatus"]["state"] == "active"
    return pod


def test_gates_parse_as_arktos_takes_them():
    assert vertical_scaling.parse_gates("") == frozenset()
    assert vertical_scaling.parse_gates("A=true, InPlacePodVerticalScaling=True,A=false") == \
        frozenset({"InPlacePodVerticalScaling"})
    with pytest.raises(ValueError):
        vertical_scaling.parse_gates("InPlacePodVerticalScaling")


def test_with_the_gate_vm_pods_get_an_allocation_and_a_resize_policy(gated, clock):
    vm = _active(gated, clock)["spec"]["virtualMachine"]
    assert vm["resourcesAllocated"] == {"cpu": "1", "memory": "512Mi"}
    assert vm["resizePolicy"] == POLICY
    assert list(vm)[:5] == ["name", "image", "resources", "resourcesAllocated", "resizePolicy"]
    best_effort = vm_pod("vm2", resources={})
    assert gated.post(PODS, best_effort).code == 201
    assert "resizePolicy" not in gated.get(f"{PODS}/vm2").json["spec"]["virtualMachine"]
    wrong = vm_pod("vm3", resourcesAllocated={"cpu": "2", "memory": "512Mi"})
    reply = gated.post(PODS, wrong)
    assert (reply.code, reply.json["message"]) == (
        400, "Resource allocation must equal desired resources for new pod")


def test_a_resize_recreates_the_running_vm(gated, clock):
    before = _active(gated, clock)
    old_id = before["status"]["virtualMachineStatus"]["virtualMachineId"]
    reply = gated.patch(f"{PODS}/vm1", {"spec": {"virtualMachine": {"resources": BIGGER}}})
    assert reply.code == 200
    assert reply.json["spec"]["virtualMachine"]["resourcesAllocated"] == \
        {"cpu": "1", "memory": "512Mi"}
    assert reply.json["status"]["virtualMachineStatus"]["virtualMachineId"] == old_id
    clock.tick(0.2)
    after = gated.get(f"{PODS}/vm1").json
    vm_status = after["status"]["virtualMachineStatus"]
    assert vm_status["state"] == "active"
    assert vm_status["virtualMachineId"] == old_id[:-1] + str(int(old_id[-1]) + 1)
    assert after["spec"]["virtualMachine"]["resourcesAllocated"] == \
        {"cpu": "1", "memory": "512Mi"}
    clock.tick(5)
    assert gated.get(f"{PODS}/vm1").json["status"]["virtualMachineStatus"][
        "virtualMachineId"] == vm_status["virtualMachineId"]


def test_with_the_gate_qos_and_allocations_are_not_the_clients(gated, clock):
    _active(gated, clock)
    burstable = {"limits": {"cpu": "2", "memory": "1Gi"}, "requests": {"cpu": "1",
                                                                      "memory": "1Gi"}}
    reply = gated.patch(f"{PODS}/vm1", {"spec": {"virtualMachine": {"resources": burstable}}})
    assert (reply.code, reply.json["message"]) == (
        422, 'Pod "vm1" is invalid: metadata: Invalid value: "Burstable": Pod QoS is immutable')
    reply = gated.patch(f"{PODS}/vm1", {"spec": {"virtualMachine": {
        "resourcesAllocated": {"cpu": "2", "memory": "1Gi"}}}})
    assert (reply.code, reply.json["message"]) == (
        403, 'pods "vm1" is forbidden: Only node can modify pod resource allocations')


def test_without_the_gate_nothing_of_it(clock):
    client = _client(clock, "")
    before = _active(client, clock)
    assert "resizePolicy" not in before["spec"]["virtualMachine"]
    reply = client.patch(f"{PODS}/vm1", {"spec": {"virtualMachine": {"resources": BIGGER}}})
    assert reply.code == 200
    clock.tick(1)
    assert client.get(f"{PODS}/vm1").json["status"]["virtualMachineStatus"][
        "virtualMachineId"] == before["status"]["virtualMachineStatus"]["virtualMachineId"]
