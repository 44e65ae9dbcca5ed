"""A server's IPs (``/ips``) and NICs as Nova interface attachments (``/os-interface``)."""

import uuid

from translator.backend.models import Network, Server

# Port ids are derived from the server and the network label: stable, and unique
# per NIC (Arktos attaches one NIC per network).
_PORT_NAMESPACE = uuid.UUID('5b8f0a6e-2d43-4c1e-9a57-0f3c6d2e8b41')


def ips(entries: list) -> list:
    return [{'version': address.version, 'addr': address.addr} for address in entries]


def port_id(server: Server, label: str) -> str:
    return str(uuid.uuid5(_PORT_NAMESPACE, f'{server.id}/{label}'))


def interfaces(server: Server, networks: list[Network]) -> list[dict]:
    """One attachment per network the server has addresses on."""
    by_label = {network.label: network for network in networks}
    attachments = []
    for label, entries in server.addresses.items():
        network = by_label.get(label)
        attachments.append({
            'port_state': 'ACTIVE',
            'port_id': port_id(server, label),
            'net_id': network.id if network else None,
            'mac_addr': entries[0].mac_addr if entries else None,
            'fixed_ips': [{'subnet_id': network.subnet if network else None,
                           'ip_address': address.addr} for address in entries],
        })
    return attachments
