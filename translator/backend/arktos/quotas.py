"""Quotas: the limits of ``[quota]`` and the usage counted from a project's server pods."""

import json

from translator import exception
from translator.backend.arktos import names
from translator.backend.models import Flavor, QuotaSet, QuotaUsage


def quota_set(group) -> QuotaSet:
    """The limits of every project, from the ``[quota]`` option group."""
    return QuotaSet(instances=group.instances, cores=group.cores, ram=group.ram,
                    metadata_items=group.metadata_items, key_pairs=group.key_pairs,
                    server_groups=group.server_groups,
                    server_group_members=group.server_group_members)


def _flavor(pod: dict) -> dict:
    raw = ((pod.get('metadata') or {}).get('annotations') or {}).get(names.ANN_FLAVOR)
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


def usage(limits: QuotaSet, pods) -> QuotaUsage:
    """What the server pods (an iterable) use; pods being deleted no longer count."""
    flavors = [_flavor(pod) for pod in pods
               if not (pod.get('metadata') or {}).get('deletionTimestamp')]
    return QuotaUsage(limits=limits, instances=len(flavors),
                      cores=sum(int(f.get('vcpus') or 0) for f in flavors),
                      ram=sum(int(f.get('ram') or 0) for f in flavors))


def creation_usage(limits: QuotaSet, pods) -> QuotaUsage:
    """The usage a create checks: ``pods`` (a lazy iterable) are counted only when
    instances, cores or ram are limited, so unlimited projects skip the listing."""
    if all(limit < 0 for limit in (limits.instances, limits.cores, limits.ram)):
        return QuotaUsage(limits=limits)
    return usage(limits, pods)


def allowed_count(quota: QuotaUsage, flavor: Flavor, min_count: int, max_count: int) -> int:
    """How many of ``max_count`` servers of ``flavor`` fit the quota (Nova creates fewer
    when at least ``min_count`` fit); 403 with Nova's wording when ``min_count`` do not."""
    limits = quota.limits
    resources = (('instances', 1, quota.instances, limits.instances),
                 ('cores', flavor.vcpus, quota.cores, limits.cores),
                 ('ram', flavor.ram, quota.ram, limits.ram))
    allowed = max_count
    for resource, each, used, limit in resources:
        if limit < 0 or each <= 0:
            continue
        fits = max(0, (limit - used) // each)
        if fits < min_count:
            raise exception.QuotaExceeded(resource=resource, requested=each * max_count,
                                          used=used, allowed=limit)
        allowed = min(allowed, fits)
    return allowed


def check_metadata(limits: QuotaSet, metadata: dict) -> None:
    if 0 <= limits.metadata_items < len(metadata):
        raise exception.MetadataLimitExceeded(allowed=limits.metadata_items)


class QuotasMixin:
    """The quota methods of ``ArktosDriver``."""

    def get_quotas(self, context) -> QuotaSet:
        return quota_set(self.quota_conf)

    def get_quota_usage(self, context) -> QuotaUsage:
        return usage(self.get_quotas(context), self._pods(context, names.SERVER_SELECTOR))
