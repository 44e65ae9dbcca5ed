"""Renders ``/limits``, ``/os-quota-sets`` and ``/os-quota-class-sets`` per
microversion (``nova-api.md`` §5.7).

Keys of features the service does not have (nova-network security groups and
floating IPs, personality files) show their limits until the microversions that
drop them (2.36 for quota sets, 2.50 for quota classes; 2.57).
"""

from translator.api import microversion
from translator.api.schemas import quota_sets as schemas
from translator.backend.models import QUOTA_RESOURCES, QuotaSet, QuotaUsage

# Before 2.50 quota classes have no server group quotas.
_SERVER_GROUP_QUOTAS = ('server_groups', 'server_group_members')


def limits(req, usage: QuotaUsage) -> dict:
    quota = usage.limits
    absolute = {
        'maxServerMeta': quota.metadata_items,
        'maxTotalCores': quota.cores,
        'maxTotalInstances': quota.instances,
        'maxTotalKeypairs': quota.key_pairs,
        'maxTotalRAMSize': quota.ram,
        'maxServerGroups': quota.server_groups,
        'maxServerGroupMembers': quota.server_group_members,
        'totalCoresUsed': usage.cores,
        'totalInstancesUsed': usage.instances,
        'totalRAMUsed': usage.ram,
        'totalServerGroupsUsed': usage.server_groups,
    }
    if req.version < (2, 57):
        absolute['maxPersonality'] = quota.injected_files
        absolute['maxPersonalitySize'] = quota.injected_file_content_bytes
    if req.version < (2, 39):
        absolute['maxImageMeta'] = quota.metadata_items
    if req.version <= microversion.MAX_PROXY_VERSION:
        absolute.update({
            'maxSecurityGroups': quota.security_groups,
            'maxSecurityGroupRules': quota.security_group_rules,
            'maxTotalFloatingIps': quota.floating_ips,
            'totalSecurityGroupsUsed': 0,
            'totalFloatingIpsUsed': 0,
        })
    return {'limits': {'rate': [], 'absolute': absolute}}


def _quota_values(req, quota: QuotaSet, network_gone=(2, 36)) -> dict:
    dropped = schemas.dropped_quotas(req.version, network_gone)
    values = quota.to_dict()
    return {name: values[name] for name in QUOTA_RESOURCES if name not in dropped}


def quota_set(req, project_id: str | None, quota: QuotaSet) -> dict:
    """A project's limits; an update answers them without ``id``."""
    body = {} if project_id is None else {'id': project_id}
    return {'quota_set': {**body, **_quota_values(req, quota)}}


def quota_set_detail(req, project_id: str, usage: QuotaUsage) -> dict:
    details = {name: {'limit': limit, 'in_use': usage.in_use(name),
                      'reserved': usage.reserved.get(name, 0)}
               for name, limit in _quota_values(req, usage.limits).items()}
    return {'quota_set': {'id': project_id, **details}}


def quota_class_set(req, class_name: str | None, quota: QuotaSet) -> dict:
    """A quota class's limits; an update answers them without ``id``."""
    values = _quota_values(req, quota, network_gone=(2, 50))
    if req.version < (2, 50):
        for name in _SERVER_GROUP_QUOTAS:
            del values[name]
    body = {} if class_name is None else {'id': class_name}
    return {'quota_class_set': {**body, **values}}
