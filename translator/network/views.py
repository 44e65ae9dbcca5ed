"""Networks, subnets, ports and security groups in Neutron's shape.

Each resource's attributes are declared (``*_FIELDS``): they are what the list
filters and ``sort_key`` accept. Operator networks (``[network] networks``) belong
to no project and are shared by all.
"""

import ipaddress
import uuid

from translator.backend.models import AvailabilityZone, Network, Nic, SecurityGroup, Server

NETWORK_FIELDS = ('id', 'name', 'tenant_id', 'project_id', 'admin_state_up', 'status',
                  'subnets', 'shared', 'router:external', 'availability_zones',
                  'availability_zone_hints', 'description')
SUBNET_FIELDS = ('id', 'name', 'tenant_id', 'project_id', 'network_id', 'ip_version',
                 'cidr', 'gateway_ip', 'allocation_pools', 'dns_nameservers',
                 'host_routes', 'enable_dhcp', 'ipv6_address_mode', 'ipv6_ra_mode',
                 'subnetpool_id', 'description')
PORT_FIELDS = ('id', 'name', 'tenant_id', 'project_id', 'network_id', 'admin_state_up',
               'status', 'mac_address', 'fixed_ips', 'device_id', 'device_owner',
               'security_groups', 'description')
SECURITY_GROUP_FIELDS = ('id', 'name', 'tenant_id', 'project_id', 'description',
                         'security_group_rules')
RULE_FIELDS = ('id', 'tenant_id', 'project_id', 'security_group_id', 'direction',
               'ethertype', 'protocol', 'port_range_min', 'port_range_max',
               'remote_ip_prefix', 'remote_group_id', 'description',
               'belongs_to_default_sg')
OWNER = ''  # the project of the operator's networks: none


def network(net: Network, zones: list[AvailabilityZone]) -> dict:
    return {
        'id': net.id, 'name': net.label, 'tenant_id': OWNER, 'project_id': OWNER,
        'admin_state_up': True, 'status': 'ACTIVE',
        'subnets': [net.subnet_id] if net.subnet_id else [],
        'shared': True, 'router:external': False,
        'availability_zones': [zone.name for zone in zones if zone.available],
        'availability_zone_hints': [], 'description': '',
    }


def subnet(net: Network) -> dict:
    """The subnet of a network's ``cidr``: Arktos assigns the addresses, so there is
    no gateway Neutron knows of, and the whole range is its allocation pool."""
    cidr = ipaddress.ip_network(net.cidr, strict=False)
    hosts = list(_ends(cidr))
    return {
        'id': net.subnet_id, 'name': net.subnet or net.label, 'tenant_id': OWNER,
        'project_id': OWNER, 'network_id': net.id, 'ip_version': cidr.version,
        'cidr': str(cidr), 'gateway_ip': None,
        'allocation_pools': [{'start': hosts[0], 'end': hosts[1]}] if hosts else [],
        'dns_nameservers': [], 'host_routes': [], 'enable_dhcp': True,
        'ipv6_address_mode': None, 'ipv6_ra_mode': None, 'subnetpool_id': None,
        'description': '',
    }


def pool_size(item: dict) -> int:
    """The number of addresses in a rendered subnet's allocation pools."""
    return sum(int(ipaddress.ip_address(pool['end'])) - int(ipaddress.ip_address(pool['start']))
               + 1 for pool in item['allocation_pools'])


def _ends(cidr) -> tuple:
    """The first and last host addresses of ``cidr`` (none for a /31, /32)."""
    if cidr.num_addresses < 4:
        return ()
    return str(cidr[1]), str(cidr[-2])


def port(server: Server, nic: Nic, net: Network, zone: str, group_ids: list) -> dict:
    """A server's NIC: its addresses are the ones Arktos reports for the network."""
    addresses = server.addresses.get(nic.network_label, ())
    return {
        'id': nic.port_id, 'name': '', 'tenant_id': server.project_id,
        'project_id': server.project_id, 'network_id': net.id, 'admin_state_up': True,
        'status': 'ACTIVE' if server.status == 'ACTIVE' else 'DOWN',
        'mac_address': nic.mac_address,
        'fixed_ips': [{'subnet_id': net.subnet_id, 'ip_address': address.addr}
                      for address in addresses],
        'device_id': server.id, 'device_owner': f'compute:{server.availability_zone or zone}',
        'security_groups': group_ids, 'description': '',
    }


def _rule_id(group: SecurityGroup, direction: str, ethertype: str) -> str:
    return str(uuid.uuid5(uuid.UUID(group.id), f'{direction}/{ethertype}'))


def default_rules(group: SecurityGroup) -> list[dict]:
    """The rules Neutron gives every project's ``default`` group: all egress, and
    ingress from the group's members, over IPv4 and IPv6."""
    return [{
        'id': _rule_id(group, direction, ethertype), 'tenant_id': group.project_id,
        'project_id': group.project_id, 'security_group_id': group.id,
        'direction': direction, 'ethertype': ethertype, 'protocol': None,
        'port_range_min': None, 'port_range_max': None, 'remote_ip_prefix': None,
        'remote_group_id': group.id if direction == 'ingress' else None,
        'description': '', 'belongs_to_default_sg': True,
    } for direction in ('egress', 'ingress') for ethertype in ('IPv4', 'IPv6')]


def security_group(group: SecurityGroup) -> dict:
    return {'id': group.id, 'name': group.name, 'tenant_id': group.project_id,
            'project_id': group.project_id, 'description': group.description,
            'security_group_rules': default_rules(group)}
