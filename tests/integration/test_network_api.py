"""The Neutron v2.0 subset at /networking: discovery, Neutron's faults, the operator's
network, ports of servers, the default security group, quotas, refusals."""

import uuid

import pytest
import requests

from tests import api
from tests.api import NetworkAPI, wait_for_status

DEFAULT_NETWORK = '0b8ac2ff-0b3a-4a8f-9a55-5b1ad1c4a6b0'


def _fault(response, status: int, error_type: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()['NeutronError']
    assert error['type'] == error_type and error['detail'] == ''
    return error['message']


def test_version_discovery(translator):
    response = requests.get(translator + '/networking')
    assert response.status_code == 200
    assert response.json() == {'versions': [{
        'id': 'v2.0', 'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': translator + '/networking/v2.0/'}]}]}
    resources = requests.get(translator + '/networking/v2.0/').json()['resources']
    assert {'name': 'network', 'collection': 'networks', 'links': [
        {'rel': 'self', 'href': translator + '/networking/v2.0/networks'}]} in resources


def test_faults_are_neutrons(translator):
    network = NetworkAPI(translator, api.new_project())
    missing = str(uuid.uuid4())
    assert _fault(network.get(f'/v2.0/networks/{missing}'), 404, 'NetworkNotFound') == \
        f'Network {missing} could not be found.'
    _fault(network.get('/v2.0/routers'), 404, 'HTTPNotFound')
    _fault(network.get('/v3/networks'), 404, 'HTTPNotFound')
    _fault(network.get('/v2.0/networks?colour=blue'), 400, 'Invalid')
    _fault(network.get('/v2.0/networks?limit=-1'), 400, 'Invalid')
    _fault(network.get('/v2.0/networks?sort_key=subnets'), 400, 'Invalid')
    _fault(network.request('POST', '/v2.0/ports', json={'port': {}}), 405,
           'HTTPMethodNotAllowed')


def test_networks_list_show_filters_fields(translator):
    network = NetworkAPI(translator, api.new_project())
    body = network.get('/v2.0/networks').json()
    assert [n['id'] for n in body['networks']] == [DEFAULT_NETWORK]
    default = body['networks'][0]
    assert default['name'] == 'default' and default['shared'] is True
    assert default['router:external'] is False and default['status'] == 'ACTIVE'
    assert default['subnets'] == [] and default['availability_zones'] == ['nova']
    assert network.get(f'/v2.0/networks/{DEFAULT_NETWORK}').json() == {'network': default}
    assert network.get('/v2.0/networks.json?name=default').json() == body
    for query in ('name=default&name=other', f'id={DEFAULT_NETWORK}', 'shared=True',
                  'router:external=false'):
        assert network.get(f'/v2.0/networks?{query}').json() == body, query
    for query in ('name=other', 'shared=false', f'id={uuid.uuid4()}'):
        assert network.get(f'/v2.0/networks?{query}').json() == {'networks': []}, query
    assert network.get('/v2.0/networks?fields=id&fields=name').json() == {
        'networks': [{'id': DEFAULT_NETWORK, 'name': 'default'}]}
    assert network.get(f'/v2.0/networks/{DEFAULT_NETWORK}?fields=status').json() == {
        'network': {'status': 'ACTIVE'}}
    assert network.get('/v2.0/subnets').json() == {'subnets': []}


def test_paging_has_neutrons_links(translator):
    network = NetworkAPI(translator, api.new_project())
    body = network.get('/v2.0/security-group-rules?limit=3&sort_key=ethertype'
                       '&sort_dir=desc').json()
    rules = body['security_group_rules']
    assert [rule['ethertype'] for rule in rules] == ['IPv6', 'IPv6', 'IPv4']
    assert [link['rel'] for link in body['security_group_rules_links']] == ['next']
    next_page = network.get(body['security_group_rules_links'][0]['href'].split(
        '/networking', 1)[1]).json()
    assert len(next_page['security_group_rules']) == 1
    assert [link['rel'] for link in next_page['security_group_rules_links']] == [
        'previous']
    previous = next_page['security_group_rules_links'][0]['href'].split('/networking', 1)[1]
    assert network.get(previous).json()['security_group_rules'] == rules
    _fault(network.get(f'/v2.0/networks?marker={uuid.uuid4()}'), 400, 'MarkerNotFound')


def test_default_security_group_is_novas(translator):
    project = api.new_project()
    network = NetworkAPI(translator, project)
    groups = network.get('/v2.0/security-groups').json()['security_groups']
    assert [group['name'] for group in groups] == ['default']
    group = groups[0]
    assert group['project_id'] == group['tenant_id'] == project
    compute = api.ComputeAPI(translator, project)
    nova_groups = compute.get('/os-security-groups').json()['security_groups']
    assert [g['id'] for g in nova_groups] == [group['id']]
    rules = group['security_group_rules']
    assert sorted((rule['direction'], rule['ethertype'], rule['remote_group_id'])
                  for rule in rules) == [
        ('egress', 'IPv4', None), ('egress', 'IPv6', None),
        ('ingress', 'IPv4', group['id']), ('ingress', 'IPv6', group['id'])]
    listed = network.get(f'/v2.0/security-group-rules?security_group_id={group["id"]}')
    assert listed.json()['security_group_rules'] == rules
    assert network.get(f'/v2.0/security-group-rules/{rules[0]["id"]}').json() == {
        'security_group_rule': rules[0]}
    assert network.get(f'/v2.0/security-groups/{group["id"]}').json() == {
        'security_group': group}
    other = NetworkAPI(translator, api.new_project())
    _fault(other.get(f'/v2.0/security-groups/{group["id"]}'), 404, 'SecurityGroupNotFound')
    assert 'Arktos enforces no other' in _fault(
        network.request('POST', '/v2.0/security-groups', json={
            'security_group': {'name': 'web'}}), 403, 'NetworkResourceReadOnly')
    _fault(network.request('DELETE', f'/v2.0/security-groups/{group["id"]}'), 409,
           'SecurityGroupCannotRemoveDefault')
    _fault(network.request('DELETE', f'/v2.0/security-group-rules/{uuid.uuid4()}'), 404,
           'SecurityGroupRuleNotFound')


def test_network_writes_are_refused_with_the_reason(translator):
    network = NetworkAPI(translator, api.new_project())
    message = _fault(network.request('POST', '/v2.0/networks', json={
        'network': {'name': 'mine'}}), 403, 'NetworkResourceReadOnly')
    assert '[network] networks' in message
    _fault(network.request('DELETE', f'/v2.0/networks/{DEFAULT_NETWORK}'), 403,
           'NetworkResourceReadOnly')
    _fault(network.request('PUT', f'/v2.0/networks/{uuid.uuid4()}', json={
        'network': {}}), 404, 'NetworkNotFound')


@pytest.fixture
def server(translator):
    compute = api.ComputeAPI(translator)
    server_id = compute.create_server(
        'nic', networks=[{'uuid': DEFAULT_NETWORK}]).json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    yield compute, server_id
    compute.delete_created()


def test_ports_are_the_servers_nics(translator, server):
    compute, server_id = server
    network = NetworkAPI(translator, compute.project)
    ports = network.get(f'/v2.0/ports?device_id={server_id}').json()['ports']
    assert len(ports) == 1
    port = ports[0]
    interface = compute.get(f'/servers/{server_id}/os-interface').json()[
        'interfaceAttachments'][0]
    assert port['id'] == interface['port_id'] and port['network_id'] == DEFAULT_NETWORK
    assert port['mac_address'] == interface['mac_addr']
    assert [ip['ip_address'] for ip in port['fixed_ips']] == [
        ip['ip_address'] for ip in interface['fixed_ips']]
    assert port['device_owner'] == 'compute:nova' and port['status'] == 'ACTIVE'
    assert port['project_id'] == compute.project
    group = network.get('/v2.0/security-groups').json()['security_groups'][0]
    assert port['security_groups'] == [group['id']]
    assert network.get(f'/v2.0/ports/{port["id"]}').json() == {'port': port}
    address = port['fixed_ips'][0]['ip_address']
    for query in (f'network_id={DEFAULT_NETWORK}', f'mac_address={port["mac_address"]}',
                  f'fixed_ips=ip_address={address}', 'device_owner=compute:nova'):
        assert [p['id'] for p in network.get(f'/v2.0/ports?{query}').json()['ports']] == [
            port['id']], query
    assert network.get('/v2.0/ports?fixed_ips=ip_address=192.0.2.1').json() == {
        'ports': []}
    _fault(network.get('/v2.0/ports?fixed_ips=colour'), 400, 'Invalid')
    other = NetworkAPI(translator, api.new_project())
    assert other.get(f'/v2.0/ports?device_id={server_id}').json() == {'ports': []}
    _fault(other.get(f'/v2.0/ports/{port["id"]}'), 404, 'PortNotFound')
    details = network.get(f'/v2.0/quotas/{compute.project}/details.json').json()['quota']
    assert details['port'] == {'limit': -1, 'used': 1, 'reserved': 0}
    admin = NetworkAPI(translator, 'admin', user='admin')
    availability = admin.get(f'/v2.0/network-ip-availabilities/{DEFAULT_NETWORK}').json()
    assert availability['network_ip_availability']['used_ips'] >= 1


def test_quotas_extensions_and_zones(translator):
    project = api.new_project()
    network = NetworkAPI(translator, project)
    assert network.get(f'/v2.0/quotas/{project}').json() == {'quota': {
        'network': 0, 'subnet': 0, 'port': -1, 'security_group': 1,
        'security_group_rule': 4}}
    assert network.get(f'/v2.0/quotas/{project}/default').status_code == 200
    assert network.get(f'/v2.0/quotas/{project}/details').json()['quota'][
        'security_group'] == {'limit': 1, 'used': 1, 'reserved': 0}
    _fault(network.get(f'/v2.0/quotas/{api.new_project()}'), 403, 'PolicyNotAuthorized')
    _fault(network.get('/v2.0/quotas'), 403, 'PolicyNotAuthorized')
    _fault(network.get('/v2.0/network-ip-availabilities'), 403, 'PolicyNotAuthorized')
    aliases = {e['alias'] for e in network.get('/v2.0/extensions').json()['extensions']}
    assert {'security-group', 'quotas', 'external-net'} <= aliases and 'router' not in aliases
    assert network.get('/v2.0/extensions/quotas').json()['extension']['alias'] == 'quotas'
    _fault(network.get('/v2.0/extensions/router'), 404, 'NotFound')
    assert network.get('/v2.0/availability_zones').json() == {'availability_zones': [
        {'name': 'nova', 'resource': 'network', 'state': 'available'}]}
