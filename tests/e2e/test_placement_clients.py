"""osc-placement through Keystone's ``placement`` endpoint: the resource providers are the
hypervisors (same ids and names), with their inventories and usages; openstacksdk finds
the endpoint."""

import json

from tests.e2e.conftest import sdk_connection
from tests.e2e.test_clients import cli  # noqa: F401 (the fixture)


def _json(result):
    return json.loads(result.stdout)


def test_catalog_lists_placement(stack):
    conn = sdk_connection(stack, 'admin', 'admin')
    assert conn.placement.get_endpoint().rstrip('/') == stack['TRANSLATOR_URL'] + '/placement'
    hypervisors = {h.id: h.name for h in conn.compute.hypervisors()}
    assert {p.id: p.name for p in conn.placement.resource_providers()} == hypervisors


def test_resource_provider_commands(cli):  # noqa: F811
    def admin(*args):
        return _json(cli('openstack', *args, '-f', 'json', user='admin', project='admin'))
    hypervisors = admin('--os-compute-api-version', '2.53', 'hypervisor', 'list')
    providers = admin('--os-placement-api-version', '1.14', 'resource', 'provider', 'list')
    assert sorted((p['uuid'], p['name']) for p in providers) == sorted(
        (h['ID'], h['Hypervisor Hostname']) for h in hypervisors)
    provider = providers[0]
    assert provider['root_provider_uuid'] == provider['uuid']
    assert provider['parent_provider_uuid'] is None
    inventories = {row['resource_class']: row for row in admin(
        'resource', 'provider', 'inventory', 'list', provider['uuid'])}
    assert set(inventories) == {'VCPU', 'MEMORY_MB', 'DISK_GB'}
    assert inventories['VCPU']['total'] > 0 and inventories['VCPU']['allocation_ratio'] == 1.0
    usages = {row['resource_class']: row['usage'] for row in admin(
        'resource', 'provider', 'usage', 'show', provider['uuid'])}
    assert set(usages) == set(inventories)
    assert all(usage >= 0 for usage in usages.values())
    refused = cli('openstack', 'resource', 'provider', 'create', 'extra', user='admin',
                  project='admin', check=False)
    assert refused.returncode != 0 and "Arktos's" in refused.stderr
