"""Server list filtering and ordering, as Nova applies them (backend-neutral)."""

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
    if ip_re is not None and not any(ip_re.match(address.addr)
                                     for entries in server.addresses.values()
                                     for address in entries):
        return False
    return True


def sort_key(server: Server) -> tuple:
    """Nova's default order is this key, descending (newest first)."""
    return server.created, server.id


def newest(items, limit: int, key, after: tuple | None = None) -> list:
    """At most ``limit`` of ``items`` (any iterable), greatest ``key`` first, only those
    below ``after`` (a marker's key): memory grows with ``limit``, not with ``items``."""
    if after is not None:
        items = (item for item in items if key(item) < after)
    return heapq.nlargest(limit, items, key=key)


def select(servers, filters: ServerFilters, limit: int, after: tuple | None = None
           ) -> list[Server]:
    """A page of the servers that pass ``filters``, newest first (see ``newest``)."""
    # Nova: the name is a database REGEXP (a search, case-blind on MySQL), the
    # addresses are matched in Python from their start (re.match).
    name_re = None if filters.name is None else regex.compile_pattern(
        'name', filters.name, ignore_case=True)
    ip_re = None if filters.ip is None else regex.compile_pattern('ip', filters.ip)
    return newest((server for server in servers if _matches(server, filters, name_re, ip_re)),
                  limit, sort_key, after)
