"""Availability zones: from ``[availability_zone]``, or from the Arktos nodes' zone label."""

from translator import exception
from translator.backend.arktos import client as arktos_client
from translator.backend.models import AvailabilityZone


def _ready(node: dict) -> bool:
    return any(condition.get('type') == 'Ready' and condition.get('status') == 'True'
               for condition in (node.get('status') or {}).get('conditions') or ())


def zones_from_nodes(nodes: list, zone_label: str, default_zone: str) -> list:
    """One zone per value of ``zone_label`` (``default_zone`` for unlabelled nodes),
    with its hosts and whether each is ready; sorted by name."""
    hosts: dict = {}
    for node in nodes:
        metadata = node.get('metadata') or {}
        zone = (metadata.get('labels') or {}).get(zone_label) or default_zone
        hosts.setdefault(zone, {})[metadata.get('name', '')] = _ready(node)
    return [AvailabilityZone(name=zone, available=any(members.values()), hosts=members)
            for zone, members in sorted(hosts.items())]


class Zones:

    def __init__(self, group, client: arktos_client.ArktosClient):
        self.conf = group
        self.client = client

    def list(self) -> list[AvailabilityZone]:
        if self.conf.zones_from_nodes:
            nodes = self.client.get('/api/v1/nodes').get('items') or []
            return zones_from_nodes(nodes, self.conf.zone_label, self.conf.default_zone)
        names = list(dict.fromkeys([*self.conf.zones, self.conf.default_zone]))
        return [AvailabilityZone(name=name) for name in names]

    def placement(self, zone: str | None) -> tuple[str, dict | None]:
        """``(zone, nodeSelector)`` of a server that asks for ``zone`` (or none)."""
        if zone is None:
            return self.conf.default_zone, None
        if zone not in {known.name for known in self.list()}:
            raise exception.InvalidAvailabilityZone()
        if self.conf.zones_from_nodes and zone != self.conf.default_zone:
            return zone, {self.conf.zone_label: zone}
        return zone, None


class ZonesMixin:
    """The availability zone method of ``ArktosDriver``."""

    def list_availability_zones(self, context) -> list[AvailabilityZone]:
        return self.zones.list()
