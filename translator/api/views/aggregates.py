"""Views of host aggregates (``uuid`` from 2.41; a create answers without hosts and
metadata, as Nova's)."""

from translator.backend.models import Aggregate


def aggregate(req, item: Aggregate, *, created: bool = False) -> dict:
    body = {'availability_zone': item.availability_zone, 'created_at': item.created_at,
            'deleted': False, 'deleted_at': None, 'id': item.id, 'name': item.name,
            'updated_at': item.updated_at}
    if not created:
        body.update(hosts=list(item.hosts), metadata=dict(item.metadata))
    if req.version >= (2, 41):
        body['uuid'] = item.uuid
    return body


def show(req, item: Aggregate, *, created: bool = False) -> dict:
    return {'aggregate': aggregate(req, item, created=created)}


def collection(req, items: list) -> dict:
    return {'aggregates': [aggregate(req, item) for item in items]}
