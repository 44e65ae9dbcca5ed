"""Policies of flavor management, extra specs and access (changes are admins', as in
Nova)."""

from oslo_policy import policy

from translator.policies import base

CREATE = 'os_compute_api:os-flavor-manage:create'
DELETE = 'os_compute_api:os-flavor-manage:delete'
UPDATE = 'os_compute_api:os-flavor-manage:update'
EXTRA_SPECS_CREATE = 'os_compute_api:os-flavor-extra-specs:create'
EXTRA_SPECS_UPDATE = 'os_compute_api:os-flavor-extra-specs:update'
EXTRA_SPECS_DELETE = 'os_compute_api:os-flavor-extra-specs:delete'
ACCESS_LIST = 'os_compute_api:os-flavor-access'
ACCESS_ADD = 'os_compute_api:os-flavor-access:add_tenant_access'
ACCESS_REMOVE = 'os_compute_api:os-flavor-access:remove_tenant_access'
_SPECS = '/flavors/{flavor_id}/os-extra_specs'
_ACTION = '/flavors/{flavor_id}/action'

rules = [
    policy.DocumentedRuleDefault(
        name=CREATE, check_str=base.ADMIN, description='Create a flavor',
        operations=[{'method': 'POST', 'path': '/flavors'}], scope_types=['project']),
    policy.DocumentedRuleDefault(
        name=DELETE, check_str=base.ADMIN, description='Delete a flavor',
        operations=[{'method': 'DELETE', 'path': '/flavors/{flavor_id}'}],
        scope_types=['project']),
    base.rule(UPDATE, base.ADMIN, "Update a flavor's description", 'PUT',
              '/flavors/{flavor_id}'),
    base.rule(EXTRA_SPECS_CREATE, base.ADMIN, 'Create extra specs', 'POST', _SPECS),
    base.rule(EXTRA_SPECS_UPDATE, base.ADMIN, 'Update an extra spec', 'PUT',
              _SPECS + '/{key}'),
    base.rule(EXTRA_SPECS_DELETE, base.ADMIN, 'Delete an extra spec', 'DELETE',
              _SPECS + '/{key}'),
    base.rule(ACCESS_LIST, base.ADMIN, 'List the projects of a private flavor', 'GET',
              '/flavors/{flavor_id}/os-flavor-access'),
    base.rule(ACCESS_ADD, base.ADMIN, 'Give a project a private flavor', 'POST',
              _ACTION + ' (addTenantAccess)'),
    base.rule(ACCESS_REMOVE, base.ADMIN, 'Take a private flavor from a project', 'POST',
              _ACTION + ' (removeTenantAccess)'),
]


def list_rules() -> list:
    return rules
