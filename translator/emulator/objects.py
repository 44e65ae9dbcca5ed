"""Object shapes: server-set metadata, key order, selfLinks and the defaults added on create."""

from __future__ import annotations

import base64
import copy
import random
import time
import uuid

from translator.emulator import quantity
from translator.emulator.resources import RESOURCES

META_ORDER = (
    "name generateName tenant namespace selfLink uid hashKey resourceVersion generation "
    "creationTimestamp deletionTimestamp deletionGracePeriodSeconds labels annotations "
    "ownerReferences finalizers"
).split()
POD_SPEC_ORDER = (
    "volumes initContainers containers vpc nics virtualMachine workloadInfo ephemeralContainers "
    "restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy nodeSelector "
    "serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID "
    "hostIPC shareProcessNamespace securityContext imagePullSecrets hostname subdomain affinity "
    "schedulerName tolerations hostAliases priorityClassName priority dnsConfig readinessGates "
    "runtimeClassName enableServiceLinks preemptionPolicy overhead topologySpreadConstraints"
).split()
VM_ORDER = (
    "name image resources resourcesAllocated resizePolicy volumeMounts volumeDevices "
    "imagePullPolicy keyPairName publicKey userData trustedImageCertificate shutdownBehavior "
    "bootVolume powerSpec cloudInitUserDataScript"
).split()
WORKLOAD_INFO_KEYS = (
    "name image resources resourcesAllocated resizePolicy volumeMounts imagePullPolicy".split()
)
DEFAULT_TOLERATIONS = [
    {
        "key": f"node.kubernetes.io/{key}",
        "operator": "Exists",
        "effect": "NoExecute",
        "tolerationSeconds": 300,
    }
    for key in ("not-ready", "unreachable")
]
GENERATE_CHARS = "bcdfghjklmnpqrstvwxz2456789"


def ordered(d: dict, order) -> dict:
    """Reorder known keys as the Go struct does; unknown keys keep their order at the end."""
    out = {k: d[k] for k in order if k in d}
    for k, v in d.items():
        if k not in out:
            out[k] = v
    return out


def rfc3339(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def generate_name(prefix: str) -> str:
    return prefix[:58] + "".join(random.choice(GENERATE_CHARS) for _ in range(5))


def self_link(resource: str, tenant: str | None, namespace: str | None, name: str) -> str:
    """``/api/v1/[tenants/T/][namespaces/N/]res/name`` (``/apis/<group>/v1/…`` outside the
    core group); no ``tenants/system`` segment."""
    if RESOURCES[resource].scope == "cluster":
        return f"{RESOURCES[resource].root}/{resource}/{name}"
    parts = [RESOURCES[resource].root]
    if tenant and tenant != "system":
        parts.append(f"tenants/{tenant}")
    if resource == "namespaces":
        return "/".join(parts + [f"namespaces/{name}"])
    parts.append(f"namespaces/{namespace}/{resource}/{name}")
    return "/".join(parts)


def stamp_metadata(meta: dict, resource, tenant, namespace, rv: int, now: float) -> dict:
    """Fill the server-owned fields of a new object's metadata and return it in Go order."""
    uid = uuid.uuid4()
    meta["uid"] = str(uid)
    meta["hashKey"] = int.from_bytes(uid.bytes[:8], "big") >> 1
    meta["resourceVersion"] = str(rv)
    meta["creationTimestamp"] = rfc3339(now)
    meta["selfLink"] = self_link(resource, tenant, namespace, meta["name"])
    for key in ("deletionTimestamp", "deletionGracePeriodSeconds", "generation"):
        meta.pop(key, None)
    if tenant is not None:
        meta["tenant"] = tenant
    if namespace is not None:
        meta["namespace"] = namespace
    return ordered(meta, META_ORDER)


def qos_class(resources_list) -> str:
    """QoS from the workloads' ``resources`` (requests are not defaulted from limits for VMs)."""
    requests, limits, guaranteed = {}, {}, True
    for res in resources_list:
        req, lim = res.get("requests") or {}, res.get("limits") or {}
        for name in ("cpu", "memory"):
            if name in req:
                requests[name] = True
            if name in lim:
                limits[name] = True
            if name not in lim or name not in req:
                guaranteed = False
            elif quantity.parse(req[name]).value != quantity.parse(lim[name]).value:
                guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


def default_pod(pod: dict) -> dict:
    """Apply SetDefaults_Pod + admission defaults (tolerations, priority) as real Arktos does."""
    spec = pod.setdefault("spec", {})
    vm = spec.get("virtualMachine")
    if isinstance(vm, dict):
        vm.setdefault("resources", {})
        vm.setdefault("imagePullPolicy", "IfNotPresent")
        vm.setdefault("shutdownBehavior", "stop")
        vm.setdefault("powerSpec", "Running")
        spec["virtualMachine"] = ordered(vm, VM_ORDER)
        if "workloadInfo" not in spec:
            spec["workloadInfo"] = [
                {k: copy.deepcopy(vm[k]) for k in WORKLOAD_INFO_KEYS if k in vm}
            ]
    for ctr in spec.get("containers") or []:
        if isinstance(ctr, dict):
            image = ctr.get("image") or ""
            latest = ":" not in image.rsplit("/", 1)[-1] or image.endswith(":latest")
            ctr.setdefault("resources", {})
            ctr.setdefault("terminationMessagePath", "/dev/termination-log")
            ctr.setdefault("terminationMessagePolicy", "File")
            ctr.setdefault("imagePullPolicy", "Always" if latest else "IfNotPresent")
    spec.setdefault("restartPolicy", "Always")
    spec.setdefault("terminationGracePeriodSeconds", 30)
    spec.setdefault("dnsPolicy", "ClusterFirst")
    spec.setdefault("securityContext", {})
    spec.setdefault("schedulerName", "default-scheduler")
    tolerations = spec.setdefault("tolerations", [])
    for tol in DEFAULT_TOLERATIONS:
        if not any(t.get("key") == tol["key"] for t in tolerations if isinstance(t, dict)):
            tolerations.append(dict(tol))
    spec.setdefault("priority", 0)
    spec.setdefault("enableServiceLinks", True)
    pod["spec"] = ordered(spec, POD_SPEC_ORDER)
    return pod


def pod_workloads(pod: dict):
    spec = pod.get("spec") or {}
    vm = spec.get("virtualMachine")
    return [vm] if isinstance(vm, dict) else list(spec.get("containers") or [])


def initial_pod_status(pod: dict) -> dict:
    resources = [w.get("resources") or {} for w in pod_workloads(pod)]
    return {"phase": "Pending", "qosClass": qos_class(resources)}


def normalize_secret(secret: dict) -> dict:
    """Move ``stringData`` into base64 ``data`` and default ``type: Opaque``."""
    data = secret.get("data") or {}
    for key, value in (secret.pop("stringData", None) or {}).items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    if data:
        secret["data"] = data
    else:  # an empty map is omitted from JSON (omitempty), as in real Arktos
        secret.pop("data", None)
    secret.setdefault("type", "Opaque")
    return secret


def normalize_configmap(configmap: dict) -> dict:
    """Drop empty ``data``/``binaryData`` maps (omitempty in the Go types)."""
    for field in ("data", "binaryData"):
        if configmap.get(field) == {}:
            del configmap[field]
    return configmap
