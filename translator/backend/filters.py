"""Server list filtering and ordering, as Nova applies them (backend-neutral)."""

import functools
import heapq

from translator.backend import regex
from translator.backend.models import Server, ServerFilters


def _matches(server: Server, filters: ServerFilters, name_re, ip_re) -> bool:
    if name_re is not None and not name_re.search(server.name):
        return False
    if filters.statuses is not None and server.status not in filters.statuses:
        return False
    if filters.image is not None and server.image_id != filters.image:
        return False
    if filters.flavor is not None and server.flavor.id != filters.flavor:
        return False
    if filters.reservation_id is not None and server.reservation_id != filters.reservation_id:
        return False
    if filters.changes_since is not None and server.updated < filters.changes_since:
        return False
    if filters.changes_before is not None and server.updated > filters.changes_before:
        return False
    if any(_text(getattr(server, attribute)) not in values
           for attribute, values in filters.fields):
        return False
    if not _tags_match(set(server.tags), filters):
        return False
    if ip_re is not None and not any(ip_re.match(address.addr)
                                     for entries in server.addresses.values()
                                     for address in entries):
        return False
    return True


def _text(value) -> str:
    """How an exact-match filter compares a value (booleans as Nova's ``true``)."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return '' if value is None else str(value)


def _tags_match(tags: set, filters: ServerFilters) -> bool:
    if filters.tags is not None and not tags.issuperset(filters.tags):
        return False
    if filters.tags_any is not None and not tags.intersection(filters.tags_any):
        return False
    if filters.not_tags is not None and tags.issuperset(filters.not_tags):
        return False
    return filters.not_tags_any is None or not tags.intersection(filters.not_tags_any)


def sort_key(server: Server) -> tuple:
    """Nova's default order is this key, descending (newest first)."""
    return server.created, server.id


def newest(items, limit: int, key, after: tuple | None = None) -> list:
    """At most ``limit`` of ``items`` (any iterable), greatest ``key`` first, only those
    below ``after`` (a marker's key): memory grows with ``limit``, not with ``items``."""
    if after is not None:
        items = (item for item in items if key(item) < after)
    return heapq.nlargest(limit, items, key=key)


def _ordered(a: Server, b: Server, keys: tuple) -> int:
    for attribute, descending in keys:
        # Keys Arktos keeps no value for (kernel_id…) are NULL for every server.
        left, right = getattr(a, attribute, None), getattr(b, attribute, None)
        if left == right:
            continue
        # Nova's databases sort NULL first, ascending.
        if left is None or (right is not None and left < right):
            return 1 if descending else -1
        return -1 if descending else 1
    return 0


def select(servers, filters: ServerFilters, limit: int, after: tuple | None = None,
           marker: Server | None = None) -> list[Server]:
    """A page of the servers that pass ``filters``: newest first (see ``newest``), or
    in ``filters.sort`` order after ``marker``."""
    # Nova: the name is a database REGEXP (a search, case-blind on MySQL), the
    # addresses are matched in Python from their start (re.match).
    name_re = None if filters.name is None else regex.compile_pattern(
        'name', filters.name, ignore_case=True)
    ip_re = None if filters.ip is None else regex.compile_pattern('ip', filters.ip)
    passing = (server for server in servers if _matches(server, filters, name_re, ip_re))
    if filters.sort is None:
        return newest(passing, limit, sort_key, after)
    # The default order breaks ties, as Nova appends created_at and id.
    keys = (*filters.sort, ('created', True), ('id', True))
    order = functools.cmp_to_key(lambda a, b: _ordered(a, b, keys))
    ordered = sorted(passing, key=order)
    if marker is not None:
        ordered = [server for server in ordered if order(server) > order(marker)]
    return ordered[:limit]
