"""``/os-keypairs``: a user's key pairs (list, create or import, show, delete)."""

from translator.api import pagination, validation
from translator.api import wsgi as api_wsgi
from translator.api.schemas import keypairs as schemas
from translator.api.views import keypairs as view
from translator.policies import keypairs as policies
from translator.web import wsgi


def _user_id(req: api_wsgi.Request, rule: str, params: dict | None = None) -> str:
    """The user the request acts on (the caller, or ``user_id`` from 2.10), authorized."""
    if params is None:
        params = validation.query_params(req.GET, schemas.query(req.version))
    user_id = params.get('user_id', [req.context.user_id])[-1]
    req.context.can(rule, {'user_id': user_id})
    return user_id


def index(req: api_wsgi.Request):
    params = validation.query_params(req.GET, schemas.query(req.version, paged=True))
    user_id = _user_id(req, policies.INDEX, params)
    keypairs = req.driver.list_keypairs(req.context, user_id)
    selected, full = pagination.page(keypairs, params, req.conf.api.max_limit,
                                     key=lambda keypair: keypair.name)
    return wsgi.json_response(view.collection(req, selected, page_full=full))


def create(req: api_wsgi.Request):
    body = validation.extract_json(req.body, schemas.create(req.version))['keypair']
    user_id = body.get('user_id', req.context.user_id)
    req.context.can(policies.CREATE, {'user_id': user_id})
    keypair = req.driver.create_keypair(req.context, user_id, body['name'],
                                        body.get('type', 'ssh'),
                                        body.get('public_key'))
    return wsgi.json_response(view.created(req, keypair),
                              201 if req.version >= (2, 2) else 200)


def show(req: api_wsgi.Request):
    user_id = _user_id(req, policies.SHOW)
    keypair = req.driver.get_keypair(req.context, user_id,
                                     req.urlvars['keypair_name'])
    return wsgi.json_response(view.show(req, keypair))


def delete(req: api_wsgi.Request):
    user_id = _user_id(req, policies.DELETE)
    req.driver.delete_keypair(req.context, user_id, req.urlvars['keypair_name'])
    return wsgi.empty_response(204 if req.version >= (2, 2) else 202)
