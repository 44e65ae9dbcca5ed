"""ResourceQuota: what the quota controller counts, and the admission check at create.

As Arktos (Kubernetes 1.15) does it: a create in a namespace is checked against every quota
of the namespace whose ``status.hard`` names a resource the object uses, in name order; the
first quota it would exceed refuses it with 403, otherwise each such quota's ``status.used``
grows by the object's usage before the object is stored (so a create that then fails, e.g.
AlreadyExists, still counts until the next recount).  A quota's status is filled in
(``status.hard`` from ``spec.hard``, ``status.used`` counted) by the controller: here at the
next request after the quota is created or its spec changes, and whenever an object of its
namespace is removed.

A pod counts ``count/pods`` always, and ``pods`` and its containers' requests/limits
(``cpu``, ``requests.cpu``, ``limits.cpu``, memory and ephemeral-storage alike) unless it
has a terminal phase or its deletion grace period has run out; a VM pod's
``spec.virtualMachine.resources`` count for nothing.  Other objects count
``count/<resource>[.<group>]`` (and ``configmaps``, ``secrets``, ``resourcequotas``).
Quota ``scopes``/``scopeSelector`` are not implemented.
"""

from __future__ import annotations

import calendar
import time
from fractions import Fraction

from translator.emulator import quantity
from translator.emulator.errors import forbidden
from translator.emulator.resources import RESOURCES

COMPUTE = ("cpu", "memory", "ephemeral-storage")
POD_RESOURCES = frozenset(
    ("pods", "count/pods")
    + COMPUTE
    + tuple(f"{part}.{name}" for part in ("requests", "limits") for name in COMPUTE)
)
# Quotas on these make every container say what it requests (Kubernetes' old rule).
CONSTRAINED = ("cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory")
LEGACY_COUNTS = ("configmaps", "secrets", "resourcequotas")
TERMINAL_PHASES = ("Failed", "Succeeded")
_ONE = quantity.Quantity(Fraction(1), "DecimalSI")


def count_name(resource: str) -> str:
    group = RESOURCES[resource].group
    return f"count/{resource}.{group}" if group else f"count/{resource}"


def counted_names(resource: str) -> frozenset:
    """The quota resource names objects of ``resource`` count toward."""
    if resource == "pods":
        return POD_RESOURCES
    names = {count_name(resource)}
    if resource in LEGACY_COUNTS:
        names.add(resource)
    return frozenset(names)


def _epoch(timestamp: str) -> float:
    return calendar.timegm(time.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ"))


def pod_is_charged(pod: dict, now: float) -> bool:
    """QuotaV1Pod: not terminal, and not past its deletion grace period."""
    if (pod.get("status") or {}).get("phase") in TERMINAL_PHASES:
        return False
    meta = pod["metadata"]
    if "deletionTimestamp" in meta and meta.get("deletionGracePeriodSeconds") is not None:
        return now <= _epoch(meta["deletionTimestamp"]) + meta["deletionGracePeriodSeconds"]
    return True


def _add(total: dict, name: str, value: quantity.Quantity):
    if name in total:
        total[name] = quantity.Quantity(total[name].value + value.value, total[name].fmt)
    else:
        total[name] = value


def usage(resource: str, obj: dict, now: float) -> dict:
    """What one object uses: quota resource name -> Quantity."""
    if resource != "pods":
        return {name: _ONE for name in counted_names(resource)}
    used = {"count/pods": _ONE}
    if not pod_is_charged(obj, now):
        return used
    used["pods"] = _ONE
    for ctr in (obj.get("spec") or {}).get("containers") or ():
        res = ctr.get("resources") or {}
        for name in COMPUTE:
            if name in (res.get("requests") or {}):
                request = quantity.parse(res["requests"][name])
                _add(used, name, request)
                _add(used, f"requests.{name}", request)
            if name in (res.get("limits") or {}):
                _add(used, f"limits.{name}", quantity.parse(res["limits"][name]))
    return used


def _missing_requests(obj: dict, restricted: set) -> list:
    """The CONSTRAINED resources some container of a pod does not ask for."""
    required = restricted.intersection(CONSTRAINED)
    missing = set()
    for ctr in (obj.get("spec") or {}).get("containers") or ():
        res = ctr.get("resources") or {}
        has = set()
        for name in ("cpu", "memory"):
            if name in (res.get("requests") or {}):
                has.update((name, f"requests.{name}"))
            if name in (res.get("limits") or {}):
                has.add(f"limits.{name}")
        missing |= required - has
    return sorted(missing)


def _pretty(values: dict) -> str:
    return ",".join(f"{name}={quantity.canonical(values[name])}" for name in sorted(values))


def _parsed(values: dict) -> dict:
    return {name: quantity.parse(value) for name, value in (values or {}).items()}


def admit(quotas: list, resource: str, obj: dict, now: float):
    """Check a new object against ``quotas`` (Entries, in name order); the 403 of the first
    one it exceeds, else the new ``status.used`` of each quota it counts toward."""
    names = counted_names(resource)
    subject = obj["metadata"].get("name", "")
    delta = None
    updates = []
    for entry in quotas:
        status = entry.obj.get("status") or {}
        hard = _parsed(status.get("hard"))
        restricted = {name for name in hard if name in names}
        if not restricted:
            continue
        if resource == "pods":
            missing = _missing_requests(obj, restricted)
            if missing:
                raise forbidden(
                    resource,
                    subject,
                    f"failed quota: {entry.key[-1]}: must specify {','.join(missing)}",
                )
        used = _parsed(status.get("used"))
        if not restricted.issubset(used):
            raise forbidden(
                resource,
                subject,
                f"status unknown for quota: {entry.key[-1]}, resources: "
                f"{','.join(sorted(restricted))}",
            )
        if delta is None:
            delta = usage(resource, obj, now)
        requested = {name: delta[name] for name in restricted if name in delta}
        exceeded = [
            name
            for name, value in requested.items()
            if used[name].value + value.value > hard[name].value
        ]
        if exceeded:
            raise forbidden(
                resource,
                subject,
                f"exceeded quota: {entry.key[-1]}, requested: "
                f"{_pretty({n: requested[n] for n in exceeded})}, used: "
                f"{_pretty({n: used[n] for n in exceeded})}, limited: "
                f"{_pretty({n: hard[n] for n in exceeded})}",
            )
        if requested:
            for name, value in requested.items():
                _add(used, name, value)
            updates.append((entry, used))
    return [(entry, _canonical(used)) for entry, used in updates]


def _canonical(values: dict) -> dict:
    return {name: quantity.canonical(values[name]) for name in sorted(values)}


def recount(hard: dict, objects_by_resource, now: float) -> dict:
    """The ``status`` of a quota with ``spec.hard`` ``hard``; ``objects_by_resource(resource)``
    gives the namespace's objects of a resource."""
    used = {name: quantity.Quantity(Fraction(0), "DecimalSI") for name in hard}
    counted = {}
    for name in hard:
        for resource in RESOURCES:
            if RESOURCES[resource].scope == "namespaced" and name in counted_names(resource):
                counted.setdefault(resource, set()).add(name)
    for resource, names in counted.items():
        for obj in objects_by_resource(resource):
            for name, value in usage(resource, obj, now).items():
                if name in names:
                    if used[name].value == 0:
                        used[name] = quantity.Quantity(used[name].value + value.value, value.fmt)
                    else:
                        _add(used, name, value)
    return {"hard": dict(sorted(hard.items())), "used": _canonical(used)}
