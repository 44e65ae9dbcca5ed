"""Simulated scheduler, kubelet and vmpod controller: the pod status transitions of real Arktos.

A pod moves one step at a time.  ``next_step(pod)`` says which step is due next and after what
share of the boot time; ``apply(step, pod, now, ctx)`` performs it.  The store keeps a heap of due
steps and drains it before every request, so nothing runs in the background.

Boot (powerSpec Running): Pending → ``bind`` (nodeName, PodScheduled; the node comes from
scheduler.py, a pod that fits nowhere waits with PodScheduled=False, see ``unschedulable``)
→ ``start`` (``deleted``/``nostate``, hostIP, startTime, Ready=False) → ``create``
(``suspended``/``nostate``) → ``run`` (``active``/``running``, ready, podIP, virtualMachineId,
phase Running, Ready=True).
Shutdown: ``stop`` (``stopped``/``shutdown``, phase NoSchedule, IPs cleared,
Ready=False/VirtualMachineShutdown) → ``unbind`` (nodeName cleared).  Running again: ``pending``
(phase Pending) → ``bind`` → ``run``.  Paused/Suspended/other powerSpec values are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from translator.emulator.objects import POD_SPEC_ORDER, ordered, rfc3339

STATUS_ORDER = (
    "phase conditions message reason nominatedNodeName hostIP podIP startTime "
    "initContainerStatuses containerStatuses qosClass virtualMachineStatus nicStatuses"
).split()
NOT_READY = "VirtualMachineNotReady"


@dataclass
class Timings:
    """Delays in seconds of the simulated control plane."""

    boot: float = 0.5  # create → active
    stop: float = 0.3  # powerSpec Shutdown → stopped
    delete: float = 1.0  # DELETE of a bound pod → gone (real Arktos: up to ~10 s)
    action: float = 0.3  # action created → complete
    namespace_delete: float = 1.0  # namespace/tenant Terminating → gone
    action_ttl: float = 3600.0  # actions expire like events (--event-ttl)


# share of Timings.boot each step waits
# (real Arktos binds within milliseconds; the kubelet then takes most of the time)
SHARES = {"bind": 0.01, "start": 0.04, "create": 0.45, "run": 0.5, "pending": 0.1, "unbind": 0.0}


def _power(pod):
    vm = pod["spec"].get("virtualMachine")
    return vm.get("powerSpec") if vm else "Running"


def next_step(pod):
    """(step, delay key) due next for ``pod`` or None when it is settled."""
    spec, status = pod["spec"], pod["status"]
    node, phase = spec.get("nodeName"), status.get("phase")
    vms = status.get("virtualMachineStatus")
    if phase == "NoSchedule":
        if node:
            return "unbind"
        return "pending" if _power(pod) == "Running" else None
    if phase not in ("Pending", "Running"):
        return None
    if not node:
        return "bind"
    if _power(pod) == "Shutdown":
        return "stop"
    if "virtualMachine" not in spec:
        return "run" if phase != "Running" else None
    if vms is None:
        return "start"
    state = vms.get("state")
    if state == "deleted":
        return "create"
    if state in ("suspended", "stopped"):
        return "run"
    return None


def delay(step, pod, timings: Timings):
    if step == "stop":
        vms = pod["status"].get("virtualMachineStatus") or {}
        return timings.stop if vms.get("state") == "active" else timings.boot * SHARES["start"]
    if (
        step == "run"
        and (pod["status"].get("virtualMachineStatus") or {}).get("state") == "stopped"
    ):
        return timings.boot * (SHARES["start"] + SHARES["create"] + SHARES["run"])
    return timings.boot * SHARES[step]


def _condition(ctype, value, ts, reason=None, message=None):
    cond = {"type": ctype, "status": value, "lastProbeTime": None, "lastTransitionTime": ts}
    if reason:
        cond["reason"] = reason
    if message:
        cond["message"] = message
    return cond


def _set_condition(status, new):
    conds = status.setdefault("conditions", [])
    for i, old in enumerate(conds):
        if old["type"] == new["type"]:
            if old["status"] == new["status"]:
                new["lastTransitionTime"] = old["lastTransitionTime"]
            conds[i] = new
            break
    else:
        conds.append(new)
    order = {"Ready": 0, "PodScheduled": 1}
    conds.sort(key=lambda c: order.get(c["type"], 2))


def _vm_status(pod, state, power, vm_id=None):
    vms = {"name": pod["spec"]["virtualMachine"].get("name", "")}
    if vm_id:
        vms["virtualMachineId"] = vm_id
    vms.update(state=state, powerState=power)
    if state == "active":
        vms["ready"] = True
    vms["resources"] = {}
    return vms


@dataclass
class NodeContext:
    """What the simulated node contributes: the node a ``bind`` chose, the node's IP and the
    pod IP for a booting VM."""

    node_name: str | None
    host_ip: str
    pod_ip: object  # callable(pod) -> str
    restarts: int = 0


def unschedulable(pod, message: str, now: float) -> bool:
    """The scheduler's PodScheduled=False/Unschedulable with its FitError ``message``; False
    when the pod already says so."""
    status = pod["status"]
    new = _condition("PodScheduled", "False", rfc3339(now), "Unschedulable", message)
    for old in status.get("conditions") or ():
        if old["type"] == "PodScheduled" and all(
            old.get(k) == new[k] for k in ("status", "reason", "message")
        ):
            return False
    _set_condition(status, new)
    pod["status"] = ordered(status, STATUS_ORDER)
    return True


def apply(step, pod, now: float, ctx: NodeContext):
    spec, status = pod["spec"], pod["status"]
    ts = rfc3339(now)
    if step == "bind":
        spec["nodeName"] = ctx.node_name
        pod["spec"] = ordered(spec, POD_SPEC_ORDER)
        _set_condition(status, _condition("PodScheduled", "True", ts))
    elif step == "unbind":
        spec.pop("nodeName", None)
    elif step == "pending":
        status["phase"] = "Pending"
    elif step == "start":
        status["phase"] = "Pending"
        status["hostIP"] = ctx.host_ip
        status.setdefault("startTime", ts)
        _set_condition(status, _condition("Ready", "False", ts, NOT_READY, NOT_READY))
        status["virtualMachineStatus"] = _vm_status(pod, "deleted", "nostate")
    elif step == "create":
        status["virtualMachineStatus"] = _vm_status(pod, "suspended", "nostate")
    elif step == "run":
        status["phase"] = "Running"
        status["hostIP"] = ctx.host_ip
        status["podIP"] = ctx.pod_ip(pod)
        status.setdefault("startTime", ts)
        _set_condition(status, _condition("Ready", "True", ts))
        if "virtualMachine" in spec:
            meta, n = pod["metadata"], ctx.restarts
            vm_id = (
                f"{meta['name']}_{meta['namespace']}_{meta['tenant']}_{meta['uid']}_{n}_"
                f"{spec['virtualMachine'].get('name', '')}_{n}"
            )
            status["virtualMachineStatus"] = _vm_status(pod, "active", "running", vm_id)
    elif step == "stop":
        status["phase"] = "NoSchedule"
        if (status.get("virtualMachineStatus") or {}).get("state") == "active":
            status.pop("hostIP", None)
            status.pop("podIP", None)
            _set_condition(status, _condition("Ready", "False", ts, "VirtualMachineShutdown"))
            status["virtualMachineStatus"] = _vm_status(pod, "stopped", "shutdown")
        else:
            status["hostIP"] = ctx.host_ip
            status.setdefault("startTime", ts)
            _set_condition(status, _condition("Ready", "False", ts, NOT_READY, NOT_READY))
            if "virtualMachine" in spec:
                status["virtualMachineStatus"] = _vm_status(pod, "deleted", "nostate")
    else:
        raise ValueError(step)
    pod["status"] = ordered(status, STATUS_ORDER)
