"""``/servers/{id}/diagnostics`` and ``/remote-consoles``: Arktos reports no VM
diagnostics and offers no consoles, so both are Nova's 501 once the server is found."""

from translator import exception
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.policies import servers as policies


def diagnostics(req: api_wsgi.Request):
    common.refuse(req, policies.DIAGNOSTICS, 'VM diagnostics')


def remote_consoles(req: api_wsgi.Request):
    if req.version < (2, 6):
        raise exception.NotFound()
    common.refuse(req, policies.REMOTE_CONSOLES, 'remote consoles')
