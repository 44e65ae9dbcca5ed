"""``/limits``, ``/os-quota-sets``, quota enforcement on create, availability zones and
the network table, through a translator configured with small quotas, two zones and two
networks; checked against tempest.lib's schemas and what Arktos really holds."""

import pytest
from tempest.lib.api_schema.response.compute.v2_1 import availability_zone as az_schemas
from tempest.lib.api_schema.response.compute.v2_1 import security_groups as sg_schemas
from tempest.lib.api_schema.response.compute.v2_1 import server_groups as group_schemas
from tempest.lib.api_schema.response.compute.v2_1 import tenant_networks as net_schemas
from tempest.lib.services.compute import limits_client, quotas_client

from tests import api, contract
from tests.api import wait_for_status
from tests.unit.test_crypto import ED25519
from translator.api.microversion import APIVersion
from translator.testing import harness

PRIVATE = '6b1c7a7e-3f0e-4a53-9c1e-1d6b0b8f9a01'
PUBLIC = '9f9b8a41-2d7c-4c1a-8e4f-5a6b7c8d9e02'
CONF = f"""
[quota]
instances = 3
cores = 4
ram = 4096
metadata_items = 4
key_pairs = 2
[availability_zone]
zones = nova,az2
[network]
networks = id={PRIVATE},label=private,default=true
networks = id={PUBLIC},label=public,subnet=public-subnet,cidr=203.0.113.0/24
"""


@pytest.fixture(scope='module')
def limited(arktos, tmp_path_factory):
    server = harness.start_translator(tmp_path_factory.mktemp('limited'), arktos['url'],
                                      token=arktos['token'], extra_conf=CONF)
    try:
        yield server.url
    finally:
        server.stop()


def _networks(version: str) -> dict:
    """``networks`` of a create at ``version`` (required from 2.37)."""
    return {'networks': 'none'} if APIVersion(version) >= (2, 37) else {}


def _fault(response, code: int) -> str:
    assert response.status_code == code, response.text
    return next(iter(response.json().values()))['message']


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.39', '2.57', '2.100'])
def test_limits_count_the_projects_servers(limited, version):
    compute = api.ComputeAPI(limited, version=version)
    assert compute.create_server('small', flavorRef='2', **_networks(version)).status_code == 202
    response = compute.get('/limits?reserved=False')
    contract.validate(contract.client_schema(limits_client.LimitsClient, version, 'get_limit'),
                      response)
    absolute = response.json()['limits']['absolute']
    assert (absolute['maxTotalInstances'], absolute['maxTotalCores'],
            absolute['maxTotalRAMSize'], absolute['maxServerMeta'],
            absolute['maxTotalKeypairs']) == (3, 4, 4096, 4, 2)
    assert (absolute['totalInstancesUsed'], absolute['totalCoresUsed'],
            absolute['totalRAMUsed']) == (1, 1, 2048)


def test_limits_of_another_project_are_for_admins(limited):
    owner = api.ComputeAPI(limited)
    owner.create_server('counted', flavorRef='1')
    other = api.ComputeAPI(limited)
    assert _fault(other.get(f'/limits?tenant_id={owner.project}'), 403).startswith(
        "Policy doesn't allow os_compute_api:limits:other_project")
    admin = api.ComputeAPI(limited, user='admin')
    absolute = admin.get(f'/limits?tenant_id={owner.project}').json()['limits']['absolute']
    assert absolute['totalInstancesUsed'] == 1
    assert "'x' was unexpected" in _fault(
        api.ComputeAPI(limited, version='2.75').get('/limits?x=1'), 400)


def test_quota_exceeded_before_anything_is_created(limited, arktos_pods):
    compute = api.ComputeAPI(limited, version='2.37')
    assert _fault(compute.create_server('many', networks='none', min_count=4), 403) == \
        'Quota exceeded for instances: Requested 4, but already used 0 of 3 instances'
    assert _fault(compute.create_server('big', networks='none', flavorRef='3', min_count=3),
                  403) == 'Quota exceeded for cores: Requested 6, but already used 0 of 4 cores'
    assert _fault(compute.create_server('huge', networks='none', flavorRef='3',
                                        min_count=2), 403) == \
        'Quota exceeded for ram: Requested 8192, but already used 0 of 4096 ram'
    assert arktos_pods(compute.project) == []
    # As Nova: as many as fit when at least min_count fit.
    response = compute.create_server('some', networks='none', min_count=1, max_count=5,
                                     return_reservation_id=True)
    reservation = response.json()['reservation_id']
    listed = compute.get(f'/servers?reservation_id={reservation}').json()['servers']
    assert len(listed) == 3
    compute.created.extend(server['id'] for server in listed)
    assert _fault(compute.create_server('one-more', networks='none'), 403) == \
        'Quota exceeded for instances: Requested 1, but already used 3 of 3 instances'


def test_metadata_and_key_pair_limits(limited):
    compute = api.ComputeAPI(limited, version='2.2')
    metadata = {f'k{i}': 'v' for i in range(5)}
    assert _fault(compute.create_server('meta', metadata=metadata), 403) == \
        'Maximum number of metadata items exceeds 4'
    for name in ('k1', 'k2'):
        assert compute.post('/os-keypairs', {'keypair': {'name': name, 'public_key': ED25519}}
                            ).status_code == 201
    assert _fault(compute.post('/os-keypairs', {'keypair': {'name': 'k3'}}), 403) == \
        'Quota exceeded, too many key pairs.'


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.57'])
def test_quota_sets(limited, version):
    compute = api.ComputeAPI(limited, version=version)
    compute.create_server('q', flavorRef='1', **_networks(version))
    for path, name in (('', 'get_quota_set'), ('/defaults', 'get_quota_set'),
                       ('/detail', 'get_quota_set_details')):
        response = compute.get(f'/os-quota-sets/{compute.project}{path}')
        contract.validate(contract.client_schema(quotas_client.QuotasClient, version, name),
                          response)
    quota_set = compute.get(f'/os-quota-sets/{compute.project}').json()['quota_set']
    assert (quota_set['id'], quota_set['instances'], quota_set['key_pairs']) == \
        (compute.project, 3, 2)
    detail = compute.get(f'/os-quota-sets/{compute.project}/detail').json()['quota_set']
    assert detail['ram'] == {'limit': 4096, 'in_use': 512, 'reserved': 0}
    other = api.new_project()
    assert _fault(compute.get(f'/os-quota-sets/{other}'), 403).startswith("Policy doesn't")
    assert compute.get(f'/os-quota-sets/{other}/defaults').status_code == 200


def test_availability_zones(limited):
    member = api.ComputeAPI(limited)
    response = member.get('/os-availability-zone')
    contract.validate(az_schemas.list_availability_zone_list, response)
    assert response.json()['availabilityZoneInfo'] == [
        {'zoneName': name, 'zoneState': {'available': True}, 'hosts': None}
        for name in ('nova', 'az2')]
    assert _fault(member.get('/os-availability-zone/detail'), 403).startswith(
        "Policy doesn't allow os_compute_api:os-availability-zone:detail")
    detail = api.ComputeAPI(limited, user='admin').get('/os-availability-zone/detail')
    contract.validate(az_schemas.list_availability_zone_list_detail, detail)


def test_create_in_a_zone(limited, arktos_pods):
    compute = api.ComputeAPI(limited)
    server_id = compute.create_server('zoned', availability_zone='az2').json()['server']['id']
    shown = compute.get(f'/servers/{server_id}').json()['server']
    assert shown['OS-EXT-AZ:availability_zone'] == 'az2'
    default = compute.create_server('unzoned').json()['server']['id']
    assert compute.get(f'/servers/{default}').json()['server'][
        'OS-EXT-AZ:availability_zone'] == 'nova'
    assert _fault(compute.create_server('x', availability_zone='az3'), 400) == \
        'The requested availability zone is not available'


@pytest.mark.parametrize('version', ['2.1', '2.35'])
def test_nova_network_proxy_reads(limited, version):
    compute = api.ComputeAPI(limited, version=version)
    listed = compute.get('/os-networks')
    contract.validate(net_schemas.list_tenant_networks, listed)
    assert listed.json()['networks'] == [
        {'id': PRIVATE, 'label': 'private', 'cidr': None},
        {'id': PUBLIC, 'label': 'public', 'cidr': '203.0.113.0/24'}]
    contract.validate(net_schemas.get_tenant_network, compute.get(f'/os-networks/{PUBLIC}'))
    assert _fault(compute.get('/os-networks/public'), 404) == \
        'Network public could not be found.'
    groups = compute.get('/os-security-groups')
    contract.validate(sg_schemas.list_security_groups, groups)
    [group] = groups.json()['security_groups']
    assert (group['name'], group['tenant_id'], group['rules']) == \
        ('default', compute.project, [])
    contract.validate(sg_schemas.get_security_group,
                      compute.get(f'/os-security-groups/{group["id"]}'))
    assert _fault(compute.get('/os-security-groups/default'), 404) == \
        'Security group default not found.'


def test_nova_network_proxy_is_gone_after_2_35(limited):
    compute = api.ComputeAPI(limited, version='2.36')
    for path in ('/os-networks', f'/os-networks/{PUBLIC}', '/os-security-groups'):
        assert _fault(compute.get(path), 404) == 'The resource could not be found.'


def test_networks_map_to_nics(limited, arktos_pods):
    compute = api.ComputeAPI(limited, version='2.37')
    group = compute.get('/os-security-groups', headers={
        'OpenStack-API-Version': 'compute 2.1',
        'X-OpenStack-Nova-API-Version': '2.1'}).json()['security_groups'][0]
    response = compute.create_server('two-nics', networks=[
        {'uuid': PUBLIC, 'fixed_ip': '203.0.113.7'}, {'uuid': PRIVATE}],
        security_groups=[{'name': group['id']}])
    assert response.status_code == 202, response.text
    assert response.json()['server']['security_groups'] == [{'name': 'default'}]
    server_id = response.json()['server']['id']
    [pod] = [p for p in arktos_pods(compute.project) if p['metadata']['name'] == server_id]
    assert pod['spec']['nics'] == [
        {'name': 'eth0', 'subnetName': 'public-subnet', 'ipAddress': '203.0.113.7'},
        {'name': 'eth1'}]
    auto = compute.create_server('auto', networks='auto').json()['server']['id']
    [pod] = [p for p in arktos_pods(compute.project) if p['metadata']['name'] == auto]
    assert pod['spec']['nics'] == [{'name': 'eth0'}]
    assert _fault(compute.create_server('x', networks=[{'uuid': api.CIRROS}]), 400) == \
        f'Network {api.CIRROS} could not be found.'
    assert _fault(compute.create_server('x', networks='auto',
                                        security_groups=[{'name': 'web'}]), 400) == \
        'Security group web not found.'


def test_addresses_are_keyed_by_the_network_label(limited):
    compute = api.ComputeAPI(limited, version='2.37')
    server_id = compute.create_server('labelled', networks=[{'uuid': PUBLIC}]
                                      ).json()['server']['id']
    server = wait_for_status(compute, server_id, 'ACTIVE')
    assert list(server['addresses']) == ['public']


def test_neutron_subnets_and_ports_of_two_networks(limited):
    """The Neutron subset shows the same networks: the one with a CIDR has a subnet, and
    a server's NICs are its ports in order, with Arktos's address on the first."""
    compute = api.ComputeAPI(limited, version='2.37')
    network = api.NetworkAPI(limited, compute.project)
    server_id = compute.create_server('ported', networks=[{'uuid': PUBLIC}, {'uuid': PRIVATE}]
                                      ).json()['server']['id']
    server = wait_for_status(compute, server_id, 'ACTIVE')
    networks = network.get('/v2.0/networks?sort_key=name').json()['networks']
    assert [(n['id'], n['name']) for n in networks] == [(PRIVATE, 'private'),
                                                       (PUBLIC, 'public')]
    [subnet] = network.get('/v2.0/subnets').json()['subnets']
    assert networks[1]['subnets'] == [subnet['id']] and networks[0]['subnets'] == []
    assert (subnet['network_id'], subnet['cidr'], subnet['name']) == (
        PUBLIC, '203.0.113.0/24', 'public-subnet')
    assert network.get(f'/v2.0/subnets?network_id={PRIVATE}').json() == {'subnets': []}
    ports = network.get(f'/v2.0/ports?device_id={server_id}').json()['ports']
    assert [port['network_id'] for port in ports] == [PUBLIC, PRIVATE]
    address = server['addresses']['public'][0]['addr']
    assert ports[0]['fixed_ips'] == [{'subnet_id': subnet['id'], 'ip_address': address}]
    assert ports[1]['fixed_ips'] == [] and ports[0]['mac_address'] != ports[1]['mac_address']
    interfaces = compute.get(f'/servers/{server_id}/os-interface').json()[
        'interfaceAttachments']
    assert [i['port_id'] for i in interfaces] == [ports[0]['id']]
    assert interfaces[0]['fixed_ips'] == ports[0]['fixed_ips']
    admin = api.NetworkAPI(limited, 'admin', user='admin')
    availability = admin.get(f'/v2.0/network-ip-availabilities/{PUBLIC}').json()[
        'network_ip_availability']
    assert availability['total_ips'] == 254 and availability['used_ips'] >= 1
    assert availability['subnet_ip_availability'][0]['subnet_id'] == subnet['id']


def test_server_groups_are_created_listed_and_joined(translator):
    """What Rally's server group scenarios and its cleanup do: create, list, show, boot
    a member, delete; unknown groups are Nova's 404 (and 400 for a boot)."""
    compute = api.ComputeAPI(translator)
    group_id = '5b3a0b5e-1f0a-4c1b-9a51-3d0f0a1b2c3d'
    assert _fault(compute.get(f'/os-server-groups/{group_id}'), 404) == \
        f'Instance group {group_id} could not be found.'
    created = compute.post('/os-server-groups', {
        'server_group': {'name': 'g', 'policies': ['soft-anti-affinity']}})
    assert created.status_code == 400
    created = compute.post('/os-server-groups', {
        'server_group': {'name': 'g', 'policies': ['anti-affinity']}})
    contract.validate(group_schemas.create_show_server_group, created)
    group = created.json()['server_group']
    response = compute.get('/os-server-groups')
    contract.validate(group_schemas.list_server_groups, response)
    assert response.json() == {'server_groups': [group]}
    hints = {'os:scheduler_hints': {'group': group_id}}
    assert _fault(compute.post('/servers', {'server': {
        'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS}, **hints}), 400) == \
        f'Instance group {group_id} could not be found.'
    response = compute.post('/servers', {'server': {
        'name': 'vm', 'flavorRef': '1', 'imageRef': api.CIRROS},
        'os:scheduler_hints': {'group': group['id']}})
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    compute.created.append(server_id)
    wait_for_status(compute, server_id, 'ACTIVE')
    shown = compute.get(f'/os-server-groups/{group["id"]}')
    contract.validate(group_schemas.create_show_server_group, shown)
    assert shown.json()['server_group']['members'] == [server_id]
    deleted = compute.delete(f'/os-server-groups/{group["id"]}')
    contract.validate(group_schemas.delete_server_group, deleted)
    assert compute.get('/os-server-groups').json() == {'server_groups': []}
