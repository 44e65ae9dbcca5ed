"""``/servers/{id}/tags[/{tag}]`` (2.26+): list, replace, delete all, check, add, delete."""

import jsonschema

from translator import exception, states
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.handlers import server_fields
from translator.api.schemas import parameter_types as types
from translator.api.schemas import server_subresources as schemas
from translator.policies import server_subresources as policies
from translator.web import wsgi

MIN_VERSION = (2, 26)
# Nova's server tags: these states, no task.
_VM_STATES = frozenset({states.ACTIVE, states.PAUSED, states.SUSPENDED, states.STOPPED,
                        'shelved', 'shelved_offloaded'})


def _authorize(req: api_wsgi.Request, rule: str) -> None:
    if req.version < MIN_VERSION:
        raise exception.NotFound()
    req.context.can(rule)


def _rewrite(req, change) -> tuple:
    updated = server_fields.rewrite(req, 'update tags', _VM_STATES,
                                    lambda server: {'tags': change(tuple(server.tags))})
    return updated.tags


def _tag(req: api_wsgi.Request) -> str:
    tag = req.urlvars['tag']
    try:
        jsonschema.validate(tag, types.tag)
    except jsonschema.ValidationError as e:
        raise exception.InvalidTag(tag=tag, reason=e.message) from None
    return tag


def index(req: api_wsgi.Request):
    _authorize(req, policies.TAGS_INDEX)
    return wsgi.json_response({'tags': list(server_fields.server(req).tags)})


def update_all(req: api_wsgi.Request):
    _authorize(req, policies.TAGS_UPDATE_ALL)
    tags = validation.extract_json(req.body, schemas.tags)['tags']
    unique = tuple(dict.fromkeys(tags))
    return wsgi.json_response({'tags': list(_rewrite(req, lambda old: unique))})


def delete_all(req: api_wsgi.Request):
    _authorize(req, policies.TAGS_DELETE_ALL)
    _rewrite(req, lambda old: ())
    return wsgi.empty_response(204)


def show(req: api_wsgi.Request):
    _authorize(req, policies.TAGS_SHOW)
    tag = req.urlvars['tag']
    if tag not in server_fields.server(req).tags:
        raise exception.TagNotFound(tag=tag)
    return wsgi.empty_response(204)


def update(req: api_wsgi.Request):
    _authorize(req, policies.TAGS_UPDATE)
    tag = _tag(req)
    if tag in server_fields.server(req).tags:
        return wsgi.empty_response(204)

    def with_tag(old: tuple) -> tuple:
        if tag in old:
            return old
        if len(old) >= types.MAX_TAGS:
            raise exception.TooManyTags(allowed=types.MAX_TAGS)
        return (*old, tag)
    _rewrite(req, with_tag)
    return wsgi.empty_response(201, {'Location': req.path_url})


def delete(req: api_wsgi.Request):
    _authorize(req, policies.TAGS_DELETE)
    tag = req.urlvars['tag']

    def without(old: tuple) -> tuple:
        if tag not in old:
            raise exception.TagNotFound(tag=tag)
        return tuple(t for t in old if t != tag)
    _rewrite(req, without)
    return wsgi.empty_response(204)
