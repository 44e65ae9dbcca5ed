"""``/os-aggregates``: host aggregates over Arktos node labels (``openstack aggregate
create/add host/list``), admin only; see ``translator.backend.arktos.aggregates``.

An ``availability_zone`` becomes a node label value, so it must be one (at most 63 letters,
digits, ``-``, ``_`` or ``.``, starting and ending with a letter or digit): another is a 400
where Nova would take it.
"""

import re

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import aggregates as schemas
from translator.api.views import aggregates as view
from translator.backend import aggregates as rules
from translator.policies import aggregates as policies
from translator.web import wsgi

_LABEL_VALUE = re.compile(r'^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$')


def _id(req: api_wsgi.Request) -> int:
    value = req.urlvars['aggregate_id']
    try:
        return int(value)
    except ValueError:
        raise exception.Invalid(
            f'Invalid input for field/attribute id. Value: {value}. '
            f"'{value}' is not an integer") from None


def _zone(value):
    """``availability_zone`` as given (None clears it), checked as a label value."""
    if value is not None:
        value = value.strip()
        if not _LABEL_VALUE.match(value):
            raise exception.Invalid(
                f'Invalid availability zone {value!r}: on Arktos it is a node label value '
                "(at most 63 letters, digits, '-', '_' or '.', starting and ending with a "
                'letter or digit).')
    return value


def index(req: api_wsgi.Request):
    req.context.can(policies.INDEX)
    return wsgi.json_response(view.collection(req, req.driver.list_aggregates(req.context)))


def create(req: api_wsgi.Request):
    req.context.can(policies.CREATE)
    body = validation.extract_json(req.body, schemas.create)['aggregate']
    created = req.driver.create_aggregate(req.context, body['name'].strip(),
                                          _zone(body.get('availability_zone')))
    return wsgi.json_response(view.show(req, created, created=True))


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW)
    return wsgi.json_response(view.show(req, req.driver.get_aggregate(req.context, _id(req))))


def update(req: api_wsgi.Request):
    req.context.can(policies.UPDATE)
    body = validation.extract_json(req.body, schemas.update)['aggregate']
    aggregate_id = _id(req)
    metadata = ({rules.ZONE: _zone(body['availability_zone'])}
                if 'availability_zone' in body else None)
    name = body['name'].strip() if 'name' in body else None
    updated = req.driver.update_aggregate(req.context, aggregate_id, name, metadata)
    return wsgi.json_response(view.show(req, updated))


def delete(req: api_wsgi.Request):
    req.context.can(policies.DELETE)
    req.driver.delete_aggregate(req.context, _id(req))
    return wsgi.empty_response(200)


def _add_host(req, aggregate_id: int, body: dict):
    return req.driver.add_aggregate_host(req.context, aggregate_id, body['host'])


def _remove_host(req, aggregate_id: int, body: dict):
    try:
        return req.driver.remove_aggregate_host(req.context, aggregate_id, body['host'])
    except exception.NotFound:
        raise exception.AggregateHostNotFound(aggregate_id=aggregate_id,
                                              host=body['host']) from None


def _set_metadata(req, aggregate_id: int, body: dict):
    metadata = dict(body['metadata'])
    if rules.ZONE in metadata:
        metadata[rules.ZONE] = _zone(metadata[rules.ZONE])
    return req.driver.update_aggregate(req.context, aggregate_id, metadata=metadata)


_ACTIONS = {
    'add_host': (policies.ADD_HOST, schemas.add_host, _add_host),
    'remove_host': (policies.REMOVE_HOST, schemas.remove_host, _remove_host),
    'set_metadata': (policies.SET_METADATA, schemas.set_metadata, _set_metadata),
}


def action(req: api_wsgi.Request):
    body = validation.extract_json(req.body, {'type': 'object'})
    name = next(iter(body), None) if len(body) == 1 else None
    if name not in _ACTIONS:
        raise exception.Invalid(f'There is no such action: {name or ""}')
    rule, schema, run = _ACTIONS[name]
    req.context.can(rule)
    validation.validate(body, schema)
    return wsgi.json_response(view.show(req, run(req, _id(req), body[name])))
