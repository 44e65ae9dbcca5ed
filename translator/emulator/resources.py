"""The emulated resource types: kind, scope, and the field labels their field selectors support."""

from __future__ import annotations

from dataclasses import dataclass, field

OWNER_HASHKEY_PREFIX = "metadata.ownerReferences.hashkey."


def _meta_fields(obj, namespaced=True):
    meta = obj["metadata"]
    values = {"metadata.name": meta["name"], "metadata.hashkey": str(meta.get("hashKey", ""))}
    if namespaced:
        values["metadata.namespace"] = meta.get("namespace", "")
    return values


def pod_fields(obj):
    spec, status = obj["spec"], obj["status"]
    values = _meta_fields(obj)
    values.update(
        {
            "spec.nodeName": spec.get("nodeName", ""),
            "spec.host": spec.get("nodeName", ""),
            "spec.restartPolicy": spec.get("restartPolicy", ""),
            "spec.schedulerName": spec.get("schedulerName", ""),
            "spec.serviceAccountName": spec.get("serviceAccountName", ""),
            "status.phase": status.get("phase", ""),
            "status.podIP": status.get("podIP", ""),
            "status.nominatedNodeName": status.get("nominatedNodeName", ""),
        }
    )
    for ref in obj["metadata"].get("ownerReferences") or []:
        values[OWNER_HASHKEY_PREFIX + ref.get("kind", "")] = str(ref.get("hashKey", ""))
    return values


def action_fields(obj):
    values = _meta_fields(obj)
    values["spec.nodeName"] = obj["spec"].get("nodeName", "")
    values["status.complete"] = "true" if obj["status"].get("complete") else "false"
    return values


def phase_fields(obj):
    values = _meta_fields(obj, namespaced=False)
    values["status.phase"] = obj["status"].get("phase", "")
    return values


def node_fields(obj):
    values = _meta_fields(obj, namespaced=False)
    values["spec.unschedulable"] = "true" if obj["spec"].get("unschedulable") else "false"
    return values


def secret_fields(obj):
    values = _meta_fields(obj)
    values["type"] = obj.get("type", "")
    return values


class FieldLabels(frozenset):
    """Supported field labels; pods also accept ``metadata.ownerReferences.hashkey.<Kind>``."""

    owner_refs = False

    def __contains__(self, label):
        if self.owner_refs and label.startswith(OWNER_HASHKEY_PREFIX):
            return True
        return frozenset.__contains__(self, label)


def _labels(*names, owner_refs=False):
    labels = FieldLabels(names)
    labels.owner_refs = owner_refs
    return labels


META = ("metadata.name", "metadata.namespace", "metadata.hashkey")


@dataclass(frozen=True)
class Resource:
    plural: str
    kind: str
    scope: str  # "namespaced" (tenant + namespace), "tenant" or "cluster"
    fields: object = _meta_fields
    field_labels: frozenset = field(default_factory=lambda: _labels(*META))
    returns_object: bool = False  # DELETE answers the object instead of a Status
    group: str = ""  # API group: "" is the core group under /api/v1

    @property
    def api_version(self):
        """``v1`` or ``<group>/v1``, as objects and lists of this resource carry it."""
        return f"{self.group}/v1" if self.group else "v1"

    @property
    def root(self):
        """The path its URLs start with."""
        return f"/apis/{self.group}/v1" if self.group else "/api/v1"

    @property
    def depth(self):
        """Length of the bucket key: (tenant, namespace), (tenant,) or ()."""
        return {"namespaced": 2, "tenant": 1, "cluster": 0}[self.scope]


RESOURCES = {
    r.plural: r
    for r in (
        Resource(
            "pods",
            "Pod",
            "namespaced",
            pod_fields,
            _labels(
                *META,
                "metadata.tenant",
                "metadata.uid",
                "spec.nodeName",
                "spec.host",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "status.phase",
                "status.podIP",
                "status.nominatedNodeName",
                owner_refs=True,
            ),
            returns_object=True,
        ),
        Resource("configmaps", "ConfigMap", "namespaced"),
        Resource("resourcequotas", "ResourceQuota", "namespaced", returns_object=True),
        Resource("secrets", "Secret", "namespaced", secret_fields, _labels(*META, "type")),
        Resource(
            "actions",
            "Action",
            "namespaced",
            action_fields,
            _labels(*META, "spec.nodeName", "status.complete"),
        ),
        Resource("leases", "Lease", "namespaced", group="coordination.k8s.io"),
        Resource(
            "namespaces",
            "Namespace",
            "tenant",
            phase_fields,
            _labels("metadata.name", "metadata.hashkey", "status.phase"),
            returns_object=True,
        ),
        Resource(
            "nodes",
            "Node",
            "cluster",
            node_fields,
            _labels("metadata.name", "metadata.hashkey", "spec.unschedulable"),
        ),
        Resource(
            "tenants",
            "Tenant",
            "cluster",
            phase_fields,
            _labels("metadata.name", "metadata.hashkey", "status.phase"),
            returns_object=True,
        ),
    )
}
NAMESPACED = tuple(r for r in RESOURCES if RESOURCES[r].scope == "namespaced")
GROUPS = {
    group: tuple(r for r in RESOURCES if RESOURCES[r].group == group)
    for group in sorted({r.group for r in RESOURCES.values()})
}
