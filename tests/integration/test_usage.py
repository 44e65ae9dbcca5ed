"""Usage reports (``openstack usage list/show``) from the server pods, and the empty
volume attachments of Arktos VMs."""

import datetime
import uuid

import pytest

from tests import api
from tests.api import wait_for_status


@pytest.fixture
def running(translator):
    compute = api.ComputeAPI(translator)
    server_id = compute.create_server('used', flavorRef='2').json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    return compute, server_id


def _window(hours_before: float = 1, hours_after: float = 1) -> str:
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    start = now - datetime.timedelta(hours=hours_before)
    end = now + datetime.timedelta(hours=hours_after)
    return f'start={start.isoformat()}&end={end.isoformat()}'


def test_usage_of_a_project_and_of_all(running, translator):
    compute, server_id = running
    usage = compute.get(f'/os-simple-tenant-usage/{compute.project}?{_window()}').json()[
        'tenant_usage']
    (item,) = usage['server_usages']
    assert (item['instance_id'], item['flavor'], item['state']) == (server_id, 'm1.small',
                                                                    'active')
    assert (item['vcpus'], item['memory_mb'], item['local_gb']) == (1, 2048, 20)
    assert 0 < item['hours'] < 0.1 and item['ended_at'] is None
    assert usage['total_memory_mb_usage'] == pytest.approx(item['hours'] * 2048)
    assert usage['total_vcpus_usage'] == pytest.approx(item['hours'])
    assert usage['tenant_id'] == compute.project

    admin = api.ComputeAPI(translator, user='admin', version='2.40')
    listed = admin.get(f'/os-simple-tenant-usage?{_window()}&detailed=1').json()[
        'tenant_usages']
    mine = [u for u in listed if u['tenant_id'] == compute.project]
    assert len(mine) == 1 and mine[0]['server_usages'][0]['instance_id'] == server_id
    plain = admin.get(f'/os-simple-tenant-usage?{_window()}').json()['tenant_usages']
    assert all('server_usages' not in u for u in plain)

    assert compute.get(f'/os-simple-tenant-usage?{_window()}').status_code == 403
    other = api.ComputeAPI(translator)
    assert other.get(f'/os-simple-tenant-usage/{compute.project}').status_code == 403
    # A period before the server ran, and a reversed one.
    before = compute.get(f'/os-simple-tenant-usage/{compute.project}?'
                         f'{_window(hours_before=3, hours_after=-2)}').json()
    assert before == {'tenant_usage': {}}
    assert compute.get(f'/os-simple-tenant-usage/{compute.project}?'
                       f'{_window(hours_before=-2, hours_after=-1)}').status_code == 400
    assert compute.get(f'/os-simple-tenant-usage/{compute.project}?start=yesterday'
                       ).status_code == 400


def test_volume_attachments_are_empty(running):
    compute, server_id = running
    assert compute.get(f'/servers/{server_id}/os-volume_attachments').json() == \
        {'volumeAttachments': []}
    response = compute.post(f'/servers/{server_id}/os-volume_attachments',
                            {'volumeAttachment': {'volumeId': str(uuid.uuid4())}})
    assert response.status_code == 501
    assert compute.get(f'/servers/{uuid.uuid4()}/os-volume_attachments').status_code == 404


def test_usage_pages_over_servers_from_2_40(translator):
    """novaclient's ``nova usage`` asks for pages with the last server as marker until one
    comes back empty: every server once, then an empty report."""
    owner = api.ComputeAPI(translator)
    ids = {owner.create_server(f'u{n}').json()['server']['id'] for n in range(3)}
    for server_id in ids:
        wait_for_status(owner, server_id, 'ACTIVE')
    compute = api.ComputeAPI(translator, version='2.40', project=owner.project)
    path = f'/os-simple-tenant-usage/{compute.project}?{_window()}&limit=2'
    first = compute.get(path).json()
    page = [u['instance_id'] for u in first['tenant_usage']['server_usages']]
    assert len(page) == 2 and f'marker={page[-1]}' in first['tenant_usage_links'][0]['href']
    second = compute.get(f'{path}&marker={page[-1]}').json()
    rest = [u['instance_id'] for u in second['tenant_usage']['server_usages']]
    assert set(page + rest) == ids and 'tenant_usage_links' not in second
    assert compute.get(f'{path}&marker={rest[-1]}').json() == {'tenant_usage': {}}
    assert compute.get(f'{path}&marker={uuid.uuid4()}').status_code == 400
    older = api.ComputeAPI(translator, version='2.39', project=compute.project)
    assert older.get(f'/os-simple-tenant-usage/{compute.project}?{_window()}&limit=1'
                     ).status_code == 200
    strict = api.ComputeAPI(translator, version='2.75', project=compute.project)
    assert strict.get(f'{path}&bogus=1').status_code == 400
