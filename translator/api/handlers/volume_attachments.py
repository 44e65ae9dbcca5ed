"""``/servers/{id}/os-volume_attachments``: Arktos VMs have no Cinder volumes, so the
list is empty (Horizon's instance page asks for it) and attaching is Nova's 501."""

from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.policies import server_subresources as policies
from translator.web import wsgi


def index(req: api_wsgi.Request):
    req.context.can(policies.VOLUME_ATTACHMENTS_LIST)
    common.find_server(req)
    return wsgi.json_response({'volumeAttachments': []})


def create(req: api_wsgi.Request):
    common.refuse(req, policies.VOLUME_ATTACHMENTS_CREATE, 'Cinder volumes')
