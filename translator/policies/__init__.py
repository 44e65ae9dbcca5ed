"""Default policy rules, registered in code (documented by oslo-policy-generator)."""

import itertools

from translator.policies import (
    aggregates,
    availability_zones,
    base,
    extensions,
    flavors,
    hosts,
    hypervisors,
    images,
    instance_actions,
    keypairs,
    limits,
    migrations,
    network,
    networks,
    placement,
    quota_class_sets,
    quota_sets,
    server_groups,
    server_subresources,
    servers,
    services,
    simple_tenant_usage,
)

_MODULES = (base, servers, flavors, images, keypairs, limits, quota_sets, quota_class_sets,
            availability_zones, networks, network, server_groups, server_subresources, extensions,
            instance_actions, simple_tenant_usage, hypervisors, services, aggregates,
            hosts, migrations, placement)


def list_rules() -> list:
    return list(itertools.chain.from_iterable(module.list_rules() for module in _MODULES))
