"""Default policy rules, registered in code (documented by oslo-policy-generator)."""

import itertools

from translator.policies import base, flavors, images, servers


def list_rules() -> list:
    return list(itertools.chain(base.list_rules(), servers.list_rules(), flavors.list_rules(),
                                images.list_rules()))
