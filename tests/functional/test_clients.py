"""python-novaclient and openstacksdk, unmodified, at their default microversions."""

import time

import pytest
from keystoneauth1 import noauth, token_endpoint
from keystoneauth1 import session as ks_session
from novaclient import client as nova_client
from novaclient import exceptions as nova_exceptions

from tests import api

openstack = pytest.importorskip('openstack')


def test_novaclient_list_create_show_rename_delete(translator):
    project = api.new_project()
    session = ks_session.Session(auth=noauth.NoAuth(),
                                 additional_headers={'X-Auth-Token': f'alice:{project}'})
    nova = nova_client.Client('2.96', session=session, endpoint_override=translator + '/v2.1')
    assert nova.servers.list() == []
    server = nova.servers.create('nova-vm', image=api.CIRROS, flavor='1', nics='auto')
    assert server.adminPass
    assert [s.name for s in nova.servers.list()] == ['nova-vm']
    shown = nova.servers.get(server.id)
    assert shown.name == 'nova-vm' and shown.flavor['original_name'] == 'm1.tiny'
    assert nova.servers.find(name='nova-vm').id == server.id
    nova.servers.update(server, name='nova-renamed')
    assert nova.servers.get(server.id).name == 'nova-renamed'
    nova.servers.delete(server)
    with pytest.raises(nova_exceptions.NotFound):
        nova.servers.get(server.id)

def test_novaclient_multi_create(translator):
    project = api.new_project()
    session = ks_session.Session(auth=noauth.NoAuth(),
                                 additional_headers={'X-Auth-Token': f'alice:{project}'})
    nova = nova_client.Client('2.96', session=session, endpoint_override=translator + '/v2.1')
    nova.servers.create('multi', image=api.CIRROS, flavor='1', nics='auto', min_count=3,
                        max_count=3)
    servers = nova.servers.list()
    try:
        assert sorted(server.name for server in servers) == ['multi-1', 'multi-2', 'multi-3']
    finally:
        for server in servers:
            nova.servers.delete(server)


def test_openstacksdk_list_create_show_rename_delete(translator):
    project = api.new_project()
    conn = openstack.connection.Connection(
        auth_type='none', auth={'endpoint': translator},
        compute_endpoint_override=translator + '/v2.1',
        session=ks_session.Session(auth=noauth.NoAuth(),
                                   additional_headers={'X-Auth-Token': f'bob:{project}'}))
    assert list(conn.compute.servers()) == []
    server = conn.compute.create_server(name='sdk-vm', image_id=api.CIRROS, flavor_id='1',
                                        networks='auto')
    server = conn.compute.wait_for_server(server, wait=60, interval=0.5)
    assert server.status == 'ACTIVE'
    assert conn.compute.find_server('sdk-vm').id == server.id
    conn.compute.update_server(server, name='sdk-renamed')
    assert conn.compute.get_server(server.id).name == 'sdk-renamed'
    assert [s.name for s in conn.compute.servers(details=True)] == ['sdk-renamed']
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=60, interval=0.5)
    assert conn.compute.find_server(server.id) is None


def _wait(get, status: str, timeout: float = 60.0):
    import time

    deadline = time.monotonic() + timeout
    while True:
        server = get()
        if server.status == status and getattr(server, 'OS-EXT-STS:task_state', None) is None:
            return server
        assert time.monotonic() < deadline, f'{server.status} is not {status}'
        time.sleep(0.2)


def test_novaclient_actions(translator):
    project = api.new_project()
    session = ks_session.Session(auth=noauth.NoAuth(),
                                 additional_headers={'X-Auth-Token': f'alice:{project}'})
    nova = nova_client.Client('2.96', session=session, endpoint_override=translator + '/v2.1')
    server = nova.servers.create('acts', image=api.CIRROS, flavor='1', nics='auto')
    get = lambda: nova.servers.get(server.id)  # noqa: E731
    try:
        _wait(get, 'ACTIVE')
        nova.servers.reboot(server, reboot_type='HARD')
        assert get().status == 'HARD_REBOOT'
        _wait(get, 'ACTIVE')
        image_id = nova.servers.create_image(server, 'nova-snap')
        _wait(get, 'ACTIVE')
        nova.servers.rebuild(server, image_id)
        assert get().status in ('REBUILD', 'ACTIVE')
        _wait(get, 'ACTIVE')
        nova.servers.stop(server)
        _wait(get, 'SHUTOFF')
        with pytest.raises(nova_exceptions.Conflict) as conflict:
            nova.servers.stop(server)
        assert 'while it is in vm_state stopped' in str(conflict.value)
        nova.servers.start(server)
        _wait(get, 'ACTIVE')
        for action, status in (('pause', 'PAUSED'), ('unpause', 'ACTIVE'),
                               ('suspend', 'SUSPENDED'), ('resume', 'ACTIVE')):
            getattr(nova.servers, action)(server)
            _wait(get, status)
        # Real Arktos drops Actions for a VM restarted a moment ago: the service waits.
        nova.servers.create_image(server, 'after-restart')
        _wait(get, 'ACTIVE')
        nova.servers.reboot(server)
        assert get().status == 'REBOOT'
        _wait(get, 'ACTIVE')
        nova.servers.lock(server, reason='why')
        assert get().locked_reason == 'why'
        nova.servers.unlock(server)
        with pytest.raises(nova_exceptions.HTTPNotImplemented):
            nova.servers.shelve(server)
    finally:
        nova.servers.delete(server)


def test_openstacksdk_actions(translator):
    project = api.new_project()
    conn = openstack.connection.Connection(
        auth_type='none', auth={'endpoint': translator},
        compute_endpoint_override=translator + '/v2.1',
        image_endpoint_override=translator + '/image',
        session=ks_session.Session(auth=noauth.NoAuth(),
                                   additional_headers={'X-Auth-Token': f'bob:{project}'}))
    server = conn.compute.create_server(name='sdk-acts', image_id=api.CIRROS, flavor_id='1',
                                        networks='auto')
    # The SDK's waits return at once when the local object already has the status,
    # so each wait starts from a fresh GET.
    def wait(status='ACTIVE'):
        fresh = conn.compute.get_server(server.id)
        return conn.compute.wait_for_server(fresh, status=status, wait=60, interval=0.5)

    try:
        wait()
        conn.compute.reboot_server(server, 'SOFT')
        assert conn.compute.get_server(server.id).status == 'REBOOT'
        wait()
        image = conn.compute.create_server_image(server, 'sdk-snap', wait=True, timeout=60)
        assert conn.image.get_image(image.id).status == 'active'
        wait()
        conn.compute.rebuild_server(server, image=image.id)
        assert wait().image.id == image.id
        conn.image.delete_image(image)
        conn.compute.stop_server(server)
        wait('SHUTOFF')
        conn.compute.start_server(server)
        wait()
        conn.compute.pause_server(server)
        wait('PAUSED')
        conn.compute.unpause_server(server)
        assert wait().status == 'ACTIVE'
    finally:
        conn.compute.delete_server(server)


def _wait_for(nova, server_id: str, status: str) -> None:
    deadline = time.monotonic() + 30
    while nova.servers.get(server_id).status != status and time.monotonic() < deadline:
        time.sleep(0.2)
    assert nova.servers.get(server_id).status == status


@pytest.mark.parametrize('version', ['2.1', '2.80'])
def test_novaclient_server_groups_resize_and_migrations(translator, version):
    """What ``nova server-group-create``, ``boot --hint group=``, ``resize``,
    ``resize-confirm`` and ``migration-list`` call (keystoneauth's NoAuth sends the token
    ``notused``: the project ``notused``)."""
    session = ks_session.Session(auth=noauth.NoAuth())
    nova = nova_client.Client(version, session=session, endpoint_override=translator + '/v2.1')
    admin = nova_client.Client(version, session=ks_session.Session(
        auth=token_endpoint.Token(translator + '/v2.1', 'admin:admin')))
    policy = {'policies': ['affinity']} if version == '2.1' else {'policy': 'affinity'}
    group = nova.server_groups.create(name='g', **policy)
    nics = {} if version == '2.1' else {'nics': 'auto'}
    server = nova.servers.create('member', image=api.CIRROS, flavor='1',
                                 scheduler_hints={'group': group.id}, **nics)
    _wait_for(nova, server.id, 'ACTIVE')
    assert nova.server_groups.get(group.id).members == [server.id]
    nova.servers.resize(server, '2')
    _wait_for(nova, server.id, 'VERIFY_RESIZE')
    nova.servers.confirm_resize(server)
    _wait_for(nova, server.id, 'ACTIVE')
    [migration] = [m for m in admin.migrations.list() if m.instance_uuid == server.id]
    assert migration.status == 'confirmed'
    if version == '2.80':
        assert migration.project_id == 'notused'
    nova.servers.delete(server)
    nova.server_groups.delete(group.id)
    assert group.id not in [g.id for g in nova.server_groups.list()]
