"""Default policy rules, registered in code (documented by oslo-policy-generator)."""

import itertools

from translator.policies import (
    availability_zones,
    base,
    flavors,
    images,
    keypairs,
    limits,
    networks,
    quota_class_sets,
    quota_sets,
    server_groups,
    server_subresources,
    servers,
)


def list_rules() -> list:
    return list(itertools.chain(base.list_rules(), servers.list_rules(), flavors.list_rules(),
                                images.list_rules(), keypairs.list_rules(),
                                limits.list_rules(), quota_sets.list_rules(),
                                quota_class_sets.list_rules(),
                                availability_zones.list_rules(), networks.list_rules(),
                                server_groups.list_rules(), server_subresources.list_rules()))
