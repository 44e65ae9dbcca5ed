"""Every list filter and sort key Nova has is applied, for the roles and microversions
Nova allows it to; none is silently ignored where Nova uses it."""

import pytest

from tests import api
from tests.api import wait_for_status


@pytest.fixture
def three(translator):
    """Servers a, b, c in one project: b locked, c tagged."""
    compute = api.ComputeAPI(translator, version='2.90')
    ids = {}
    for name in 'abc':
        response = compute.create_server(name, networks='auto')
        assert response.status_code == 202, response.text
        ids[name] = response.json()['server']['id']
    for server_id in ids.values():
        wait_for_status(compute, server_id, 'ACTIVE')
    assert compute.post(f'/servers/{ids["b"]}/action', {'lock': None}).status_code == 202
    assert compute.put(f'/servers/{ids["c"]}/tags', {'tags': ['web', 'blue']}).status_code == 200
    return compute, ids


def _names(compute, query: str, version: str | None = None) -> list:
    """The names in list order (servers made in one second tie on created_at)."""
    client = compute if version is None else api.ComputeAPI(
        compute.base_url, compute.project, version=version)
    response = client.get(f'/servers/detail?{query}')
    assert response.status_code == 200, response.text
    return [server['name'] for server in response.json()['servers']]


def _set(compute, query: str, version: str | None = None) -> set:
    return set(_names(compute, query, version))


def test_sort_keys_and_directions(three):
    compute, _ = three
    assert _names(compute, 'sort_key=display_name&sort_dir=asc') == ['a', 'b', 'c']
    assert _names(compute, 'sort_key=display_name&sort_dir=desc') == ['c', 'b', 'a']
    assert _names(compute, 'sort_key=locked&sort_dir=desc&sort_key=display_name'
                           '&sort_dir=asc') == ['b', 'a', 'c']
    first = compute.get('/servers?sort_key=display_name&sort_dir=asc&limit=1').json()
    marker = first['servers'][0]['id']
    assert _names(compute, f'sort_key=display_name&sort_dir=asc&marker={marker}') == ['b', 'c']
    response = compute.get('/servers?sort_key=nonsense')
    assert response.status_code == 400
    assert compute.get('/servers?sort_key=host').status_code == 403  # admins only
    assert compute.get('/servers?sort_dir=sideways').status_code == 400


def test_tags_locked_and_state_filters(three):
    compute, _ = three
    assert _set(compute, 'tags=web,blue') == {'c'}
    assert _set(compute, 'tags-any=web,red') == {'c'}
    assert _set(compute, 'not-tags=web') == {'b', 'a'}
    assert _set(compute, 'not-tags-any=blue') == {'b', 'a'}
    assert _set(compute, 'locked=true') == {'b'}
    assert _set(compute, 'locked=false') == {'c', 'a'}
    assert compute.get('/servers?locked=maybe').status_code == 400
    assert _set(compute, 'vm_state=active') == {'c', 'b', 'a'}
    assert _set(compute, 'vm_state=stopped') == set()
    assert _set(compute, 'power_state=1') == {'c', 'b', 'a'}
    assert _set(compute, 'task_state=rebooting') == set()
    assert _set(compute, 'key_name=nokey') == set()
    assert _set(compute, 'changes-before=2000-01-01T00:00:00Z') == set()
    assert compute.get('/servers?changes-since=2030-01-01T00:00:00Z'
                       '&changes-before=2029-01-01T00:00:00Z').status_code == 400


def test_filters_members_may_not_use_yet_are_dropped_as_nova_drops_them(three):
    compute, _ = three
    # key_name is a member filter from 2.83: dropped before, applied from then on.
    assert _set(compute, 'key_name=nokey', version='2.82') == {'c', 'b', 'a'}
    assert _set(compute, 'key_name=nokey', version='2.83') == set()
    # tags from 2.26, locked from 2.73.
    assert _set(compute, 'locked=true', version='2.72') == {'c', 'b', 'a'}
    # Admins use every filter at every version.
    admin = api.ComputeAPI(compute.base_url, compute.project, user='admin', version='2.60')
    listed = admin.get('/servers/detail?key_name=nokey').json()['servers']
    assert listed == []
