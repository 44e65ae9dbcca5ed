"""Networks from ``[network] networks`` and how a server's request maps to pod NICs.

A network is an Arktos subnet (``spec.nics[].subnetName``), optionally in a VPC
(``spec.vpc``), under the Nova id and label clients see. ``networks: "auto"``
attaches the default network, ``"none"`` no NIC, a list exactly these networks
(``uuid``), pre-created ports (``port`` → ``portId``) and fixed IPs
(``fixed_ip`` → ``ipAddress``). Security groups are Neutron's business; every
project has the one ``default`` group the nova-network proxy reads show.
"""

import dataclasses
import uuid

from translator import exception
from translator.backend.models import Network, SecurityGroup

_KEYS = frozenset({'id', 'label', 'subnet', 'vpc', 'cidr', 'default'})


def parse_network(text: str) -> Network:
    """A network of the ``[network] networks`` option (``key=value`` pairs)."""
    fields = {}
    for item in text.split(','):
        key, sep, value = item.partition('=')
        key = key.strip()
        if not sep or key not in _KEYS:
            raise ValueError(f'[network] networks: {item.strip()!r} in {text!r} is not one '
                             f'of {", ".join(sorted(_KEYS))}=<value>')
        fields[key] = value.strip()
    if not fields.get('id') or not fields.get('label'):
        raise ValueError(f'[network] networks: {text!r} needs an id and a label')
    fields['id'] = str(uuid.UUID(fields['id']))
    fields['default'] = fields.get('default', '').lower() in ('true', '1', 'yes')
    return Network(**{key: value or None if key in ('subnet', 'vpc', 'cidr') else value
                      for key, value in fields.items()})


@dataclasses.dataclass(frozen=True)
class Attachment:
    """The pod side of a server's networks."""

    nics: list
    vpc: str | None
    labels: list


class NetworkTable:

    def __init__(self, networks: list[Network]):
        self.networks = networks
        self.default = next((n for n in networks if n.default), networks[0])

    @classmethod
    def from_conf(cls, group) -> 'NetworkTable':
        return cls([parse_network(text) for text in group.networks])

    def get(self, network_id: str) -> Network:
        for network in self.networks:
            if network.id == network_id:
                return network
        raise exception.NetworkNotFoundItem(network_id=network_id)

    def attach(self, requested) -> Attachment:
        """The NICs, VPC and address labels of ``requested`` (``"auto"``, ``"none"`` or
        a list of ``{uuid, port, fixed_ip}``); 400 for an unknown network."""
        if requested == 'none':
            return Attachment(nics=[], vpc=None, labels=[])
        entries = [{'uuid': self.default.id}] if requested == 'auto' else requested
        nics, networks = [], []
        for index, entry in enumerate(entries):
            network = self.default
            if entry.get('uuid'):
                try:
                    network = self.get(entry['uuid'])
                except exception.NetworkNotFoundItem as e:
                    raise exception.NetworkNotFound(network_id=entry['uuid']) from e
            nic = {'name': f'eth{index}', 'subnetName': network.subnet,
                   'portId': entry.get('port'), 'ipAddress': entry.get('fixed_ip')}
            nics.append({key: value for key, value in nic.items() if value})
            networks.append(network)
        vpcs = {network.vpc for network in networks if network.vpc}
        if len(vpcs) > 1:
            raise exception.Invalid('The requested networks are in different VPCs: '
                                    f'{", ".join(sorted(vpcs))}.')
        return Attachment(nics=nics, vpc=vpcs.pop() if vpcs else None,
                          labels=[network.label for network in networks])


def default_security_group(project_id: str) -> SecurityGroup:
    """The project's ``default`` group, with an id stable per project."""
    group_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f'security-group:{project_id}:default'))
    return SecurityGroup(id=group_id, name='default', project_id=project_id,
                         description='Default security group')


class NetworksMixin:
    """The network and security group methods of ``ArktosDriver``."""

    def list_networks(self, context) -> list[Network]:
        return list(self.networks.networks)

    def get_network(self, context, network_id: str) -> Network:
        return self.networks.get(network_id)

    def list_security_groups(self, context) -> list[SecurityGroup]:
        return [default_security_group(context.project_id)]

    def get_security_group(self, context, group_id: str) -> SecurityGroup:
        group = default_security_group(context.project_id)
        if group_id != group.id:
            raise exception.SecurityGroupNotFound(security_group_id=group_id)
        return group

    def security_group_names(self, context, requested: tuple) -> tuple:
        """The names of the groups a server asks for by name or id (OSC sends ids);
        400 for an unknown group."""
        group = default_security_group(context.project_id)
        unknown = [name for name in requested if name not in (group.id, group.name)]
        if unknown:
            raise exception.Invalid(f'Security group {unknown[0]} not found.')
        return (group.name,) if requested else ()
