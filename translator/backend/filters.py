"""Server list filtering and ordering, as Nova applies them (backend-neutral)."""

import re

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
    if ip_re is not None and not any(ip_re.search(address.addr)
                                     for entries in server.addresses.values()
                                     for address in entries):
        return False
    return True


def _compile(pattern: str | None):
    if pattern is None:
        return None
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(pattern), re.IGNORECASE)


def apply(servers, filters: ServerFilters) -> list[Server]:
    """The servers that pass ``filters``, newest first (Nova's default order)."""
    name_re = _compile(filters.name)
    ip_re = _compile(filters.ip)
    selected = [server for server in servers if _matches(server, filters, name_re, ip_re)]
    selected.sort(key=lambda server: (server.created, server.id), reverse=True)
    return selected
