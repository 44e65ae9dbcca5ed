"""The network table, request → NIC mapping, and zones from nodes."""

import types

import pytest

from translator import exception
from translator.backend.arktos import networks, zones
from translator.backend.models import AvailabilityZone

PRIVATE = 'id=6b1c7a7e-3f0e-4a53-9c1e-1d6b0b8f9a01,label=private,subnet=private-subnet,vpc=vpc-1'
PUBLIC = ('id=9f9b8a41-2d7c-4c1a-8e4f-5a6b7c8d9e02,label=public,subnet=public-subnet,vpc=vpc-1,'
          'default=true,cidr=203.0.113.0/24')
OTHER_VPC = 'id=1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c03,label=other,vpc=vpc-2'


def _table(*texts: str) -> networks.NetworkTable:
    return networks.NetworkTable([networks.parse_network(text) for text in texts])


def test_parse_network():
    network = networks.parse_network(PUBLIC)
    assert (network.id, network.label, network.subnet, network.vpc, network.cidr,
            network.default) == ('9f9b8a41-2d7c-4c1a-8e4f-5a6b7c8d9e02', 'public',
                                 'public-subnet', 'vpc-1', '203.0.113.0/24', True)
    assert networks.parse_network('id=6B1C7A7E3F0E4A539C1E1D6B0B8F9A01,label=x').subnet is None


@pytest.mark.parametrize('text', ['label=x', 'id=6b1c7a7e-3f0e-4a53-9c1e-1d6b0b8f9a01',
                                  'id=not-a-uuid,label=x', PRIVATE + ',colour=blue',
                                  PRIVATE + ',novalue'])
def test_parse_network_errors(text):
    with pytest.raises(ValueError):
        networks.parse_network(text)


def test_default_network_is_the_flagged_one_else_the_first():
    assert _table(PRIVATE, PUBLIC).default.label == 'public'
    assert _table(PRIVATE, OTHER_VPC).default.label == 'private'


def test_auto_and_none():
    table = _table(PRIVATE, PUBLIC)
    auto = table.attach('auto')
    assert auto.nics == [{'name': 'eth0', 'subnetName': 'public-subnet'}]
    assert (auto.vpc, auto.labels) == ('vpc-1', ['public'])
    assert table.attach('none') == networks.Attachment(nics=[], vpc=None, labels=[])


def test_list_of_networks_ports_and_fixed_ips():
    table = _table(PRIVATE, PUBLIC)
    attachment = table.attach([
        {'uuid': '6b1c7a7e-3f0e-4a53-9c1e-1d6b0b8f9a01', 'fixed_ip': '10.0.0.5'},
        {'port': 'a3c1f7d2-0000-4000-8000-000000000001'},
    ])
    assert attachment.nics == [
        {'name': 'eth0', 'subnetName': 'private-subnet', 'ipAddress': '10.0.0.5'},
        {'name': 'eth1', 'subnetName': 'public-subnet',
         'portId': 'a3c1f7d2-0000-4000-8000-000000000001'},
    ]
    assert (attachment.vpc, attachment.labels) == ('vpc-1', ['private', 'public'])


def test_unknown_network_is_novas_400():
    with pytest.raises(exception.NetworkNotFound) as error:
        _table(PRIVATE).attach([{'uuid': '00000000-0000-4000-8000-000000000000'}])
    assert error.value.code == 400
    assert str(error.value) == 'Network 00000000-0000-4000-8000-000000000000 could not be found.'
    with pytest.raises(exception.NetworkNotFoundItem):
        _table(PRIVATE).get('00000000-0000-4000-8000-000000000000')


def test_networks_of_different_vpcs_cannot_be_combined():
    with pytest.raises(exception.Invalid, match='different VPCs'):
        _table(PRIVATE, OTHER_VPC).attach([{'uuid': '6b1c7a7e-3f0e-4a53-9c1e-1d6b0b8f9a01'},
                                           {'uuid': '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c03'}])


def test_default_security_group_is_stable_per_project():
    first, again = (networks.default_security_group('p1') for _ in range(2))
    assert first == again and first.name == 'default'
    assert networks.default_security_group('p2').id != first.id


def _node(name: str, zone: str | None, ready: bool = True) -> dict:
    labels = {'topology.kubernetes.io/zone': zone} if zone else {}
    return {'metadata': {'name': name, 'labels': labels},
            'status': {'conditions': [{'type': 'Ready', 'status': str(ready)}]}}


def test_zones_from_nodes():
    nodes = [_node('n1', 'az1'), _node('n2', 'az1', ready=False), _node('n3', 'az2', False),
             _node('n4', None)]
    assert zones.zones_from_nodes(nodes, 'topology.kubernetes.io/zone', 'nova') == [
        AvailabilityZone('az1', True, {'n1': True, 'n2': False}),
        AvailabilityZone('az2', False, {'n3': False}),
        AvailabilityZone('nova', True, {'n4': True}),
    ]


def _zones(**conf) -> zones.Zones:
    group = types.SimpleNamespace(**{'zones': ['nova'], 'default_zone': 'nova',
                                     'zones_from_nodes': False,
                                     'zone_label': 'topology.kubernetes.io/zone', **conf})
    client = types.SimpleNamespace(get=lambda path: {'items': [_node('n1', 'az1'),
                                                               _node('n2', None)]})
    return zones.Zones(group, client)


def test_placement_from_configured_zones():
    configured = _zones(zones=['az1', 'az2'])
    assert [zone.name for zone in configured.list()] == ['az1', 'az2', 'nova']
    assert configured.placement(None) == ('nova', None)
    assert configured.placement('az2') == ('az2', None)
    with pytest.raises(exception.InvalidAvailabilityZone):
        configured.placement('elsewhere')


def test_placement_from_nodes_selects_the_zone_label():
    from_nodes = _zones(zones_from_nodes=True)
    assert from_nodes.placement('az1') == ('az1', {'topology.kubernetes.io/zone': 'az1'})
    assert from_nodes.placement('nova') == ('nova', None)
    with pytest.raises(exception.InvalidAvailabilityZone):
        from_nodes.placement('az2')
