"""Create/update validation of the emulated resources, with the apiserver's exact field errors."""

from __future__ import annotations

import base64
import binascii
import json
import re

from translator.emulator import quantity
from translator.emulator.errors import (
    bad_request,
    forbidden_field,
    invalid,
    invalid_object,
    not_supported,
    required,
    too_long,
)

DNS1123_LABEL_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUBDOMAIN_RE = re.compile(
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
)
CONFIG_KEY_RE = re.compile(r"^[-._a-zA-Z0-9]+$")
DNS1123_LABEL_MSG = (
    "a DNS-1123 label must consist of lower case alphanumeric characters or '-', and must start "
    "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_SUBDOMAIN_MSG = (
    "a DNS-1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
    "must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
CONFIG_KEY_MSG = (
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
)
USER_DATA_MAX = 65535
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
RESTART_POLICIES = ("Always", "OnFailure", "Never")
STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
OVERCOMMITTABLE = ("cpu", "memory", "ephemeral-storage")
MUTABLE_POD_SPEC = ("virtualMachine", "nics", "workloadInfo", "activeDeadlineSeconds")
POD_UPDATE_MSG = (
    "pod updates may not change fields other than `spec.containers[*].image`, "
    "`spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.nics` or "
    "`spec.tolerations` (only additions to existing tolerations) or "
    "`spec.containers[*].resources` or `spec.containers[*].resourcesAllocated` "
    "(for cpu, memory only)"
)


def dns_label_errors(value, max_len=63):
    msgs = []
    if len(value) > max_len:
        msgs.append(f"must be no more than {max_len} characters")
    if not DNS1123_LABEL_RE.match(value):
        msgs.append(DNS1123_LABEL_MSG)
    return msgs


def dns_subdomain_errors(value):
    msgs = []
    if len(value) > 253:
        msgs.append("must be no more than 253 characters")
    if not DNS1123_SUBDOMAIN_RE.match(value):
        msgs.append(DNS1123_SUBDOMAIN_MSG)
    return msgs


def name_errors(meta, name_check):
    name = meta.get("name") or ""
    if not name:
        return [required("metadata.name", "name or generateName is required")]
    return [invalid("metadata.name", name, msg) for msg in name_check(name)]


def decode_error(kind, detail):
    return bad_request(f'{kind} in version "v1" cannot be handled as a {kind}: {detail}')


def check_shape(kind, obj):
    """Type checks the apiserver's JSON decoder does (400 BadRequest on failure)."""
    if not isinstance(obj, dict):
        raise bad_request(
            f"the object provided is unrecognized (must be of type {kind}): "
            "couldn't get version/kind; json parse error"
        )
    meta = obj.get("metadata")
    if meta is None:
        obj["metadata"] = meta = {}
    if not isinstance(meta, dict):
        raise decode_error(kind, f"v1.{kind}.ObjectMeta: readObjectStart: expect {{")
    for field in ("labels", "annotations"):
        value = meta.get(field)
        if value is None:
            meta.pop(field, None)
        elif not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise decode_error(kind, f'v1.ObjectMeta.{field.capitalize()}: ReadString: expects "')
    name = meta.get("name")
    if name is not None and not isinstance(name, str):
        raise decode_error(kind, 'v1.ObjectMeta.Name: ReadString: expects "')


def _normalize_resources(kind, res):
    if res is None:
        return {}
    if not isinstance(res, dict):
        raise decode_error(kind, "v1.ResourceRequirements: readObjectStart: expect {")
    out = {}
    for part in ("limits", "requests"):
        if res.get(part) is None:
            continue
        if not isinstance(res[part], dict):
            raise decode_error(kind, "v1.ResourceRequirements: readObjectStart: expect {")
        try:
            out[part] = quantity.normalize_list(res[part])
        except ValueError as exc:
            raise decode_error(kind, f"unmarshalerDecoder: {exc}") from None
    for key, value in res.items():
        out.setdefault(key, value)
    return out


def decode_pod(pod):
    """Decode-time normalization of a pod body: canonical quantities, userData base64 check."""
    check_shape("Pod", pod)
    spec = pod.get("spec")
    if spec is None:
        pod["spec"] = spec = {}
    if not isinstance(spec, dict):
        raise decode_error("Pod", "v1.Pod.Spec: readObjectStart: expect {")
    vm = spec.get("virtualMachine")
    if vm is not None and not isinstance(vm, dict):
        raise decode_error("Pod", "v1.PodSpec.VirtualMachine: readObjectStart: expect {")
    workloads = ([vm] if vm else []) + [
        c for c in (spec.get("containers") or []) if isinstance(c, dict)
    ]
    for workload in workloads:
        if "resources" in workload:
            workload["resources"] = _normalize_resources("Pod", workload["resources"])
    for info in spec.get("workloadInfo") or []:
        if isinstance(info, dict) and "resources" in info:
            info["resources"] = _normalize_resources("Pod", info["resources"])
    if vm and vm.get("userData") is not None:
        try:
            base64.b64decode(vm["userData"], validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise decode_error(
                "Pod", "v1.VirtualMachine.UserData: decode base64: illegal base64 data"
            ) from None


def _resource_errors(path, res):
    errs = []
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    for part, values in (("limits", limits), ("requests", requests)):
        for name, value in values.items():
            field = f"{path}.{part}[{name}]"
            if "/" not in name and name not in STANDARD_CONTAINER_RESOURCES:
                if not name.startswith("hugepages-"):
                    errs.append(
                        invalid(field, name, "must be a standard resource type or fully qualified")
                    )
                    errs.append(invalid(field, name, "must be a standard resource for containers"))
                    continue
            if quantity.parse(value).value < 0:
                errs.append(invalid(field, value, "must be greater than or equal to 0"))
                continue
            if part == "requests" and name in limits:
                req_q, lim_q = quantity.parse(value).value, quantity.parse(limits[name]).value
                if name in OVERCOMMITTABLE and req_q > lim_q:
                    errs.append(
                        invalid(
                            f"{path}.requests",
                            value,
                            f"must be less than or equal to {name} limit",
                        )
                    )
                elif name not in OVERCOMMITTABLE and req_q != lim_q:
                    errs.append(
                        invalid(f"{path}.requests", value, f"must be equal to {name} limit")
                    )
    return errs


def _vm_errors(vm):
    path = "spec.virtualMachine"
    errs = []
    name = vm.get("name") or ""
    if not name:
        errs.append(required(f"{path}.name", "virtual machine name cannot be empty"))
    else:
        errs += [invalid(f"{path}.name", name, m) for m in dns_label_errors(name)]
    errs += _resource_errors(f"{path}.resources", vm.get("resources") or {})
    policy = vm.get("imagePullPolicy")
    if policy not in PULL_POLICIES:
        errs.append(not_supported(f"{path}.imagePullPolicy", policy, PULL_POLICIES))
    if not vm.get("keyPairName") and not vm.get("publicKey"):
        errs.append(
            required(f"{path}.keyPairName", "KeyPairName and PublicKey can't be both empty")
        )
    user_data = vm.get("userData")
    if user_data and len(base64.b64decode(user_data)) > USER_DATA_MAX:
        errs.append(too_long(f"{path}.userData", USER_DATA_MAX))
    return errs


def _container_errors(containers):
    errs = []
    for i, ctr in enumerate(containers):
        path = f"spec.containers[{i}]"
        if not isinstance(ctr, dict):
            continue
        name = ctr.get("name") or ""
        if not name:
            errs.append(required(f"{path}.name"))
        else:
            errs += [invalid(f"{path}.name", name, m) for m in dns_label_errors(name)]
        if not ctr.get("image"):
            errs.append(required(f"{path}.image"))
        errs += _resource_errors(f"{path}.resources", ctr.get("resources") or {})
    return errs


def pod_spec_errors(spec):
    vm = spec.get("virtualMachine")
    containers = spec.get("containers")
    if vm is not None and containers is not None:
        return [
            forbidden_field(
                "containers,virtualMachine", "containers and virtualMachine workloads in same pod"
            )
        ]
    if vm is None and not containers:
        return [required("spec.containers")]
    errs = []
    infos = spec.get("workloadInfo") or []
    for i, info in enumerate(infos):
        name = (info or {}).get("name") or ""
        path = f"spec.workloadInfo[{i}].name"
        if not name:
            errs.append(required(path, "commonInfo name cannot be empty"))
        else:
            errs += [invalid(path, name, m) for m in dns_label_errors(name)]
    errs += _vm_errors(vm) if vm is not None else _container_errors(containers)
    policy = spec.get("restartPolicy")
    if policy not in RESTART_POLICIES:
        errs.append(not_supported("spec.restartPolicy", policy, RESTART_POLICIES))
    return errs


def validate_pod(pod):
    meta = pod["metadata"]
    errs = name_errors(meta, dns_subdomain_errors) + pod_spec_errors(pod["spec"])
    if errs:
        raise invalid_object("Pod", meta.get("name", ""), errs)


def validate_pod_update(old, new):
    """Only VM, NICs, workloadInfo, activeDeadlineSeconds, images, added tolerations change."""
    errs = pod_spec_errors(new["spec"])
    if not errs:
        old_spec, new_spec = old["spec"], new["spec"]
        frozen_old = {k: v for k, v in old_spec.items() if k not in MUTABLE_POD_SPEC}
        frozen_new = {k: v for k, v in new_spec.items() if k not in MUTABLE_POD_SPEC}
        for spec in (frozen_old, frozen_new):
            spec["containers"] = [
                {k: v for k, v in c.items() if k not in ("image", "resources")}
                for c in spec.get("containers") or []
            ]
            spec.pop("tolerations", None)
        old_tols = old_spec.get("tolerations") or []
        new_tols = new_spec.get("tolerations") or []
        if frozen_old != frozen_new or any(t not in new_tols for t in old_tols):
            errs.append(forbidden_field("spec", POD_UPDATE_MSG))
    if errs:
        raise invalid_object("Pod", new["metadata"].get("name", ""), errs)


def decode_tenant(tenant):
    """The JSON decoder's type checks of a Tenant (400 BadRequest, as real Arktos)."""
    spec = tenant.get("spec")
    if spec is None:
        return
    if not isinstance(spec, dict):
        raise decode_error("Tenant", "v1.Tenant.Spec: readObjectStart: expect {")
    cluster = spec.get("storageClusterId")
    if cluster is not None and not isinstance(cluster, str):
        found = json.dumps(cluster)[:1]
        raise decode_error(
            "Tenant",
            'v1.Tenant.Spec: v1.TenantSpec.StorageClusterId: ReadString: expects " or n, '
            f"but found {found}",
        )


def validate_tenant(tenant):
    decode_tenant(tenant)
    meta = tenant["metadata"]
    name = meta.get("name") or ""
    errs = name_errors(meta, dns_label_errors)
    if name == "all":
        errs.append(invalid("metadata.name", name, "is not an acceptable tenant name"))
    spec = tenant.get("spec") if isinstance(tenant.get("spec"), dict) else {}
    cluster = spec.get("storageClusterId")
    if not cluster:
        errs.append(required("spec.storageClusterId", "must specify storage cluster id"))
    elif not (isinstance(cluster, str) and cluster.isdigit() and 0 <= int(cluster) <= 63):
        errs.append(invalid("spec.storageClusterId", cluster, "must be integer 0-63"))
    if errs:
        raise invalid_object("Tenant", name, errs)


def validate_namespace(ns):
    errs = name_errors(ns["metadata"], dns_label_errors)
    if errs:
        raise invalid_object("Namespace", ns["metadata"].get("name", ""), errs)


def validate_data_object(kind, obj):
    """ConfigMap / Secret: subdomain name, string data, config keys, base64 secret values."""
    data = obj.get("data")
    if data is not None and not isinstance(data, dict):
        raise decode_error(kind, f"v1.{kind}.Data: readObjectStart: expect {{")
    for value in (data or {}).values():
        if not isinstance(value, str):
            raise decode_error(kind, f'v1.{kind}.Data: ReadString: expects " or n')
        if kind == "Secret":
            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise decode_error(
                    kind, "v1.Secret.Data: decode base64: illegal base64 data at input byte 0"
                ) from None
    errs = name_errors(obj["metadata"], dns_subdomain_errors)
    for key in data or {}:
        if len(key) > 253 or not CONFIG_KEY_RE.match(key):
            errs.append(invalid(f"data[{key}]", key, CONFIG_KEY_MSG))
    if errs:
        raise invalid_object(kind, obj["metadata"].get("name", ""), errs)
