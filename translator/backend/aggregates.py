"""Nova's rules for host aggregates, shared by the backends: metadata changes and the one
availability zone a host may be in."""

import datetime

from translator import exception
from translator.backend.models import Aggregate

ZONE = 'availability_zone'


def now() -> str:
    """A record's timestamp, as Nova writes ``created_at``/``updated_at``."""
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')


def merged(metadata: dict, changes: dict) -> dict:
    """``metadata`` with ``changes`` set (a None value deletes the key)."""
    result = dict(metadata)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def check_unique_name(aggregates: list, name: str, aggregate_id: int | None = None) -> None:
    if any(a.name == name and a.id != aggregate_id for a in aggregates):
        raise exception.AggregateNameExists(aggregate_name=name)


def zone_conflicts(aggregates: list, aggregate: Aggregate, hosts, zone: str | None) -> list:
    """The other zones ``hosts`` are in through other aggregates, when ``aggregate`` would
    put them in ``zone`` (Nova allows a host in one zone only)."""
    if not zone:
        return []
    return sorted({other.availability_zone for other in aggregates
                   if other.id != aggregate.id and other.availability_zone
                   and other.availability_zone != zone
                   and set(other.hosts) & set(hosts)})


def check_zone_change(aggregates: list, aggregate: Aggregate, zone: str | None) -> None:
    """A new zone for ``aggregate`` must not move its hosts out of another aggregate's."""
    conflicts = zone_conflicts(aggregates, aggregate, aggregate.hosts, zone)
    if conflicts:
        raise exception.InvalidAggregateAction(
            action='update', aggregate_id=aggregate.id,
            reason=f'One or more hosts contained in aggregate {aggregate.id} are in other '
                   f'availability zone(s) {conflicts}')


def check_add(aggregates: list, aggregate: Aggregate, host: str) -> None:
    if host in aggregate.hosts:
        raise exception.AggregateHostExists(aggregate_id=aggregate.id, host=host)
    conflicts = zone_conflicts(aggregates, aggregate, [host], aggregate.availability_zone)
    if conflicts:
        raise exception.InvalidAggregateActionAdd(
            aggregate_id=aggregate.id,
            reason=f'One or more hosts already in availability zone(s) {conflicts}')


def check_delete(aggregate: Aggregate) -> None:
    if aggregate.hosts:
        raise exception.InvalidAggregateAction(action='remove', aggregate_id=aggregate.id,
                                               reason='Host aggregate is not empty')


def zone_of(aggregates: list, host: str, leaving: Aggregate | None = None) -> str | None:
    """The zone ``host`` is in through its aggregates (but ``leaving``), if any."""
    return next((a.availability_zone for a in aggregates
                 if host in a.hosts and a.availability_zone
                 and (leaving is None or a.id != leaving.id)), None)
