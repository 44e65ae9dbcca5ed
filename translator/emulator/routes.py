"""The emulator's URL space: discovery documents and API paths parsed into routes.

``/api/v1`` is the core group (with the cluster-scoped ``tenants`` and ``nodes``); other
groups (``coordination.k8s.io``) are served under ``/apis/<group>/v1``.  Paths without
``tenants/<t>`` use the caller's tenant; ``all`` is every tenant in list and watch URLs.
"""

from __future__ import annotations

from translator.emulator.errors import no_route
from translator.emulator.resources import GROUPS, RESOURCES
from translator.emulator.store import dumps

VERSION = {
    "major": "1",
    "minor": "0",
    "gitVersion": "v1.0.2+arktos-emulator",
    "gitCommit": "",
    "gitTreeState": "clean",
    "buildDate": "",
    "goVersion": "",
    "compiler": "gc",
    "platform": "linux/amd64",
}
ROOT_PATHS = ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"]
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update"]
SUBRESOURCES = {
    "pods": ("status", "action"),
    "actions": ("status",),
    "resourcequotas": ("status",),
    "nodes": ("status",),
}


def _discovery(group=""):
    resources = []
    for res in (RESOURCES[name] for name in GROUPS[group]):
        verbs = [v for v in VERBS if not (res.scope != "namespaced" and v == "deletecollection")]
        if res.plural == "nodes":  # the nodes are the emulator's own (see nodes.py)
            verbs = [v for v in verbs if v not in ("create", "delete")]
        resources.append(
            {
                "name": res.plural,
                "singularName": "",
                "namespaced": res.scope == "namespaced",
                "kind": res.kind,
                "verbs": verbs,
                "tenanted": res.scope != "cluster",
            }
        )
        for sub in SUBRESOURCES.get(res.plural, ()):
            resources.append(
                {
                    "name": f"{res.plural}/{sub}",
                    "singularName": "",
                    "namespaced": res.scope == "namespaced",
                    "kind": res.kind,
                    "verbs": ["create"] if sub == "action" else ["get", "patch", "update"],
                    "tenanted": res.scope != "cluster",
                }
            )
    version = f"{group}/v1" if group else "v1"
    return {"kind": "APIResourceList", "groupVersion": version, "resources": resources}


def _group(name):
    version = {"groupVersion": f"{name}/v1", "version": "v1"}
    return {"name": name, "versions": [version], "preferredVersion": version}


DISCOVERY = {group: dumps(_discovery(group)) for group in GROUPS}


def group_document(name):
    """``/apis/<group>``."""
    return dict(_group(name), kind="APIGroup", apiVersion="v1")


GROUP_LIST = dumps(
    {"kind": "APIGroupList", "apiVersion": "v1", "groups": [_group(g) for g in GROUPS if g]}
)


class Route:
    """A parsed API path: resource, bucket key (or list scope), name and subresource."""

    __slots__ = ("resource", "key", "name", "sub", "cross")

    def __init__(self, resource, key, name=None, sub=None, cross=False):
        self.resource, self.key, self.name, self.sub, self.cross = resource, key, name, sub, cross

    @property
    def tenant(self):
        return self.key[0] if self.key else None

    @property
    def namespace(self):
        return self.key[1] if len(self.key) > 1 else None


def parse_path(parts, caller_tenant, group=""):
    """``parts`` are the segments after ``/api/v1`` (``/apis/<group>/v1``); short paths use
    the caller's tenant."""
    if not parts:
        raise no_route()
    if group:
        if parts[0] != "tenants" or len(parts) < 3:
            return _tenant_path(parts, caller_tenant, group)
        return _tenant_path(parts[2:], parts[1], group)
    if parts[0] == "tenants":
        if len(parts) == 1:
            return Route("tenants", ())
        if len(parts) == 2:
            return Route("tenants", (), parts[1])
        if len(parts) == 3 and parts[2] in ("status", "finalize"):
            return Route("tenants", (), parts[1], parts[2])
        return _tenant_path(parts[2:], parts[1])
    if parts[0] == "nodes" and len(parts) <= 3:
        sub = parts[2] if len(parts) == 3 else None
        if sub is not None and sub not in SUBRESOURCES["nodes"]:
            raise no_route()
        return Route("nodes", (), parts[1] if len(parts) > 1 else None, sub)
    return _tenant_path(parts, caller_tenant)


def _tenant_path(parts, tenant, group=""):
    everywhere = tenant == "all"
    namespaced = [r for r in GROUPS[group] if RESOURCES[r].scope == "namespaced"]
    if parts[0] == "namespaces" and group and len(parts) < 3:
        raise no_route()
    if parts[0] == "namespaces":
        if len(parts) == 1:
            return Route("namespaces", () if everywhere else (tenant,), cross=everywhere)
        ns = parts[1]
        if len(parts) == 2:
            return Route("namespaces", (tenant,), ns)
        if len(parts) == 3 and parts[2] in ("status", "finalize"):
            return Route("namespaces", (tenant,), ns, parts[2])
        resource = parts[2]
        if resource not in namespaced or len(parts) > 5:
            raise no_route()
        if len(parts) == 3:
            return Route(resource, (tenant, ns))
        sub = parts[4] if len(parts) == 5 else None
        if sub is not None and sub not in SUBRESOURCES.get(resource, ()):
            raise no_route()
        return Route(resource, (tenant, ns), parts[3], sub)
    if len(parts) == 1 and parts[0] in namespaced:
        return Route(parts[0], () if everywhere else (tenant,), cross=True)
    raise no_route()
