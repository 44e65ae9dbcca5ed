"""The network API's query (filters, fields, sorting, paging), views and faults."""

import pytest
import webob

from translator import exception
from translator.api.views import interfaces
from translator.backend.models import Address, Flavor, Network, Nic, SecurityGroup, Server
from translator.network import faults, query, views
from translator.web import faults as web_faults
from translator.web import wsgi

FIELDS = ('id', 'name', 'shared', 'size', 'fixed_ips', 'tags')
ITEMS = [{'id': f'id-{n}', 'name': name, 'shared': n % 2 == 0, 'size': n,
          'fixed_ips': [{'subnet_id': 's', 'ip_address': f'10.0.0.{n}'}], 'tags': ['t']}
         for n, name in enumerate(('b', 'a', 'c', 'a'))]


def _list(query_string: str, items=ITEMS) -> dict:
    req = wsgi.Request.blank(f'/v2.0/things?{query_string}')
    req.environ[wsgi.BASE_URL_KEY] = 'http://x/networking'
    return query.list_response(req, 'things', items, FIELDS).json


def _ids(query_string: str) -> list:
    return [item['id'] for item in _list(query_string)['things']]


@pytest.mark.parametrize('query_string, expected', [
    ('', ['id-0', 'id-1', 'id-2', 'id-3']),
    ('name=a', ['id-1', 'id-3']),
    ('name=a&name=c', ['id-1', 'id-2', 'id-3']),
    ('shared=True', ['id-0', 'id-2']), ('shared=0', ['id-1', 'id-3']),
    ('size=2', ['id-2']),
    ('fixed_ips=ip_address=10.0.0.3', ['id-3']),
    ('fixed_ips=ip_address=10.0.0.3&fixed_ips=subnet_id=s', ['id-3']),
    ('fixed_ips=subnet_id=other', []),
    ('sort_key=name', ['id-1', 'id-3', 'id-0', 'id-2']),
    ('sort_key=name&sort_dir=desc', ['id-2', 'id-0', 'id-1', 'id-3']),
    ('sort_key=name&sort_dir=asc&sort_key=size&sort_dir=desc', ['id-3', 'id-1', 'id-0',
                                                                'id-2']),
    ('limit=2', ['id-0', 'id-1']), ('limit=0', ['id-0', 'id-1', 'id-2', 'id-3']),
    ('marker=id-1', ['id-2', 'id-3']), ('marker=id-2&limit=1&page_reverse=True', ['id-1']),
])
def test_filters_sorting_paging(query_string, expected):
    assert _ids(query_string) == expected


@pytest.mark.parametrize('query_string, message', [
    ('colour=blue', '[colour] is invalid attribute for filtering'),
    ('shared=maybe', "Invalid input for shared. Reason: 'maybe' cannot be converted"),
    ('fixed_ips=10.0.0.1', 'Invalid input for fixed_ips'),
    ('sort_key=tags', 'tags is invalid attribute for sort_key'),
    ('sort_key=name&sort_dir=up', 'up is invalid value for sort_dir'),
    ('sort_key=name&sort_dir=asc&sort_dir=desc', 'The number of sort_keys and sort_dirs'),
    ('limit=x', "Limit must be an integer 0 or greater and not 'x'"),
    ('limit=-2', 'Limit must be an integer'),
    ('marker=nope', 'marker [nope] not found'),
])
def test_bad_queries_are_400(query_string, message):
    with pytest.raises(exception.Invalid) as caught:
        _list(query_string)
    assert caught.value.message.startswith(message)


def test_links_only_with_a_limit():
    assert 'things_links' not in _list('')
    first = _list('limit=2&name=a&name=b&name=c')
    assert first['things_links'] == [{'rel': 'next', 'href': (
        'http://x/networking/v2.0/things?limit=2&name=a&name=b&name=c&marker=id-1')}]
    last = _list('limit=2&marker=id-1')
    assert [link['rel'] for link in last['things_links']] == ['next', 'previous']
    assert last['things_links'][1]['href'].endswith('marker=id-2&page_reverse=True')
    short = _list('limit=3&marker=id-1')
    assert [link['rel'] for link in short['things_links']] == ['previous']


def test_fields_select_attributes():
    assert _list('fields=id&fields=size&name=c') == {'things': [{'id': 'id-2', 'size': 2}]}


NET = Network(id='6b1c7a7e-3f0e-4a53-9c1e-1d6b0b8f9a01', label='private', subnet='priv',
              cidr='10.1.0.0/24')


def test_network_and_subnet_views_agree():
    network = views.network(NET, [])
    subnet = views.subnet(NET)
    assert set(network) == set(views.NETWORK_FIELDS)
    assert set(subnet) == set(views.SUBNET_FIELDS)
    assert network['subnets'] == [subnet['id']] == [NET.subnet_id]
    assert subnet['allocation_pools'] == [{'start': '10.1.0.1', 'end': '10.1.0.254'}]
    assert views.pool_size(subnet) == 254 and subnet['ip_version'] == 4
    assert views.network(Network(id=NET.id, label='flat'), [])['subnets'] == []


def _server(**fields) -> Server:
    return Server(
        id='s-1', name='vm', project_id='p', user_id='u', vm_state='active', task_state=None,
        power_state=1, created='', updated='', flavor=Flavor('1', 'f', 1, 64, 1),
        image_id='i', addresses={'private': [Address('10.1.0.9', 4, 'fa:16:3e:00:00:01')]},
        **fields)


def test_port_view():
    server = _server(nics=(Nic('port-1', 'private', 'fa:16:3e:00:00:01'),),
                     availability_zone='az1')
    port = views.port(server, server.nics[0], NET, 'nova', ['g'])
    assert set(port) == set(views.PORT_FIELDS)
    assert port['fixed_ips'] == [{'subnet_id': NET.subnet_id, 'ip_address': '10.1.0.9'}]
    assert port['device_owner'] == 'compute:az1' and port['status'] == 'ACTIVE'


def test_default_group_has_neutrons_four_rules():
    group = views.security_group(SecurityGroup(
        id='1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c03', name='default', project_id='p'))
    assert set(group) == set(views.SECURITY_GROUP_FIELDS)
    rules = group['security_group_rules']
    assert all(set(rule) == set(views.RULE_FIELDS) for rule in rules)
    assert len({rule['id'] for rule in rules}) == 4


def test_neutron_fault_bodies():
    assert faults.neutron_fault(404, 'gone', {}, 'NetworkNotFoundItem') == {
        'NeutronError': {'type': 'NetworkNotFound', 'message': 'gone', 'detail': ''}}
    assert faults.neutron_fault(405, 'no', {}, None)['NeutronError']['type'] == \
        'HTTPMethodNotAllowed'
    environ = webob.Request.blank('/').environ
    environ[wsgi.FAULT_BODY_KEY] = faults.neutron_fault
    response = web_faults.fault_response(environ, 409, 'busy')
    assert response.json == {'NeutronError': {'type': 'HTTPConflict', 'message': 'busy',
                                              'detail': ''}}


def test_interfaces_name_the_ports_subnet():
    """Nova's os-interface shows the Neutron subnet id of the port's address (it showed
    the Arktos subnet name, which no subnet has as its id)."""
    attachment = interfaces.interfaces(_server(), [NET])[0]
    assert attachment['fixed_ips'] == [{'subnet_id': views.subnet(NET)['id'],
                                        'ip_address': '10.1.0.9'}]
