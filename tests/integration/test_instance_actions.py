"""Instance actions: every action on a server is recorded with its request id, caller,
times and result (``openstack server event list/show``)."""

import uuid

from tests import api
from tests.api import wait_for_status


def _act(compute, server_id, body) -> str:
    response = compute.post(f'/servers/{server_id}/action', body)
    assert response.status_code == 202, response.text
    return response.headers['x-openstack-request-id']


def test_actions_are_recorded_with_their_requests(translator):
    compute = api.ComputeAPI(translator, version='2.58')
    created = compute.create_server(networks='auto')
    server_id = created.json()['server']['id']
    create_request = created.headers['x-openstack-request-id']
    wait_for_status(compute, server_id, 'ACTIVE')
    stop = _act(compute, server_id, {'os-stop': None})
    wait_for_status(compute, server_id, 'SHUTOFF')
    start = _act(compute, server_id, {'os-start': None})
    wait_for_status(compute, server_id, 'ACTIVE')
    lock = _act(compute, server_id, {'lock': None})

    listed = compute.get(f'/servers/{server_id}/os-instance-actions').json()['instanceActions']
    assert [(a['action'], a['request_id']) for a in listed] == [
        ('lock', lock), ('start', start), ('stop', stop), ('create', create_request)]
    assert all(a['instance_uuid'] == server_id and a['project_id'] == compute.project and
               a['user_id'] == 'alice' and a['start_time'] and a['updated_at']
               for a in listed)

    shown = compute.get(f'/servers/{server_id}/os-instance-actions/{stop}').json()
    action = shown['instanceAction']
    assert action['action'] == 'stop'
    (event,) = action['events']  # members see events from 2.51, without tracebacks
    assert (event['event'], event['result']) == ('compute_stop_instance', 'Success')
    assert event['finish_time'] >= event['start_time'] and 'traceback' not in event
    create = compute.get(f'/servers/{server_id}/os-instance-actions/{create_request}').json()
    assert create['instanceAction']['events'][0]['event'] == \
        'compute__do_build_and_run_instance'

    admin = api.ComputeAPI(translator, compute.project, user='admin', version='2.62')
    event = admin.get(f'/servers/{server_id}/os-instance-actions/{stop}').json()[
        'instanceAction']['events'][0]
    assert event['traceback'] is None and 'host' in event and 'hostId' in event

    # 2.58 paging by request id.
    page = compute.get(f'/servers/{server_id}/os-instance-actions?limit=2').json()
    assert [a['request_id'] for a in page['instanceActions']] == [lock, start]
    rest = compute.get(f'/servers/{server_id}/os-instance-actions?marker={start}').json()
    assert [a['request_id'] for a in rest['instanceActions']] == [stop, create_request]
    assert compute.get(f'/servers/{server_id}/os-instance-actions?marker=req-x'
                       ).status_code == 400
    assert compute.get(f'/servers/{server_id}/os-instance-actions?foo=1').status_code == 400
    assert compute.get(f'/servers/{server_id}/os-instance-actions/req-nothing'
                       ).status_code == 404
    assert compute.get(f'/servers/{uuid.uuid4()}/os-instance-actions').status_code == 404
    other = api.ComputeAPI(translator)
    assert other.get(f'/servers/{server_id}/os-instance-actions').status_code == 404
