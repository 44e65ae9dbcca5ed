"""python-openstackclient, unmodified, driving the compute and image APIs.

``openstack server list`` asks Keystone for identity v3 even to list one project's
servers, so it runs in the end-to-end tier with a real Keystone; here the servers
are counted through the compute API itself.
"""

import pytest

from tests import api
from tests.functional.osc import OpenStackCLI


@pytest.fixture
def osc(translator, tmp_path):
    return OpenStackCLI(translator, api.new_project(), tmp_path)


def _server_names(translator, osc) -> list:
    compute = api.ComputeAPI(translator, project=osc.project)
    return sorted(server['name'] for server in compute.get('/servers').json()['servers'])


def test_server_lifecycle_by_names(translator, osc):
    created = osc.json('server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
                       '--wait', 'web')
    assert created['status'] == 'ACTIVE' and created['name'] == 'web'
    shown = osc.json('server', 'show', 'web')
    assert shown['id'] == created['id'] and shown['status'] == 'ACTIVE'
    assert 'cirros' in str(shown['image']) and 'm1.tiny' in str(shown['flavor'])
    osc.run('server', 'set', '--name', 'web2', 'web')
    osc.run('server', 'reboot', '--hard', '--wait', 'web2')
    osc.run('server', 'stop', 'web2')
    assert osc.json('server', 'show', 'web2')['status'] in ('ACTIVE', 'SHUTOFF')
    osc.run('server', 'delete', '--wait', 'web2')
    assert _server_names(translator, osc) == []


def test_server_image_create_and_image_list(osc):
    osc.run('server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny', '--wait', 'src')
    image = osc.json('server', 'image', 'create', '--name', 'snap1', '--wait', 'src')
    assert image['name'] == 'snap1' and image['status'] == 'active'
    names = [i['Name'] for i in osc.json('image', 'list')]
    assert 'snap1' in names and 'cirros' in names
    osc.run('server', 'create', '--image', 'snap1', '--flavor', 'm1.tiny', '--wait', 'copy')
    osc.run('image', 'delete', 'snap1')
    osc.run('server', 'delete', '--wait', 'src', 'copy')


def test_flavor_list_and_multi_create(translator, osc):
    flavors = {f['Name']: f for f in osc.json('flavor', 'list')}
    assert flavors['m1.small']['RAM'] == 2048 and flavors['m1.small']['VCPUs'] == 1
    osc.run('server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny', '--min', '3',
            '--max', '3', 'multi')
    names = _server_names(translator, osc)
    assert names == ['multi-1', 'multi-2', 'multi-3']
    osc.run('server', 'delete', '--wait', *names)


def test_properties_and_tags(osc):
    osc.run('server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--wait',
            '--nic', 'auto', 'props')
    try:
        osc.run('server', 'set', '--property', 'role=web', '--property', 'tier=1', 'props')
        osc.run('server', 'unset', '--property', 'tier', 'props')
        osc.run('--os-compute-api-version', '2.26', 'server', 'set', '--tag', 'blue', 'props')
        shown = osc.json('--os-compute-api-version', '2.26', 'server', 'show', 'props')
        assert shown['properties'] == {'role': 'web'}
        assert shown['tags'] == ['blue']
    finally:
        osc.run('server', 'delete', '--wait', 'props')


def test_server_group_and_resize(translator, osc):
    """``server group create --policy`` and ``server create --hint group=``, then ``server
    resize --flavor --wait`` with ``resize confirm`` and ``resize revert`` (the session's
    Arktos resizes in place)."""
    group = osc.json('--os-compute-api-version', '2.64', 'server', 'group', 'create',
                     '--policy', 'anti-affinity', '--rule', 'max_server_per_host=2', 'web')
    assert (group['policy'], group['rules']) == ('anti-affinity', {'max_server_per_host': 2})
    created = osc.json('server', 'create', '--image', 'cirros', '--flavor', 'm1.tiny',
                       '--hint', f'group={group["id"]}', '--wait', 'member')
    assert osc.json('server', 'group', 'show', 'web')['members'] == [created['id']]
    osc.run('server', 'resize', '--flavor', 'm1.small', '--wait', 'member')
    assert osc.json('server', 'show', 'member')['status'] == 'VERIFY_RESIZE'
    osc.run('server', 'resize', 'revert', 'member')
    compute = api.ComputeAPI(translator, project=osc.project)
    assert api.wait_for_status(compute, created['id'], 'ACTIVE')['flavor']['id'] == '1'
    osc.run('server', 'resize', '--flavor', 'm1.small', '--wait', 'member')
    osc.run('server', 'resize', 'confirm', 'member')
    assert api.wait_for_status(compute, created['id'], 'ACTIVE')['flavor']['id'] == '2'
    osc.run('server', 'delete', '--wait', 'member')
    osc.run('server', 'group', 'delete', 'web')
    assert osc.json('server', 'group', 'list') == []
