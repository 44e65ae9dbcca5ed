"""Renders ``/os-availability-zone`` (and its admin ``detail`` with hosts)."""


def _hosts(zone) -> dict | None:
    if zone.hosts is None:
        return None
    return {host: {'nova-compute': {'available': ready, 'active': True, 'updated_at': None}}
            for host, ready in zone.hosts.items()}


def collection(zones: list, *, detail: bool) -> dict:
    return {'availabilityZoneInfo': [
        {'zoneName': zone.name, 'zoneState': {'available': zone.available},
         'hosts': _hosts(zone) if detail else None}
        for zone in zones]}
