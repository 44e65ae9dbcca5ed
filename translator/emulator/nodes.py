"""Nodes: the fake nodes arktos-up starts (``arktos-node-1`` … ``arktos-node-N``) as objects.

A node is made ready at reset with the shape of ``NodeShape`` (the emulator's ``--nodes``,
``--node-cpus``, ``--node-memory`` and ``--max-pods``) and the labels, annotations, conditions,
addresses and nodeInfo the real kubelet reports.  ``heartbeat`` refreshes the conditions'
``lastHeartbeatTime`` (the kubelet's status report) and ``renew`` a node Lease in
``system/kube-node-lease`` (the kubelet's lease); ``sync_taint`` is the node lifecycle
controller's ``node.kubernetes.io/unschedulable`` taint of a cordoned node.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from translator.emulator import quantity
from translator.emulator.objects import rfc3339

LEASE_NAMESPACE = "kube-node-lease"
LEASE_SECONDS = 40
LEASE_PERIOD = 10.0  # the kubelet renews its lease every 10 s
STATUS_PERIOD = 300.0  # and reports an unchanged status (the heartbeat) every 5 minutes
UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"
# The kubelet's condition list, in its order: (type, status, reason, message).
CONDITIONS = (
    ("VmRuntimeReady", "True", "At least one vm runtime is ready", None),
    ("ContainerRuntimeReady", "True", "At least one container runtime is ready", None),
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
)
VERSION = "v1.0.2+arktos-emulator"
MACHINE_ID = "3d1219c7c4c5404aaa1f6d2a48adfda4"
BOOT_ID = "25a07ed0-3f8d-4879-96e5-668436d4a2b6"


@dataclass(frozen=True)
class NodeShape:
    """How many nodes and what each advertises (defaults: one node every pod fits on)."""

    count: int = 1
    cpus: int = 1000
    memory: str = "4Ti"
    max_pods: int = 100000

    def __post_init__(self):
        if self.count < 1 or self.cpus < 1 or self.max_pods < 1:
            raise ValueError("--nodes, --node-cpus and --max-pods want positive integers")
        if quantity.parse(self.memory).value <= 0:
            raise ValueError(f"--node-memory wants a positive quantity, got {self.memory!r}")

    @property
    def names(self) -> list[str]:
        return [f"arktos-node-{i}" for i in range(1, self.count + 1)]


def node_body(name: str, shape: NodeShape, host_ip: str, port: int, now: float) -> dict:
    """A new Node as the kubelet registers it and reports its first status."""
    ts = rfc3339(now)
    resources = {
        "cpu": str(shape.cpus),
        "ephemeral-storage": "264212084Ki",
        "hugepages-1Gi": "0",
        "hugepages-2Mi": "0",
        "memory": quantity.canonical(quantity.parse(shape.memory)),
        "pods": str(shape.max_pods),
    }
    conditions = []
    for ctype, status, reason, message in CONDITIONS:
        cond = {
            "type": ctype,
            "status": status,
            "lastHeartbeatTime": ts,
            "lastTransitionTime": ts,
            "reason": reason,
        }
        if message:
            cond["message"] = message
        conditions.append(cond)
    return {
        "metadata": {
            "name": name,
            "labels": {
                "beta.kubernetes.io/arch": "amd64",
                "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/hostname": name,
                "kubernetes.io/os": "linux",
            },
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": {},
        "status": {
            "capacity": resources,
            "allocatable": dict(resources),
            "conditions": conditions,
            "addresses": [
                {"type": "InternalIP", "address": host_ip},
                {"type": "Hostname", "address": name},
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": port}},
            "nodeInfo": {
                "machineID": MACHINE_ID,
                "systemUUID": MACHINE_ID,
                "bootID": BOOT_ID,
                "kernelVersion": "6.1.0",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "containerRuntimeVersion": "fakeRuntime://0.1.0",
                "kubeletVersion": VERSION,
                "kubeProxyVersion": VERSION,
                "operatingSystem": "linux",
                "architecture": "amd64",
            },
        },
    }


def lease_body(node: dict, now: float) -> dict:
    meta = node["metadata"]
    return {
        "metadata": {
            "name": meta["name"],
            "ownerReferences": [
                {
                    "apiVersion": "v1",
                    "kind": "Node",
                    "name": meta["name"],
                    "uid": meta["uid"],
                    "hashKey": 0,
                }
            ],
        },
        "spec": {
            "holderIdentity": meta["name"],
            "leaseDurationSeconds": LEASE_SECONDS,
            "renewTime": micro_time(now),
        },
    }


def micro_time(now: float) -> str:
    """RFC 3339 with microseconds, as a Lease's ``renewTime``."""
    return datetime.fromtimestamp(now, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def heartbeat(node: dict, now: float) -> None:
    ts = rfc3339(now)
    for cond in node["status"].get("conditions") or ():
        cond["lastHeartbeatTime"] = ts


def renew(lease: dict, now: float) -> None:
    lease["spec"]["renewTime"] = micro_time(now)


def sync_taint(node: dict, now: float) -> bool:
    """Add or drop the unschedulable taint to match ``spec.unschedulable``; True if changed."""
    spec = node["spec"]
    taints = [t for t in spec.get("taints") or () if t.get("key") != UNSCHEDULABLE_TAINT]
    had = len(taints) != len(spec.get("taints") or ())
    if spec.get("unschedulable") is True:
        if had:
            return False
        taints.append(
            {"key": UNSCHEDULABLE_TAINT, "effect": "NoSchedule", "timeAdded": rfc3339(now)}
        )
    elif not had:
        return False
    if taints:
        spec["taints"] = taints
    else:
        spec.pop("taints", None)
    return True
