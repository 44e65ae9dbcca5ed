"""In-place vertical scaling of VM pods, as real Arktos has it with the
``InPlacePodVerticalScaling`` feature gate (arktos-up's ``ARKTOS_EXTRA_GATES``, the
emulator's ``--feature-gates``); without the gate none of this happens (see the package
docstring for what real Arktos's kubelet may do then).

* Create (the PodResourceAllocation admission): a VM pod that is not BestEffort gets
  ``resourcesAllocated`` equal to its requests and the default ``resizePolicy`` (cpu and
  memory ``NoRestart``); ``resourcesAllocated`` other than the requests is 400.
* Update: ``resizePolicy`` and ``resourcesAllocated`` a client leaves out are kept; a change
  of the pod's QoS class is 422 ``Pod QoS is immutable``; a client changing
  ``resourcesAllocated`` is 403 (only the node may).
* Kubelet: a running VM whose ``spec.virtualMachine.resources`` differ from the ones it was
  started with is recreated with them a moment later: a new ``virtualMachineId`` (its last
  number, the VM's restarts, goes up), still active; ``resourcesAllocated`` stays as it
  was (measured on real Arktos: the new id within 0.12 s, no other status change).
"""

from __future__ import annotations

import copy
import re

from translator.emulator import objects
from translator.emulator.errors import bad_request, forbidden, invalid, invalid_object

GATE = "InPlacePodVerticalScaling"
DEFAULT_POLICY = [
    {"resourceName": "cpu", "policy": "NoRestart"},
    {"resourceName": "memory", "policy": "NoRestart"},
]
# Share of Timings.boot from the resize to the recreated VM.
RESIZE_SHARE = 0.1
_TRAILING_NUMBER = re.compile(r"_(\d+)$")


def parse_gates(text: str) -> frozenset:
    """The gates ``Name=true,Other=false`` turns on (Arktos's --feature-gates syntax)."""
    enabled = set()
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        name, sep, value = item.partition("=")
        if not sep or value.lower() not in ("true", "false") or not name:
            raise ValueError(f"--feature-gates: {item!r} is not Name=true or Name=false")
        if value.lower() == "true":
            enabled.add(name)
        else:
            enabled.discard(name)
    return frozenset(enabled)


def _vm(pod: dict) -> dict | None:
    vm = (pod.get("spec") or {}).get("virtualMachine")
    return vm if isinstance(vm, dict) else None


def _qos(pod: dict) -> str:
    return objects.qos_class([w.get("resources") or {} for w in objects.pod_workloads(pod)])


def admit_create(pod: dict) -> None:
    vm = _vm(pod)
    if vm is None:
        return
    targets = [vm] + [info for info in (pod["spec"].get("workloadInfo") or [])[:1]
                      if isinstance(info, dict)]
    if _qos(pod) == "BestEffort":
        for target in targets:
            target.pop("resizePolicy", None)
        return
    requests = (vm.get("resources") or {}).get("requests")
    for target in targets:
        if requests and target.get("resourcesAllocated") is None:
            target["resourcesAllocated"] = copy.deepcopy(requests)
        named = {p.get("resourceName") for p in target.get("resizePolicy") or []}
        target["resizePolicy"] = list(target.get("resizePolicy") or []) + [
            dict(p) for p in DEFAULT_POLICY if p["resourceName"] not in named]
    pod["spec"]["virtualMachine"] = objects.ordered(vm, objects.VM_ORDER)
    if requests and vm["resourcesAllocated"] != requests:
        raise bad_request("Resource allocation must equal desired resources for new pod")


def keep_allocation(old: dict, new: dict) -> None:
    """What an older client drops from the VM is copied over (the admission's Admit)."""
    old_vm, new_vm = _vm(old), _vm(new)
    if old_vm is None or new_vm is None:
        return
    if not new_vm.get("resizePolicy") and old_vm.get("resizePolicy"):
        new_vm["resizePolicy"] = copy.deepcopy(old_vm["resizePolicy"])
    if new_vm.get("resourcesAllocated") is None and old_vm.get("resourcesAllocated"):
        new_vm["resourcesAllocated"] = copy.deepcopy(old_vm["resourcesAllocated"])
    new["spec"]["virtualMachine"] = objects.ordered(new_vm, objects.VM_ORDER)


def validate_update(old: dict, new: dict) -> None:
    name = new["metadata"].get("name", "")
    qos = _qos(new)
    if qos != _qos(old):
        raise invalid_object("Pod", name, [invalid("metadata", qos, "Pod QoS is immutable")])
    old_vm, new_vm = _vm(old) or {}, _vm(new) or {}
    if (new_vm.get("resources") or {}).get("requests") and \
            new_vm.get("resourcesAllocated") is not None and \
            new_vm.get("resourcesAllocated") != old_vm.get("resourcesAllocated"):
        raise forbidden("pods", name, "Only node can modify pod resource allocations")


def running_size(pod: dict) -> dict | None:
    """The resources a VM that has just started runs with."""
    vm = _vm(pod)
    return copy.deepcopy(vm.get("resources") or {}) if vm is not None else None


def needs_resize(pod: dict, size: dict | None) -> bool:
    """Whether the kubelet recreates the pod's active VM with new resources."""
    vm_status = (pod.get("status") or {}).get("virtualMachineStatus") or {}
    return (size is not None and vm_status.get("state") == "active" and
            running_size(pod) != size)


def resize(pod: dict) -> None:
    """The VM recreated with its new size: the restart count of its id goes up."""
    vm_status = pod["status"]["virtualMachineStatus"]
    vm_id = vm_status.get("virtualMachineId", "")
    match = _TRAILING_NUMBER.search(vm_id)
    if match:
        vm_status["virtualMachineId"] = f"{vm_id[:match.start()]}_{int(match.group(1)) + 1}"
