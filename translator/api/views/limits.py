"""Renders ``/limits`` and ``/os-quota-sets`` per microversion (``nova-api.md`` §5.7).

Keys of features the service does not have (nova-network security groups and
floating IPs, personality files) show Nova's default limits until the
microversions that drop them.
"""

from translator.api import microversion
from translator.backend.models import QuotaSet, QuotaUsage

# Nova's defaults of the quotas of nova-network and personality files.
_LEGACY_QUOTAS = {'floating_ips': 10, 'fixed_ips': -1, 'security_groups': 10,
                  'security_group_rules': 20}
_PERSONALITY_QUOTAS = {'injected_files': 5, 'injected_file_content_bytes': 10240,
                       'injected_file_path_bytes': 255}


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
        absolute['maxPersonality'] = _PERSONALITY_QUOTAS['injected_files']
        absolute['maxPersonalitySize'] = _PERSONALITY_QUOTAS['injected_file_content_bytes']
    if req.version < (2, 39):
        absolute['maxImageMeta'] = quota.metadata_items
    if req.version <= microversion.MAX_PROXY_VERSION:
        absolute.update({
            'maxSecurityGroups': _LEGACY_QUOTAS['security_groups'],
            'maxSecurityGroupRules': _LEGACY_QUOTAS['security_group_rules'],
            'maxTotalFloatingIps': _LEGACY_QUOTAS['floating_ips'],
            'totalSecurityGroupsUsed': 0,
            'totalFloatingIpsUsed': 0,
        })
    return {'limits': {'rate': [], 'absolute': absolute}}


def _quota_values(req, quota: QuotaSet) -> dict:
    values = {'instances': quota.instances, 'cores': quota.cores, 'ram': quota.ram,
              'metadata_items': quota.metadata_items, 'key_pairs': quota.key_pairs,
              'server_groups': quota.server_groups,
              'server_group_members': quota.server_group_members}
    if req.version < (2, 57):
        values.update(_PERSONALITY_QUOTAS)
    if req.version <= microversion.MAX_PROXY_VERSION:
        values.update(_LEGACY_QUOTAS)
    return values


def quota_set(req, project_id: str, quota: QuotaSet) -> dict:
    return {'quota_set': {'id': project_id, **_quota_values(req, quota)}}


def quota_set_detail(req, project_id: str, usage: QuotaUsage) -> dict:
    in_use = {'instances': usage.instances, 'cores': usage.cores, 'ram': usage.ram,
              'server_groups': usage.server_groups}
    details = {name: {'limit': limit, 'in_use': in_use.get(name, 0), 'reserved': 0}
               for name, limit in _quota_values(req, usage.limits).items()}
    return {'quota_set': {'id': project_id, **details}}
