"""``/os-server-groups``: Arktos schedules VM pods without (anti-)affinity groups, so no
server group can exist. Listing answers an empty list (clients such as Rally's cleanup list
them in every project), showing one is 404, creating one 501."""

from translator import exception
from translator.api import wsgi as api_wsgi
from translator.policies import server_groups as policies
from translator.web import wsgi


def index(req: api_wsgi.Request):
    req.context.can(policies.INDEX)
    return wsgi.json_response({'server_groups': []})


def show(req: api_wsgi.Request):
    req.context.can(policies.SHOW)
    raise exception.ServerGroupNotFound(group_id=req.urlvars['server_group_id'])


def create(req: api_wsgi.Request):
    req.context.can(policies.CREATE)
    raise exception.NotSupported(feature='server groups')
