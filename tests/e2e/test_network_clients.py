"""OpenStack's network clients through Keystone's ``network`` endpoint: openstackclient's
network, subnet, port and security group commands, ``server create --network``, and
openstacksdk's security group lookup (Ansible's ``openstack.cloud.server`` makes it)."""

import json

import openstack
import pytest
import requests

from tests.e2e.conftest import sdk_connection, token
from tests.e2e.test_clients import cli  # noqa: F401 (the fixture)

DEFAULT_NETWORK = '0b8ac2ff-0b3a-4a8f-9a55-5b1ad1c4a6b0'


def _json(result):
    return json.loads(result.stdout)


def test_catalog_lists_network(stack):
    conn = sdk_connection(stack, 'demo', 'demo')
    assert conn.network.get_endpoint() == stack['TRANSLATOR_URL'] + '/networking/v2.0'
    group = conn.network.find_security_group('default')
    assert group is not None and group.name == 'default'
    assert conn.network.get_security_group(group.id).id == group.id
    assert [n.id for n in conn.network.networks()] == [DEFAULT_NETWORK]


@pytest.fixture
def server(cli):  # noqa: F811
    created = _json(cli('openstack', 'server', 'create', '--image', 'cirros', '--flavor',
                        'm1.tiny', '--network', 'default', '--wait', 'net-vm', '-f', 'json'))
    yield created
    cli('openstack', 'server', 'delete', '--wait', created['id'])


def test_openstackclient_network_commands(cli, server, stack):  # noqa: F811
    assert server['status'] == 'ACTIVE'
    assert list(server['addresses']) == ['default']
    networks = _json(cli('openstack', 'network', 'list', '-f', 'json'))
    assert [(n['ID'], n['Name']) for n in networks] == [(DEFAULT_NETWORK, 'default')]
    assert _json(cli('openstack', 'network', 'show', 'default', '-f', 'json'))['shared']
    assert _json(cli('openstack', 'subnet', 'list', '-f', 'json')) == []
    ports = _json(cli('openstack', 'port', 'list', '--server', 'net-vm', '-f', 'json'))
    interface = _json(cli('openstack', 'server', 'show', 'net-vm', '-f', 'json'))
    assert len(ports) == 1 and ports[0]['Status'] == 'ACTIVE'
    assert ports[0]['Fixed IP Addresses'][0]['ip_address'] == \
        interface['addresses']['default'][0]
    groups = _json(cli('openstack', 'security', 'group', 'list', '-f', 'json'))
    assert [g['Name'] for g in groups] == ['default']
    nova_groups = _json(cli('openstack', 'server', 'show', 'net-vm', '-f', 'json'))
    assert nova_groups['security_groups'] == [{'name': 'default'}]
    rules = _json(cli('openstack', 'security', 'group', 'rule', 'list', 'default',
                      '-f', 'json'))
    assert sorted((r['Direction'], r['Ethertype']) for r in rules) == [
        ('egress', 'IPv4'), ('egress', 'IPv6'), ('ingress', 'IPv4'), ('ingress', 'IPv6')]
    refused = cli('openstack', 'network', 'create', 'mine', check=False)
    assert refused.returncode != 0 and '[network] networks' in refused.stderr
    quota = {row['Resource']: row['Limit']
             for row in _json(cli('openstack', 'quota', 'show', '-f', 'json'))}
    assert quota['networks'] == 0 and quota['ports'] == -1


def test_openstacksdk_creates_a_server_on_a_network_by_name(stack):
    conn = openstack.connect(auth_url=stack['KEYSTONE_URL'], token=token(stack, 'demo', 'demo'),
                             auth_type='token', project_name='demo',
                             project_domain_id='default', region_name='RegionOne')
    server = conn.create_server('sdk-net-vm', image='cirros', flavor='m1.tiny',
                                network='default', wait=True, timeout=120)
    try:
        assert server.status == 'ACTIVE' and list(server.addresses) == ['default']
        ports = list(conn.network.ports(device_id=server.id))
        assert [p.network_id for p in ports] == [DEFAULT_NETWORK]
    finally:
        conn.delete_server(server.id, wait=True, timeout=120)


def test_keystone_roles_and_projects(stack, server):  # noqa: F811
    """Readers read and may not write; members are refused writes for the reason;
    another project sees none of the server's ports or quotas; no token, no answer."""
    url = stack['TRANSLATOR_URL'] + '/networking/v2.0'

    def call(user: str, project: str, method: str, path: str, **kwargs):
        return requests.request(method, url + path, timeout=30, headers={
            'X-Auth-Token': token(stack, user, project)}, **kwargs)

    assert call('demo_reader', 'demo', 'GET', '/networks').status_code == 200
    denied = call('demo_reader', 'demo', 'POST', '/networks', json={'network': {}})
    assert denied.status_code == 403
    assert denied.json()['NeutronError']['type'] == 'PolicyNotAuthorized'
    refused = call('demo', 'demo', 'POST', '/networks', json={'network': {}})
    assert refused.json()['NeutronError']['type'] == 'NetworkResourceReadOnly'
    ports = call('demo_reader', 'demo', 'GET', f'/ports?device_id={server["id"]}').json()
    assert len(ports['ports']) == 1
    assert call('alt_demo', 'alt_demo', 'GET',
                f'/ports?device_id={server["id"]}').json() == {'ports': []}
    assert call('alt_demo', 'alt_demo', 'GET', f'/quotas/{stack["DEMO_PROJECT_ID"]}'
                ).status_code == 403
    assert requests.get(url + '/networks', timeout=30).status_code == 401
