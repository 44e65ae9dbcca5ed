"""Nova's instance actions of a server: what this service did to it, by which request
and caller, when, and how it ended (backend-neutral).

A backend keeps the records with the server and appends one in the same write that
starts the action; the previous record is closed then (actions are one at a time). The
last record is read as finished once the server has no task (at its ``updated`` time,
``Error`` when the server shows a fault).
"""

from translator import states
from translator.backend.models import Server

# Records kept per server: the last ones.
MAX_RECORDS = 20
# Task → the Nova action that starts it.
TASK_ACTIONS = {
    states.POWERING_OFF: 'stop', states.POWERING_ON: 'start', 'pausing': 'pause',
    'unpausing': 'unpause', 'suspending': 'suspend', 'resuming': 'resume',
    states.REBOOTING: 'reboot', states.REBOOTING_HARD: 'reboot',
    states.IMAGE_SNAPSHOT: 'createImage', states.REBUILDING: 'rebuild',
}


def record(action: str, context, now: str) -> dict:
    """A new record of ``action`` requested by ``context``."""
    return {'action': action, 'request_id': context.request_id,
            'user_id': context.user_id, 'project_id': context.project_id,
            'start_time': now, 'message': None}


def _result(server: Server) -> str:
    return 'Error' if server.fault else 'Success'


def appended(server: Server, new: dict) -> list[dict]:
    """The server's records with ``new`` last (the previous one closed), bounded."""
    records = [dict(item) for item in server.actions]
    if records and 'finish_time' not in records[-1]:
        records[-1].update(finish_time=server.updated, result=_result(server))
    return (records + [new])[-MAX_RECORDS:]


def shown(server: Server) -> list[dict]:
    """The records as the API shows them, newest first, the last one finished when the
    server has no task."""
    records = [dict(item) for item in server.actions]
    last = records[-1] if records else None
    if last is not None and 'finish_time' not in last and server.task_state is None \
            and server.vm_state != states.BUILDING:
        last.update(finish_time=server.updated, result=_result(server))
    return list(reversed(records))
