"""Quotas: each project's limits, what it uses, and the reservations that make creates
atomic across API workers and hosts.

Limits are ``[quota]``, overlaid by quota class ``default`` and then by the project's own
limits (``os-quota-class-sets``, ``os-quota-sets``; kept in Arktos by ``quota_store``).
Usage is the project's server pods plus what creates in flight reserved and have not
created yet. A create reads the project's reservations, then lists its pods, and adds its
reservation with a write conditional on the resourceVersion it read: of concurrent creates
each one either counts the others' reservations or pods, or has to count again. Arktos
itself refuses pods beyond the instances limit (the namespace's ResourceQuota).
"""

import dataclasses
import json

from translator import exception
from translator.backend.arktos import names, pod_fields, tenancy
from translator.backend.models import QUOTA_RESOURCES, Flavor, QuotaSet, QuotaUsage

# What servers use, and a reservation holds until its servers exist.
SERVER_RESOURCES = ('instances', 'cores', 'ram')


def conf_defaults(group) -> QuotaSet:
    """The limits of ``[quota]`` (Nova's own defaults for the quotas it has no option of)."""
    return QuotaSet(instances=group.instances, cores=group.cores, ram=group.ram,
                    metadata_items=group.metadata_items, key_pairs=group.key_pairs,
                    server_groups=group.server_groups,
                    server_group_members=group.server_group_members)


def overlay(base: QuotaSet, values) -> QuotaSet:
    """``base`` with the known integer ``values`` (a dict read from Arktos) applied."""
    known = {key: value for key, value in (values or {}).items()
             if key in QUOTA_RESOURCES and isinstance(value, int) and not
             isinstance(value, bool) and value >= -1}
    return dataclasses.replace(base, **known)


def limited(limits: QuotaSet) -> bool:
    """Whether a create has to count: instances, cores or ram are limited."""
    return any(getattr(limits, resource) >= 0 for resource in SERVER_RESOURCES)


@dataclasses.dataclass(frozen=True)
class Reservation:
    """What a create in flight claimed: ``count`` servers of ``vcpus`` and ``ram`` each."""

    id: str
    count: int
    vcpus: int
    ram: int
    created_at: str

    def to_json(self) -> str:
        return json.dumps({'count': self.count, 'vcpus': self.vcpus, 'ram': self.ram,
                           'created_at': self.created_at}, sort_keys=True)

    @classmethod
    def from_json(cls, reservation_id: str, raw: str) -> 'Reservation | None':
        try:
            record = json.loads(raw)
            return cls(reservation_id, int(record['count']), int(record['vcpus']),
                       int(record['ram']), str(record['created_at']))
        except (ValueError, TypeError, KeyError):
            return None


def reservations(data: dict, timeout: float) -> tuple[list[Reservation], list[str]]:
    """The live reservations of a reservations ConfigMap's ``data``, and the keys of the
    ones older than ``timeout`` seconds (or unreadable), which count no more."""
    live, stale = [], []
    for key, raw in (data or {}).items():
        reservation = Reservation.from_json(key, raw)
        if reservation is None or pod_fields.age(reservation.created_at) > timeout:
            stale.append(key)
        else:
            live.append(reservation)
    return live, stale


def usage(limits: QuotaSet, pods, live: list[Reservation] = ()) -> QuotaUsage:
    """What the server pods (an iterable) use, and what ``live`` reservations hold beyond
    the pods they created already; pods being deleted no longer count."""
    instances = cores = ram = 0
    created: dict = {}
    for pod in pods:
        reservation_id = pod_fields.labels(pod).get(names.LABEL_RESERVATION)
        created[reservation_id] = created.get(reservation_id, 0) + 1
        if (pod.get('metadata') or {}).get('deletionTimestamp'):
            continue
        flavor = pod_fields.json_annotation(pod, names.ANN_FLAVOR, {})
        if not isinstance(flavor, dict):
            flavor = {}
        instances += 1
        cores += int(flavor.get('vcpus') or 0)
        ram += int(flavor.get('ram') or 0)
    reserved = dict.fromkeys(SERVER_RESOURCES, 0)
    for reservation in live:
        pending = max(0, reservation.count - created.get(reservation.id, 0))
        reserved['instances'] += pending
        reserved['cores'] += pending * reservation.vcpus
        reserved['ram'] += pending * reservation.ram
    return QuotaUsage(limits=limits, instances=instances, cores=cores, ram=ram,
                      reserved=reserved)


def allowed_count(quota: QuotaUsage, flavor: Flavor, min_count: int, max_count: int) -> int:
    """How many of ``max_count`` servers of ``flavor`` fit the quota (Nova creates fewer
    when at least ``min_count`` fit); 403 with Nova's wording when ``min_count`` do not."""
    limits = quota.limits
    allowed = max_count
    for resource, each in (('instances', 1), ('cores', flavor.vcpus), ('ram', flavor.ram)):
        limit = getattr(limits, resource)
        if limit < 0 or each <= 0:
            continue
        used = getattr(quota, resource) + quota.reserved.get(resource, 0)
        fits = max(0, (limit - used) // each)
        if fits < min_count:
            raise exception.QuotaExceeded(resource=resource, requested=each * max_count,
                                          used=used, allowed=limit)
        allowed = min(allowed, fits)
    return allowed


def check_metadata(limits: QuotaSet, metadata: dict) -> None:
    if 0 <= limits.metadata_items < len(metadata):
        raise exception.MetadataLimitExceeded(allowed=limits.metadata_items)


def check_limits(quota: QuotaUsage, values: dict) -> None:
    """Nova's rule for a project's new limits (unless forced): not below what is used and
    reserved (-1, unlimited, is above everything)."""
    for resource, limit in values.items():
        minimum = quota.in_use(resource) + quota.reserved.get(resource, 0)
        if limit != -1 and limit < minimum:
            raise exception.QuotaLimitTooLow(limit=limit, resource=resource, minimum=minimum)


class QuotasMixin:
    """The quota methods of ``ArktosDriver``."""

    def get_quotas(self, context) -> QuotaSet:
        return self.quota_store.project(tenancy.Namespace.of(context)).limits

    def get_default_quotas(self, context) -> QuotaSet:
        return self.quota_store.defaults()

    def get_quota_usage(self, context) -> QuotaUsage:
        namespace = tenancy.Namespace.of(context)
        limits = self.quota_store.project(namespace).limits
        return dataclasses.replace(self._counted(context, namespace, limits)[0],
                                   server_groups=self.server_groups.count(context))

    def _counted(self, context, namespace: tenancy.Namespace,
                 limits: QuotaSet) -> tuple[QuotaUsage, str | None, list[str]]:
        """The project's usage, counted from its reservations and then its pods (in that
        order, see the module docstring); the reservations' resourceVersion and the stale
        ones."""
        data, resource_version = self.quota_store.reservations(namespace)
        live, stale = reservations(data, self.batch_timeout)
        pods = self._pods(context, names.SERVER_SELECTOR)
        return usage(limits, pods, live), resource_version, stale

    def update_quotas(self, context, values: dict, force: bool) -> QuotaSet:
        namespace = tenancy.Namespace.of(context)
        if not force:
            check_limits(self.get_quota_usage(context), values)
        return self.quota_store.update_project(namespace, values)

    def delete_quotas(self, context) -> None:
        self.quota_store.update_project(tenancy.Namespace.of(context), None)

    def get_quota_class(self, context, name: str) -> QuotaSet:
        return self.quota_store.quota_class(name)

    def update_quota_class(self, context, name: str, values: dict) -> QuotaSet:
        return self.quota_store.update_class(name, values)
