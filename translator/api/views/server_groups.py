"""Renders server groups in Nova's shapes: 2.1, 2.13 (``project_id``, ``user_id``) and
2.64 (``policy`` and ``rules`` instead of ``policies`` and ``metadata``)."""

from translator.backend.models import ServerGroup


def _group(req, group: ServerGroup) -> dict:
    body = {'id': group.id, 'name': group.name, 'members': list(group.members)}
    if req.version >= (2, 64):
        body['policy'] = group.policy
        body['rules'] = dict(group.rules)
    else:
        body['policies'] = [group.policy]
        body['metadata'] = {}
    if req.version >= (2, 13):
        body['project_id'] = group.project_id
        body['user_id'] = group.user_id
    return body


def show(req, group: ServerGroup) -> dict:
    return {'server_group': _group(req, group)}


def collection(req, groups: list) -> dict:
    return {'server_groups': [_group(req, group) for group in groups]}
