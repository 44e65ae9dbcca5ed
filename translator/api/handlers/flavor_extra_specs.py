"""``/flavors/{id}/os-extra_specs[/{key}]``: read by whoever sees the flavor, changed by
admins."""

from translator import exception
from translator.api import validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import flavors as schemas
from translator.policies import flavors as policies
from translator.web import wsgi


def _text(value) -> str:
    """Nova stores extra spec values as text (``true``/``false`` for booleans)."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _not_found(flavor_id: str, key: str) -> exception.NotFound:
    return exception.NotFound(f'Flavor {flavor_id} has no extra specs with key {key}.')


def index(req: api_wsgi.Request):
    flavor = req.driver.get_flavor(req.context, req.urlvars['flavor_id'])
    return wsgi.json_response({'extra_specs': dict(flavor.extra_specs)})


def show(req: api_wsgi.Request):
    flavor = req.driver.get_flavor(req.context, req.urlvars['flavor_id'])
    key = req.urlvars['key']
    if key not in flavor.extra_specs:
        raise _not_found(flavor.id, key)
    return wsgi.json_response({key: flavor.extra_specs[key]})


def create(req: api_wsgi.Request):
    req.context.can(policies.EXTRA_SPECS_CREATE)
    specs = {key: _text(value) for key, value in validation.extract_json(
        req.body, schemas.extra_specs)['extra_specs'].items()}
    req.driver.update_flavor(req.context, req.urlvars['flavor_id'], lambda flavor: {
        'extra_specs': {**flavor.extra_specs, **specs}})
    return wsgi.json_response({'extra_specs': specs})


def update(req: api_wsgi.Request):
    req.context.can(policies.EXTRA_SPECS_UPDATE)
    key = req.urlvars['key']
    body = validation.extract_json(req.body, schemas.extra_spec)
    if key not in body:
        raise exception.Invalid('Request body and URI mismatch')
    value = _text(body[key])
    req.driver.update_flavor(req.context, req.urlvars['flavor_id'], lambda flavor: {
        'extra_specs': {**flavor.extra_specs, key: value}})
    return wsgi.json_response({key: value})


def delete(req: api_wsgi.Request):
    req.context.can(policies.EXTRA_SPECS_DELETE)
    key = req.urlvars['key']

    def without(flavor) -> dict:
        if key not in flavor.extra_specs:
            raise _not_found(flavor.id, key)
        return {'extra_specs': {k: v for k, v in flavor.extra_specs.items() if k != key}}
    req.driver.update_flavor(req.context, req.urlvars['flavor_id'], without)
    return wsgi.empty_response(200)
