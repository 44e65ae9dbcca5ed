"""In-memory object store of the emulator: indexes, resource versions, lists, the lifecycle heap.

Objects are kept as JSON-ready dicts (without ``kind``/``apiVersion``, as list items are written)
together with their serialized bytes, refreshed on every change, so a list is a join of cached
bytes.  Each resource has one bucket per (tenant, namespace) (per tenant for namespaces, one for
tenants) holding a dict and a sorted name list: lists come out in etcd key order and a ``continue``
token resumes with a bisect.  Every public method expects the caller to hold ``store.lock``; call
``advance(now)`` first so that due lifecycle steps are applied before the request is answered.

Every change is also recorded as a watch event (see watch.py) in a window of the last
``WATCH_WINDOW`` events; ``changed`` (a condition on the lock) is notified after each.
"""

from __future__ import annotations

import base64
import bisect
import collections
import copy
import heapq
import itertools
import json
import threading

from translator.emulator import (
    lifecycle,
    nodes,
    object_validation,
    objects,
    quotas,
    scheduler,
    validation,
    vertical_scaling,
)
from translator.emulator.errors import (
    already_exists,
    bad_request,
    conflict,
    forbidden,
    not_found,
    precondition_failed,
)
from translator.emulator.lifecycle import NodeContext, Timings
from translator.emulator.nodes import NodeShape
from translator.emulator.resources import NAMESPACED, RESOURCES
from translator.emulator.selectors import match_fields

SYSTEM = "system"
SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
TENANT_NAMESPACES = ("default", "kube-system", "kube-public")
PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public")
ACTION_OPS = ("reboot", "snapshot", "restore")
SERVER_META = (
    "uid hashKey creationTimestamp selfLink tenant namespace generateName "
    "deletionTimestamp deletionGracePeriodSeconds"
).split()
STATE_FORMAT = "arktos-emulator-state/1"
WATCH_WINDOW = 5000


def dumps(obj) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def encode_continue(rv: int, key: str) -> str:
    token = [{"c": 0, "v": "meta.k8s.io/v1", "rv": rv, "start": key + "\0"}]
    return base64.urlsafe_b64encode(dumps(token)).rstrip(b"=").decode()


def decode_continue(token: str) -> str:
    """The start key of an Arktos continue token (base64url of a JSON array)."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        start = data[0]["start"]
        if not isinstance(start, str):
            raise TypeError
        return start
    except (ValueError, TypeError, KeyError, IndexError):
        raise bad_request(
            "invalid continue token: continue key is not valid: invalid character looking for "
            "beginning of value"
        ) from None


class Entry:
    __slots__ = (
        "obj", "raw", "gen", "alive", "step", "restarts", "key", "bucket", "labels", "size"
    )

    def __init__(self, obj, key, bucket):
        self.obj, self.key, self.bucket = obj, key, bucket
        self.raw = dumps(obj)
        self.gen = 0
        self.alive = True
        self.step = None
        self.restarts = 0
        self.labels = ()
        self.size = None  # the resources the pod's VM was started with


class Event:
    """One change: ``old``/``new`` are the serialized object before and after it (``old`` is
    None for ADDED); ``scope`` is the bucket key of the object."""

    __slots__ = ("rv", "type", "resource", "scope", "old", "new")

    def __init__(self, rv, type_, resource, scope, old, new):
        self.rv, self.type, self.resource, self.scope = rv, type_, resource, scope
        self.old, self.new = old, new


class Bucket:
    """One (tenant, namespace) of a resource: items by name, sorted names, a label index."""

    __slots__ = ("items", "names", "index")

    def __init__(self):
        self.items = {}
        self.names = []
        self.index = {}  # (label key, value) -> set of names

    def reindex(self, entry, removing=False):
        labels = () if removing else tuple((entry.obj["metadata"].get("labels") or {}).items())
        if labels == entry.labels:
            return
        name = entry.key[-1]
        for pair in entry.labels:
            names = self.index[pair]
            names.discard(name)
            if not names:
                del self.index[pair]
        for pair in labels:
            self.index.setdefault(pair, set()).add(name)
        entry.labels = labels


class Store:
    def __init__(
        self,
        timings: Timings | None = None,
        shape: NodeShape | None = None,
        host_ip="192.0.2.2",
        pod_ip_base="10.88.0.0",
        gates: frozenset = frozenset(),
    ):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.watchers = 0  # open watch streams, waiting on ``changed``
        self.timings = timings or Timings()
        self.shape, self.host_ip = shape or NodeShape(), host_ip
        self.vertical_scaling = vertical_scaling.GATE in gates
        self.now = 0.0  # the time of the latest ``advance``
        base = [int(p) for p in pod_ip_base.split(".")]
        self.pod_ip_base = (base[0] << 24) | (base[1] << 16) | (base[2] << 8) | base[3]
        self.dirty = False
        self.reset(0.0)

    # --- bookkeeping -------------------------------------------------------------------------

    def reset(self, now: float):
        self.rv = 0
        self.ip_counter = 0
        self.buckets = {name: {} for name in RESOURCES}
        self.heap = []
        self.seq = itertools.count()
        self._new_placements()
        self._forget_events()
        self._add_tenant(SYSTEM, now, SYSTEM_NAMESPACES)
        self._add_nodes(now)
        self.dirty = True

    def _new_placements(self):
        self.placements = scheduler.Placements()
        self.scheduler = scheduler.Scheduler(self._nodes, self.placements)
        self.waiting = {}  # pod key -> Entry the scheduler could not place yet

    def _forget_events(self):
        """Start a new event window: watches from earlier resourceVersions are expired."""
        self.events = collections.deque()
        self.compacted = self.rv

    def _record(self, type_, entry, old):
        resource = entry.key[0]
        rv = int(entry.obj["metadata"]["resourceVersion"])
        self.events.append(Event(rv, type_, resource, entry.key[1:-1], old, entry.raw))
        if len(self.events) > WATCH_WINDOW:
            self.compacted = self.events.popleft().rv
        if self.watchers:
            self.changed.notify_all()

    def events_since(self, rv: int) -> list:
        """The events after resourceVersion ``rv``, oldest first."""
        newer = []
        for event in reversed(self.events):
            if event.rv <= rv:
                break
            newer.append(event)
        newer.reverse()
        return newer

    def _bump(self) -> str:
        self.rv += 1
        self.dirty = True
        return str(self.rv)

    def _touch(self, entry):
        old = entry.raw
        entry.obj["metadata"]["resourceVersion"] = self._bump()
        entry.raw = dumps(entry.obj)
        entry.bucket.reindex(entry)
        self._record("MODIFIED", entry, old)
        if entry.key[0] == "pods":
            self._placed(entry)

    def _bucket(self, resource, key, create=False):
        buckets = self.buckets[resource]
        bucket = buckets.get(key)
        if bucket is None and create:
            bucket = buckets[key] = Bucket()
        return bucket

    def _insert(self, resource, key, obj) -> Entry:
        bucket = self._bucket(resource, key, create=True)
        name = obj["metadata"]["name"]
        entry = Entry(obj, (resource,) + key + (name,), bucket)
        bucket.items[name] = entry
        bisect.insort(bucket.names, name)
        bucket.reindex(entry)
        self._record("ADDED", entry, None)
        if resource == "pods":
            self._placed(entry)
        return entry

    def _remove(self, entry, now):
        resource, key, name = entry.key[0], entry.key[1:-1], entry.key[-1]
        bucket = entry.bucket
        bucket.reindex(entry, removing=True)
        del bucket.items[name]
        del bucket.names[bisect.bisect_left(bucket.names, name)]
        if not bucket.items:
            del self.buckets[resource][key]
        entry.alive = False
        old = entry.raw
        entry.obj["metadata"]["resourceVersion"] = self._bump()
        entry.raw = dumps(entry.obj)
        self._record("DELETED", entry, old)
        if resource == "pods":
            self.waiting.pop(entry.key, None)
            self._placed(entry)
        if resource in NAMESPACED:
            # The quota controller's replenishment: the namespace's quotas are recounted.
            for quota in self._quotas(key):
                self._sync_quota(quota, now)

    def _push(self, due, step, entry):
        entry.gen += 1
        heapq.heappush(self.heap, (due, next(self.seq), step, entry, entry.gen))

    def advance(self, now: float):
        """Apply every lifecycle step due at or before ``now``, each at its own due time."""
        self.now = max(self.now, now)
        heap = self.heap
        while heap and heap[0][0] <= now:
            due, _, step, entry, gen = heapq.heappop(heap)
            if entry.alive and entry.gen == gen:
                self._run_step(due, step, entry)

    def next_due(self):
        return self.heap[0][0] if self.heap else None

    # --- lookups -----------------------------------------------------------------------------

    def find(self, resource, key, name):
        bucket = self._bucket(resource, key)
        return bucket.items.get(name) if bucket else None

    def get(self, resource, key, name) -> Entry:
        entry = self.find(resource, key, name)
        if entry is None:
            raise not_found(resource, name)
        return entry

    def tenant_exists(self, tenant):
        return self.find("tenants", (), tenant) is not None

    def _check_parent(self, resource, key, name):
        """TenantExists + NamespaceLifecycle admission for a create in ``key``."""
        tenant = key[0]
        tenant_entry = self.find("tenants", (), tenant)
        if tenant_entry is None:
            raise not_found("tenants", tenant)
        if len(key) == 1:
            # Real Arktos admits a new namespace in a Terminating tenant (the tenant
            # controller deletes it with the tenant), but no namespaced content.
            return
        if tenant_entry.obj["status"].get("phase") == "Terminating":
            raise forbidden(
                resource,
                name,
                f"unable to create new content in tenant {tenant} because it is being terminated",
            )
        ns = self.find("namespaces", (tenant,), key[1])
        if ns is None:
            raise not_found("namespaces", key[1])
        if ns.obj["status"].get("phase") == "Terminating":
            raise forbidden(
                resource,
                name,
                f"unable to create new content in namespace {tenant}/{key[1]} because it is "
                "being terminated",
            )

    def list(self, resource, scope, label_match=None, field_terms=None, limit=0, start=None):
        """Raw items under ``scope`` (a bucket-key prefix) in key order, and a continue token."""
        res = RESOURCES[resource]
        depth = len(scope)
        ranges = []
        for key, bucket in self.buckets[resource].items():
            if key[:depth] == scope:
                rel = "".join(part + "/" for part in key[depth:])
                ranges.append((rel, bucket))
        ranges.sort(key=lambda r: r[0])
        out, last = [], None
        for rel, bucket in ranges:
            index = 0
            if start is not None:
                if start.startswith(rel):
                    index = bisect.bisect_left(bucket.names, start[len(rel) :])
                elif rel < start:
                    continue
            names, items = bucket.names, bucket.items
            narrowed = label_match.candidates(bucket.index) if label_match is not None else None
            if narrowed is not None:
                names = sorted(narrowed)
                if start is not None and start.startswith(rel):
                    index = bisect.bisect_left(names, start[len(rel) :])
            for i in range(index, len(names)):
                entry = items[names[i]]
                obj = entry.obj
                if label_match is not None and not label_match(obj["metadata"].get("labels")):
                    continue
                if field_terms and not match_fields(field_terms, res.fields(obj)):
                    continue
                if limit and len(out) == limit:
                    return out, encode_continue(self.rv, last)
                out.append(entry.raw)
                last = rel + names[i]
        return out, None

    # --- create ------------------------------------------------------------------------------

    def create(self, resource, key, obj, now) -> Entry:
        """Validate, default and store a new object (``obj`` is owned by the store afterwards)."""
        meta = obj["metadata"]
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = objects.generate_name(meta["generateName"])
        name = meta.get("name") or ""
        if resource == "tenants":
            validation.validate_tenant(obj)
            if self.find("tenants", (), name):
                raise already_exists("tenants", name)
            return self._add_tenant(name, now, TENANT_NAMESPACES, obj)
        if resource == "resourcequotas":
            obj["status"] = {}  # the controller fills it in
        self._prepare(resource, obj)
        if resource != "actions" and name:
            self._check_parent(resource, key, name)
        if resource in NAMESPACED:
            self._admit(resource, key, obj, now)
        if self.find(resource, key, name):
            raise already_exists(resource, name)
        if resource == "pods":
            obj["status"] = objects.initial_pod_status(obj)
        elif resource == "namespaces":
            obj["spec"] = {"finalizers": ["kubernetes"]}
            obj["status"] = {"phase": "Active"}
        tenant, namespace = key[0], key[1] if len(key) > 1 else None
        obj["metadata"] = objects.stamp_metadata(
            meta, resource, tenant, namespace, self.rv + 1, now
        )
        self._bump()
        entry = self._insert(resource, key, obj)
        if resource == "pods":
            self._schedule_pod(entry, now)
        elif resource == "resourcequotas":
            self._push(now, "sync", entry)
        return entry

    def _prepare(self, resource, obj):
        if resource == "pods":
            validation.decode_pod(obj)
            objects.default_pod(obj)
            validation.validate_pod(obj)
            if self.vertical_scaling:
                vertical_scaling.admit_create(obj)
        elif resource == "namespaces":
            validation.validate_namespace(obj)
        elif resource == "configmaps":
            validation.validate_data_object("ConfigMap", objects.normalize_configmap(obj))
        elif resource == "secrets":
            validation.validate_data_object("Secret", objects.normalize_secret(obj))
        elif resource == "leases":
            object_validation.validate_lease(obj)
        elif resource == "resourcequotas":
            object_validation.decode_resource_quota(obj)
            object_validation.validate_resource_quota(obj)

    # --- ResourceQuota -----------------------------------------------------------------------

    def _quotas(self, key):
        bucket = self._bucket("resourcequotas", key)
        return [bucket.items[name] for name in bucket.names] if bucket else []

    def _admit(self, resource, key, obj, now):
        """ResourceQuota admission: refuse what a quota of the namespace has no room for,
        else charge it to them (before the object is stored)."""
        for entry, used in quotas.admit(self._quotas(key), resource, obj, now):
            entry.obj["status"]["used"] = used
            self._touch(entry)

    def _objects(self, key):
        def of(resource):
            bucket = self._bucket(resource, key)
            return [e.obj for e in bucket.items.values()] if bucket else []

        return of

    def _sync_quota(self, entry, now):
        """The quota controller: status.hard from spec.hard, status.used counted."""
        status = quotas.recount(
            entry.obj["spec"].get("hard") or {}, self._objects(entry.key[1:-1]), now
        )
        if status != entry.obj.get("status"):
            entry.obj["status"] = status
            self._touch(entry)

    def _add_tenant(self, name, now, namespaces, obj=None):
        obj = obj or {"metadata": {"name": name}, "spec": {"storageClusterId": "0"}}
        spec = obj.setdefault("spec", {})
        finalizers = [f for f in spec.get("finalizers") or [] if f != "arktos"]
        obj["spec"] = objects.ordered(
            dict(spec, finalizers=["arktos"] + finalizers), ["finalizers", "storageClusterId"]
        )
        obj["status"] = {"phase": "Active"}
        obj["metadata"] = objects.stamp_metadata(
            obj.get("metadata") or {"name": name}, "tenants", None, None, self.rv + 1, now
        )
        self._bump()
        entry = self._insert("tenants", (), obj)
        for ns in namespaces:
            self.create("namespaces", (name,), {"metadata": {"name": ns}}, now)
        return entry

    # --- update ------------------------------------------------------------------------------

    def update(self, resource, key, name, new, now, subresource=None) -> Entry:
        """PUT semantics (also PATCH's last step): optimistic concurrency, immutable fields."""
        entry = self.get(resource, key, name)
        old = entry.obj
        meta = new.get("metadata")
        if not isinstance(meta, dict):
            new["metadata"] = meta = {}
        if meta.get("name", name) != name:
            raise bad_request(
                f"the name of the object ({meta.get('name')}) does not match the name on the URL "
                f"({name})"
            )
        for part, value in (("namespace", key[1:2]), ("tenant", key[:1])):
            if value and meta.get(part) not in (None, "", value[0]):
                raise bad_request(
                    f"the {part} of the object ({meta.get(part)}) does not match the {part} on "
                    f"the URL ({value[0]})"
                )
        sent_rv = meta.get("resourceVersion")
        if sent_rv and sent_rv != old["metadata"]["resourceVersion"]:
            raise conflict(resource, name)
        new.pop("kind", None)
        new.pop("apiVersion", None)
        result = self._merge_update(resource, old, new, subresource)
        result["metadata"] = objects.ordered(
            dict(
                {k: v for k, v in meta.items() if k not in SERVER_META},
                **{k: old["metadata"][k] for k in SERVER_META if k in old["metadata"]},
            ),
            objects.META_ORDER,
        )
        entry.obj = result
        self._touch(entry)
        if resource == "pods":
            self._schedule_pod(entry, now)
        elif resource == "resourcequotas" and subresource != "status":
            self._push(now, "sync", entry)
        elif resource == "nodes":
            self._push(now, "taint", entry)
            self._retry_waiting(now)
        return entry

    def _merge_update(self, resource, old, new, subresource):
        if resource == "pods":
            if subresource == "status":
                new["spec"] = old["spec"]
                new.setdefault("status", {})
            else:
                validation.decode_pod(new)
                objects.default_pod(new)
                new["metadata"]["name"] = old["metadata"]["name"]
                if self.vertical_scaling:
                    vertical_scaling.keep_allocation(old, new)
                validation.validate_pod_update(old, new)
                if self.vertical_scaling:
                    vertical_scaling.validate_update(old, new)
                new["status"] = old["status"]
        elif resource in ("actions", "nodes"):
            if subresource == "status":
                new["spec"] = old["spec"]
            else:
                new["status"] = old["status"]
            new.setdefault("spec", {})
        elif resource in ("namespaces", "tenants"):
            new["status"] = old["status"]
            new.setdefault("spec", old["spec"])
            if resource == "tenants":
                validation.validate_tenant(dict(new, metadata=old["metadata"]))
        elif resource == "secrets":
            objects.normalize_secret(new)
            validation.validate_data_object("Secret", dict(new, metadata=old["metadata"]))
        elif resource == "configmaps":
            objects.normalize_configmap(new)
            validation.validate_data_object("ConfigMap", dict(new, metadata=old["metadata"]))
        elif resource == "leases":
            object_validation.validate_lease(dict(new, metadata=old["metadata"]))
        elif resource == "resourcequotas":
            object_validation.decode_resource_quota(new)
            if subresource == "status":
                new["spec"] = old["spec"]
            else:
                new["status"] = old["status"]
            object_validation.validate_resource_quota(dict(new, metadata=old["metadata"]))
        return new

    def patched(self, resource, key, name, apply_patch):
        """A deep copy of the stored object (with kind/apiVersion) after ``apply_patch``."""
        entry = self.get(resource, key, name)
        res = RESOURCES[resource]
        base = {"kind": res.kind, "apiVersion": res.api_version}
        base.update(copy.deepcopy(entry.obj))
        return apply_patch(base)

    # --- delete ------------------------------------------------------------------------------

    def delete(self, resource, key, name, now, grace=None, preconditions=None):
        """Returns the object as DELETE answers it (pods/namespaces/tenants) or a Status dict;
        ``preconditions`` (``uid``, ``resourceVersion``) must match the stored object."""
        entry = self.get(resource, key, name)
        obj, meta = entry.obj, entry.obj["metadata"]
        for field, label, hint in (
            ("uid", "UID", "deleted and then recreated"),
            ("resourceVersion", "ResourceVersion", "modified"),
        ):
            wanted = (preconditions or {}).get(field)
            if wanted is not None and wanted != meta.get(field):
                raise precondition_failed(
                    RESOURCES[resource].kind,
                    name,
                    f"the {label} in the precondition ({wanted}) does not match the {label} "
                    f"in record ({meta.get(field)}). The object might have been {hint}",
                )
        if resource == "pods":
            return self._delete_pod(entry, now, grace)
        if resource in ("namespaces", "tenants"):
            if resource == "tenants" and name == SYSTEM:
                raise forbidden(resource, name, "this tenant may not be deleted")
            if resource == "namespaces" and name in PROTECTED_NAMESPACES:
                raise forbidden(resource, f"{key[0]}/{name}", "this namespace may not be deleted")
            if obj["status"].get("phase") != "Terminating":
                meta["deletionTimestamp"] = objects.rfc3339(now)
                obj["metadata"] = objects.ordered(meta, objects.META_ORDER)
                obj["status"]["phase"] = "Terminating"
                self._touch(entry)
                self._push(now + self.timings.namespace_delete, "finalize", entry)
            return obj
        self._remove(entry, now)
        if RESOURCES[resource].returns_object:
            return obj
        group = RESOURCES[resource].group
        details = {
            "name": name,
            **({"group": group} if group else {}),
            "kind": resource,
            "uid": meta["uid"],
        }
        return {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Success",
            "details": details,
        }

    def _delete_pod(self, entry, now, grace):
        obj, meta = entry.obj, entry.obj["metadata"]
        if grace is None:
            grace = obj["spec"].get("terminationGracePeriodSeconds", 30)
        if grace <= 0 or not obj["spec"].get("nodeName"):
            meta["deletionTimestamp"] = objects.rfc3339(now)
            meta["deletionGracePeriodSeconds"] = 0
            entry.obj["metadata"] = objects.ordered(meta, objects.META_ORDER)
            self._touch(entry)
            self._remove(entry, now)
            return entry.obj
        if "deletionTimestamp" not in meta:
            meta["deletionTimestamp"] = objects.rfc3339(now + grace)
            meta["deletionGracePeriodSeconds"] = grace
            entry.obj["metadata"] = objects.ordered(meta, objects.META_ORDER)
            self._touch(entry)
            self._push(now + min(self.timings.delete, grace), "finalize", entry)
        return entry.obj

    def _finalize(self, entry, now):
        resource = entry.key[0]
        if resource == "pods":
            meta = entry.obj["metadata"]
            meta["deletionTimestamp"] = objects.rfc3339(now)
            meta["deletionGracePeriodSeconds"] = 0
            self._touch(entry)
        elif resource == "tenants":
            tenant = entry.key[-1]
            for ns in list(self.buckets["namespaces"].get((tenant,), Bucket()).items.values()):
                self._finalize(ns, now)
        elif resource == "namespaces":
            key = (entry.key[1], entry.key[2])
            # Quotas go first: nothing is recounted while the namespace empties.
            for res in sorted(NAMESPACED, key=lambda r: r != "resourcequotas"):
                bucket = self.buckets[res].get(key)
                for child in list(bucket.items.values()) if bucket else ():
                    self._remove(child, now)
        self._remove(entry, now)

    # --- pods lifecycle and actions ----------------------------------------------------------

    def _pod_ip(self, _pod):
        self.ip_counter += 1
        n = self.pod_ip_base + 1 + self.ip_counter
        return f"{n >> 24 & 255}.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"

    def _schedule_pod(self, entry, now):
        if "deletionTimestamp" in entry.obj["metadata"]:
            return
        step = lifecycle.next_step(entry.obj)
        if step is None and self.vertical_scaling and \
                vertical_scaling.needs_resize(entry.obj, entry.size):
            step = "resize"
        if step == entry.step:
            return
        entry.step = step
        if step is None:
            entry.gen += 1
        else:
            delay = (
                self.timings.boot * vertical_scaling.RESIZE_SHARE
                if step == "resize"
                else lifecycle.delay(step, entry.obj, self.timings)
            )
            self._push(now + delay, step, entry)

    def _run_step(self, now, step, entry):
        if step == "finalize":
            self._finalize(entry, now)
        elif step == "complete":
            self._complete_action(entry, now)
        elif step == "expire":
            self._remove(entry, now)
        elif step == "sync":
            self._sync_quota(entry, now)
        elif step in ("heartbeat", "renew"):
            (nodes.heartbeat if step == "heartbeat" else nodes.renew)(entry.obj, now)
            self._touch(entry)
            period = nodes.STATUS_PERIOD if step == "heartbeat" else nodes.LEASE_PERIOD
            # after a long idle time, the next beat comes at the current time
            self._push(max(now + period, self.now), step, entry)
        elif step == "resize":
            vertical_scaling.resize(entry.obj)
            entry.size = vertical_scaling.running_size(entry.obj)
            self._touch(entry)
            entry.step = None
            self._schedule_pod(entry, now)
        elif step == "taint":
            if nodes.sync_taint(entry.obj, now):
                self._touch(entry)
        else:
            node = None
            if step == "bind":
                node, why = self.scheduler.choose(entry.obj)
                if node is None:
                    self._unschedulable(entry, why, now)
                    return
            elif step == "pending":
                entry.restarts += 1
            ctx = NodeContext(node, self.host_ip, self._pod_ip, entry.restarts)
            lifecycle.apply(step, entry.obj, now, ctx)
            if step == "run":
                entry.size = vertical_scaling.running_size(entry.obj)
            self._touch(entry)
            entry.step = None
            self._schedule_pod(entry, now)

    # --- nodes and scheduling ----------------------------------------------------------------

    def _nodes(self):
        bucket = self._bucket("nodes", ())
        return [bucket.items[name].obj for name in bucket.names] if bucket else []

    def _add_nodes(self, now):
        """The nodes of ``shape`` (those not there yet) and their Leases, as kubelets
        register them."""
        for index, name in enumerate(self.shape.names):
            if self.find("nodes", (), name):
                continue
            obj = nodes.node_body(name, self.shape, self.host_ip, 10250 + index, now)
            obj["metadata"] = objects.stamp_metadata(
                obj["metadata"], "nodes", None, None, self.rv + 1, now
            )
            self._bump()
            node = self._insert("nodes", (), obj)
            self._push(now + nodes.STATUS_PERIOD, "heartbeat", node)
            lease = self.create(
                "leases", (SYSTEM, nodes.LEASE_NAMESPACE), nodes.lease_body(obj, now), now
            )
            self._push(now + nodes.LEASE_PERIOD, "renew", lease)

    def _placed(self, entry):
        """Keep the scheduler's view of ``entry`` (a pod); a pod that leaves a node frees
        room for the pods that wait."""
        if self.placements.sync(entry.key, entry.obj if entry.alive else None):
            self._retry_waiting(self.now)

    def _unschedulable(self, entry, message, now):
        """PodScheduled=False/Unschedulable; the pod waits until something changes."""
        if lifecycle.unschedulable(entry.obj, message, now):
            self._touch(entry)
        entry.step = "wait"
        self.waiting[entry.key] = entry

    def _retry_waiting(self, now):
        waiting, self.waiting = self.waiting, {}
        for entry in waiting.values():
            if entry.alive:
                entry.step = None
                self._schedule_pod(entry, now)

    def create_action(self, key, pod_name, body, now):
        """POST pods/{name}/action: store an Action and answer the 201 Status real Arktos sends."""
        # Admission runs first and knows no object name ("Unknown") for this subresource.
        self._check_parent("pods", key, "Unknown")
        pod = self.get("pods", key, pod_name).obj
        if not isinstance(body, dict):
            raise bad_request("the object provided is unrecognized (must be of type CustomAction)")
        op = body.get("operation") or ""
        if op not in ACTION_OPS:
            raise bad_request(f"Unsupported operation '{op}' for Pod '{pod_name}'")
        name = f"{op}-{int(now)}"
        if self.find("actions", key, name):
            raise already_exists("pods", name)
        params = body.get(f"{op}Params") or {}
        field = {"reboot": "delayInSeconds", "snapshot": "snapshotName", "restore": "snapshotID"}[
            op
        ]
        spec = {}
        if pod["spec"].get("nodeName"):
            spec["nodeName"] = pod["spec"]["nodeName"]
        spec["podName"] = pod_name
        spec[f"{op}Action"] = {field: params[field]} if params.get(field) else {}
        action = {
            "metadata": objects.stamp_metadata(
                {"name": name}, "actions", key[0], key[1], self.rv + 1, now
            ),
            "spec": spec,
            "status": {},
        }
        self._bump()
        entry = self._insert("actions", key, action)
        if "nodeName" in spec:
            self._push(now + self.timings.action, "complete", entry)
        else:
            self._push(now + self.timings.action_ttl, "expire", entry)
        details = {}
        shown = name if op == "reboot" else params.get(field)
        if shown:
            details["name"] = shown
        details["uid"] = action["metadata"]["uid"]
        return {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {"resourceVersion": action["metadata"]["resourceVersion"]},
            "status": "Success",
            "message": f"Created action '{op}' for Pod '{pod_name}'",
            "details": details,
            "code": 201,
        }

    def _complete_action(self, entry, now):
        action = entry.obj
        op = action["metadata"]["name"].split("-", 1)[0]
        if op == "snapshot":
            sub = {"snapshotID": action["spec"]["snapshotAction"].get("snapshotName", "")}
        else:
            sub = {f"{op}Successful": True}
        action["status"] = {
            "complete": True,
            "podName": action["spec"]["podName"],
            f"{op}Status": sub,
        }
        self._touch(entry)
        self._push(now + self.timings.action_ttl, "expire", entry)

    # --- state file --------------------------------------------------------------------------

    def dump(self) -> bytes:
        """The whole state as JSON bytes, built from the cached serializations."""
        parts = []
        for resource, buckets in self.buckets.items():
            raws = b",".join(e.raw for b in buckets.values() for e in b.items.values())
            parts.append(b'"%s":[%s]' % (resource.encode(), raws))
        head = dumps({"format": STATE_FORMAT, "rv": self.rv, "ipCounter": self.ip_counter})
        return head[:-1] + b',"objects":{' + b",".join(parts) + b"}}"

    def load(self, data: bytes, now: float):
        """Replace the state with a ``dump()``; pending lifecycle steps restart from ``now``."""
        state = json.loads(data)
        if state.get("format") != STATE_FORMAT:
            raise ValueError(f"not an emulator state file (format {state.get('format')!r})")
        self.buckets = {name: {} for name in RESOURCES}
        self.heap = []
        self.rv, self.ip_counter = state["rv"], state.get("ipCounter", 0)
        self._new_placements()
        for resource in ("tenants", "nodes", "namespaces", *NAMESPACED):
            for obj in state["objects"].get(resource, []):
                meta = obj["metadata"]
                key = (meta.get("tenant"), meta.get("namespace"))[: RESOURCES[resource].depth]
                self._resume(resource, self._insert(resource, key, obj), now)
        self._add_nodes(now)  # a state file written before the emulator had nodes
        self._forget_events()
        self.dirty = False

    def _resume(self, resource, entry, now):
        obj = entry.obj
        if resource in ("tenants", "namespaces"):
            if obj["status"].get("phase") == "Terminating":
                self._push(now + self.timings.namespace_delete, "finalize", entry)
        elif resource == "pods":
            if "deletionTimestamp" in obj["metadata"]:
                self._push(now + self.timings.delete, "finalize", entry)
            else:
                self._schedule_pod(entry, now)
        elif resource == "resourcequotas":
            self._push(now, "sync", entry)
        elif resource == "nodes":
            self._push(now, "heartbeat", entry)
        elif resource == "leases" and entry.key[1:3] == (SYSTEM, nodes.LEASE_NAMESPACE):
            self._push(now, "renew", entry)
        elif resource == "actions":
            if obj["status"].get("complete") or "nodeName" not in obj["spec"]:
                self._push(now + self.timings.action_ttl, "expire", entry)
            else:
                self._push(now + self.timings.action, "complete", entry)
