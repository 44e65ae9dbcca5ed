"""Instance actions and their events as Nova renders them per microversion."""

from translator.backend.models import Server

# Nova's event of each action (the compute manager method that carries it out); lock
# and unlock happen in the API and have none.
_EVENTS = {
    'create': 'compute__do_build_and_run_instance', 'stop': 'compute_stop_instance',
    'start': 'compute_start_instance', 'reboot': 'compute_reboot_instance',
    'pause': 'compute_pause_instance', 'unpause': 'compute_unpause_instance',
    'suspend': 'compute_suspend_instance', 'resume': 'compute_resume_instance',
    'rebuild': 'compute_rebuild_instance', 'createImage': 'compute_snapshot_instance',
}


def nova_time(value: str | None) -> str | None:
    """``2026-01-01T00:00:00Z`` as Nova's database writes it (``…T00:00:00.000000``)."""
    if not value:
        return None
    text = value.rstrip('Z')
    return text if '.' in text else text + '.000000'


def updated_at(record: dict) -> str | None:
    return record.get('finish_time') or record.get('start_time')


def action(req, server: Server, record: dict) -> dict:
    body = {'action': record['action'], 'instance_uuid': server.id,
            'message': record.get('message'), 'project_id': record['project_id'],
            'request_id': record['request_id'], 'start_time': nova_time(record['start_time']),
            'user_id': record['user_id']}
    if req.version >= (2, 58):
        body['updated_at'] = nova_time(updated_at(record))
    return body


def events(req, server: Server, record: dict, with_traceback: bool) -> list[dict]:
    name = _EVENTS.get(record['action'])
    if name is None:
        return []
    event = {'event': name, 'start_time': nova_time(record['start_time']),
             'finish_time': nova_time(record.get('finish_time')),
             'result': record.get('result')}
    if with_traceback:
        event['traceback'] = None
    if req.version >= (2, 62):
        event['hostId'] = server.host_id
        if with_traceback:
            event['host'] = server.host
    if req.version >= (2, 84):
        event['details'] = (server.fault or {}).get('message') \
            if record.get('result') == 'Error' else None
    return [event]
