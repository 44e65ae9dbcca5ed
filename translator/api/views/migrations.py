"""Renders migrations (in-place resizes) in Nova's shapes: 2.1, 2.23
(``migration_type``), 2.59 (``uuid``, paging links) and 2.80 (``user_id``,
``project_id``)."""

from translator.api.views import common
from translator.backend.models import Migration


def _flavor_db_id(flavor_id: str) -> int | None:
    """Nova's ``*_instance_type_id`` is an integer: the flavor id when it is one."""
    return int(flavor_id) if flavor_id.isdigit() else None


def _time(timestamp: str | None) -> str | None:
    return timestamp.rstrip('Z') + '.000000' if timestamp else None


def migration(req, item: Migration, show_host: bool) -> dict:
    node = item.node if show_host else None
    body = {
        'id': item.id, 'instance_uuid': item.instance_uuid, 'status': item.status,
        'source_node': node, 'source_compute': node, 'dest_node': node,
        'dest_compute': node, 'dest_host': node,
        'old_instance_type_id': _flavor_db_id(item.old_flavor_id),
        'new_instance_type_id': _flavor_db_id(item.new_flavor_id),
        'created_at': _time(item.created_at), 'updated_at': _time(item.updated_at),
    }
    if req.version >= (2, 23):
        body['migration_type'] = item.migration_type
    if req.version >= (2, 59):
        body['uuid'] = item.uuid
    if req.version >= (2, 80):
        body['user_id'] = item.user_id
        body['project_id'] = item.project_id
    return body


def collection(req, items: list, show_host: bool, page_full: bool) -> dict:
    body = {'migrations': [migration(req, item, show_host) for item in items]}
    if page_full and items and req.version >= (2, 59):
        body['migrations_links'] = [common.next_link(req, 'os-migrations', items[-1].uuid)]
    return body
