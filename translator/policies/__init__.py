"""Default policy rules, registered in code (documented by oslo-policy-generator)."""

import itertools

from translator.policies import (
    availability_zones,
    base,
    extensions,
    flavors,
    images,
    instance_actions,
    keypairs,
    limits,
    migrations,
    network,
    networks,
    quota_class_sets,
    quota_sets,
    server_groups,
    server_subresources,
    servers,
    simple_tenant_usage,
)

_MODULES = (base, servers, flavors, images, keypairs, limits, quota_sets, quota_class_sets,
            availability_zones, networks, network, server_groups, server_subresources, extensions,
            instance_actions, simple_tenant_usage, migrations)


def list_rules() -> list:
    return list(itertools.chain.from_iterable(module.list_rules() for module in _MODULES))
