"""Read-modify-write of a server's fields for the sub-resources (metadata, tags): the
write is conditional on the version read, and made again on a fresh read when another
write came first, so concurrent changes never undo each other."""

import random
import time
from collections.abc import Callable

from translator import exception
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common, server_actions
from translator.backend.models import Server

# Each lost round has one winner: enough for that many concurrent writers of one server,
# each retry after a short random pause so they spread out.
_ATTEMPTS = 20
_MAX_PAUSE = 0.02


def server(req: api_wsgi.Request) -> Server:
    """The server of the URL (404 if the project has none such)."""
    return common.find_server(req)


def rewrite(req: api_wsgi.Request, action: str, vm_states: frozenset,
            changes_of: Callable[[Server], dict]) -> Server:
    """Apply ``changes_of(server)`` if the server may do ``action`` (Nova's lock and
    state checks, 409 otherwise)."""
    driver = req.driver
    for _ in range(_ATTEMPTS):
        current = server(req)
        server_actions.check_lock(req.context, current)
        server_actions.check_state(current, action, vm_states)
        try:
            return driver.update_server(req.context, current.id, changes_of(current),
                                        current.resource_version)
        except exception.ServerChanged:
            time.sleep(random.uniform(0, _MAX_PAUSE))
    raise exception.ServerChanged(server_id=req.urlvars['server_id'])
