"""Multi-server create (min_count/max_count), as Nova does it."""

import pytest
import requests

from tests.api import wait_for_status


@pytest.mark.parametrize('count', [1, 5, 50])
def test_batch_create(compute, arktos_pods, count):
    response = compute.create_server('web', min_count=count, max_count=count)
    assert response.status_code == 202
    first = response.json()['server']
    assert first['adminPass']
    servers = compute.get('/servers/detail').json()['servers']
    assert len(servers) == count
    names = sorted(server['name'] for server in servers)
    assert names == (['web'] if count == 1 else sorted(f'web-{i}' for i in range(1, count + 1)))
    pods = arktos_pods(compute.project)
    reservations = {pod['metadata']['labels']['nova.openstack.org/reservation-id']
                    for pod in pods}
    assert len(pods) == count and len(reservations) == 1
    compute.created += [server['id'] for server in servers]
    (reservation_id,) = reservations
    listed = compute.get(f'/servers?reservation_id={reservation_id}').json()['servers']
    assert len(listed) == count
    first_name = 'web' if count == 1 else 'web-1'
    assert compute.get(f'/servers/{first["id"]}').json()['server']['name'] == first_name
    for server in servers[:3]:
        wait_for_status(compute, server['id'], 'ACTIVE')


def test_return_reservation_id_for_a_batch(compute):
    response = compute.create_server('r', min_count=2, max_count=3, return_reservation_id=True)
    assert response.status_code == 202
    reservation_id = response.json()['reservation_id']
    listed = compute.get(f'/servers?reservation_id={reservation_id}').json()['servers']
    compute.created += [server['id'] for server in listed]
    assert sorted(server['name'] for server in listed) == ['r-1', 'r-2', 'r-3']


def test_batch_limits(compute, arktos_pods):
    response = compute.create_server(min_count=1001, max_count=1001)
    assert response.status_code == 403
    assert 'Quota exceeded for instances: Requested 1001' in \
        response.json()['forbidden']['message']
    assert compute.create_server(min_count=3, max_count=2).status_code == 400
    assert compute.create_server(min_count=0).status_code == 400
    assert arktos_pods(compute.project) == []


@pytest.fixture
def emulator_faults(arktos):
    if arktos['kind'] != 'emulator':
        pytest.skip('fault injection needs the emulator')
    url = arktos['url'] + '/_emulator/faults'
    yield lambda **knobs: requests.patch(url, json=knobs, timeout=5).raise_for_status()
    requests.delete(url, timeout=5)


def _fail_next_pod_creates(compute, emulator_faults, count: int) -> None:
    compute.create_server('provision')  # the project's tenant exists from here on
    emulator_faults(error_next=count, error_code=500,
                    match=f'POST /api/v1/tenants/{compute.project}/namespaces/default/pods')


def test_batch_below_min_count_leaves_nothing(compute, arktos_pods, emulator_faults):
    _fail_next_pod_creates(compute, emulator_faults, 2)
    response = compute.create_server('b', min_count=5, max_count=5)
    assert response.status_code == 503
    assert response.headers['Retry-After']
    assert [pod['metadata']['annotations']['nova.openstack.org/name']
            for pod in arktos_pods(compute.project)] == ['provision']


def test_batch_at_or_above_min_count_keeps_what_was_created(compute, arktos_pods,
                                                             emulator_faults):
    _fail_next_pod_creates(compute, emulator_faults, 2)
    response = compute.create_server('b', min_count=3, max_count=5)
    assert response.status_code == 202
    names = sorted(s['name'] for s in compute.get('/servers?name=^b-').json()['servers'])
    compute.created += [s['id'] for s in compute.get('/servers').json()['servers']]
    assert len(names) == 3 and set(names) <= {f'b-{i}' for i in range(1, 6)}
    assert len(arktos_pods(compute.project)) == 4
