"""``/servers/{id}/metadata[/{key}]``: list, merge, replace, and one item at a time."""

from translator import exception, states
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import server_fields
from translator.api.schemas import server_subresources as schemas
from translator.policies import server_subresources as policies
from translator.web import wsgi

# Nova's update_instance_metadata: these states, no task.
_VM_STATES = frozenset({states.ACTIVE, states.PAUSED, states.SUSPENDED, states.STOPPED})


def _rewrite(req, change) -> dict:
    updated = server_fields.rewrite(req, 'update metadata', _VM_STATES,
                                    lambda server: {'metadata': change(dict(server.metadata))})
    return updated.metadata


def index(req: api_wsgi.Request):
    req.context.can(policies.METADATA_INDEX)
    return wsgi.json_response({'metadata': server_fields.server(req).metadata})


def create(req: api_wsgi.Request):
    req.context.can(policies.METADATA_CREATE)
    new = validation.extract_json(req.body, schemas.metadata)['metadata']
    return wsgi.json_response({'metadata': _rewrite(req, lambda old: {**old, **new})})


def update_all(req: api_wsgi.Request):
    req.context.can(policies.METADATA_UPDATE_ALL)
    new = validation.extract_json(req.body, schemas.metadata)['metadata']
    return wsgi.json_response({'metadata': _rewrite(req, lambda old: new)})


def show(req: api_wsgi.Request):
    req.context.can(policies.METADATA_SHOW)
    key = req.urlvars['key']
    metadata = server_fields.server(req).metadata
    if key not in metadata:
        raise exception.MetadataItemNotFound()
    return wsgi.json_response({'meta': {key: metadata[key]}})


def update(req: api_wsgi.Request):
    req.context.can(policies.METADATA_UPDATE)
    key = req.urlvars['key']
    item = validation.extract_json(req.body, schemas.metadata_item)['meta']
    if key not in item:
        raise exception.Invalid('Request body and URI mismatch')
    metadata = _rewrite(req, lambda old: {**old, key: item[key]})
    return wsgi.json_response({'meta': {key: metadata[key]}})


def delete(req: api_wsgi.Request):
    req.context.can(policies.METADATA_DELETE)
    key = req.urlvars['key']

    def without(old: dict) -> dict:
        if key not in old:
            raise exception.MetadataItemNotFound()
        return {name: value for name, value in old.items() if name != key}
    _rewrite(req, without)
    return wsgi.empty_response(204)
