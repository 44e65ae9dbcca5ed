"""``/os-availability-zone`` and, for admins, ``/os-availability-zone/detail``."""

from translator.api import wsgi as api_wsgi
from translator.api.views import availability_zones as view
from translator.policies import availability_zones as policies
from translator.web import wsgi


def _list(req: api_wsgi.Request, detail: bool):
    req.context.can(policies.DETAIL if detail else policies.LIST)
    zones = req.driver.list_availability_zones(req.context)
    return wsgi.json_response(view.collection(zones, detail=detail))


def index(req: api_wsgi.Request):
    return _list(req, detail=False)


def detail(req: api_wsgi.Request):
    return _list(req, detail=True)
