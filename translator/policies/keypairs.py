"""Policies of ``/os-keypairs``: a user's own key pairs, or any user's for an admin."""

from translator.policies import base

PREFIX = 'os_compute_api:os-keypairs:%s'
INDEX = PREFIX % 'index'
CREATE = PREFIX % 'create'
SHOW = PREFIX % 'show'
DELETE = PREFIX % 'delete'

rules = [
    base.rule(INDEX, base.ADMIN_OR_OWNER, 'List key pairs', 'GET', '/os-keypairs'),
    base.rule(CREATE, base.ADMIN_OR_OWNER, 'Create or import a key pair', 'POST',
              '/os-keypairs'),
    base.rule(SHOW, base.ADMIN_OR_OWNER, 'Show a key pair', 'GET',
              '/os-keypairs/{keypair_name}'),
    base.rule(DELETE, base.ADMIN_OR_OWNER, 'Delete a key pair', 'DELETE',
              '/os-keypairs/{keypair_name}'),
]


def list_rules() -> list:
    return rules
