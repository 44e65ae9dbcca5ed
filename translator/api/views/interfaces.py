"""A server's IPs (``/ips``) and NICs as Nova interface attachments (``/os-interface``)."""

from translator.backend.models import Network, Server, port_id


def ips(entries: list) -> list:
    return [{'version': address.version, 'addr': address.addr} for address in entries]


def interfaces(server: Server, networks: list[Network]) -> list[dict]:
    """One attachment per network the server has addresses on."""
    by_label = {network.label: network for network in networks}
    attachments = []
    for label, entries in server.addresses.items():
        network = by_label.get(label)
        attachments.append({
            'port_state': 'ACTIVE',
            'port_id': port_id(server.id, label),
            'net_id': network.id if network else None,
            'mac_addr': entries[0].mac_addr if entries else None,
            'fixed_ips': [{'subnet_id': network.subnet_id if network else None,
                           'ip_address': address.addr} for address in entries],
        })
    return attachments
