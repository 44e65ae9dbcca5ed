"""Servers CRUD through the whole paste pipeline, checked with tempest's schemas."""

import base64
import uuid

import pytest

from tests import api, contract
from tests.api import wait_for_404, wait_for_status


@pytest.mark.parametrize('version', ['2.1', '2.47', '2.75', '2.96', '2.100'])
def test_create_show_list_update_delete(translator, arktos_pods, version):
    compute = api.ComputeAPI(translator, version=version)
    fields = {'metadata': {'role': 'web'}, 'accessIPv4': '10.0.0.5'}
    if version != '2.1':
        fields['networks'] = 'auto'
    created = compute.create_server('web one', **fields)
    assert created.status_code == 202, created.text
    contract.validate(contract.server_schema(version, 'create_server_with_admin_pass'),
                      created)
    server_id = created.json()['server']['id']
    assert created.headers['Location'] == f'{translator}/v2.1/servers/{server_id}'
    assert uuid.UUID(server_id).version == 4

    server = wait_for_status(compute, server_id, 'ACTIVE')
    shown = compute.get(f'/servers/{server_id}')
    contract.validate(contract.server_schema(version, 'get_server'), shown)
    assert server['name'] == 'web one'
    assert server['metadata'] == {'role': 'web'}
    assert server['accessIPv4'] == '10.0.0.5'
    assert server['tenant_id'] == compute.project
    assert server['OS-EXT-STS:vm_state'] == 'active'
    assert server['OS-EXT-STS:power_state'] == 1
    assert server['addresses'], server

    listed = compute.get('/servers')
    contract.validate(contract.server_schema(version, 'list_servers'), listed)
    assert [s['id'] for s in listed.json()['servers']] == [server_id]
    detail = compute.get('/servers/detail')
    contract.validate(contract.server_schema(version, 'list_servers_detail'), detail)
    assert detail.json()['servers'][0]['status'] == 'ACTIVE'

    renamed = compute.put(f'/servers/{server_id}', {'server': {'name': 'web two'}})
    contract.validate(contract.server_schema(version, 'update_server'), renamed)
    assert renamed.json()['server']['name'] == 'web two'
    assert compute.get(f'/servers/{server_id}').json()['server']['name'] == 'web two'

    deleted = compute.delete(f'/servers/{server_id}')
    contract.validate(contract.server_schema(version, 'delete_server'), deleted)
    wait_for_404(compute, server_id)
    assert compute.get('/servers').json()['servers'] == []
    assert arktos_pods(compute.project) == []


def test_server_is_a_vm_pod(compute, arktos_pods):
    user_data = base64.b64encode(b'#cloud-config\n').decode()
    server_id = compute.create_server('My VM_01', user_data=user_data).json()['server']['id']
    (pod,) = arktos_pods(compute.project)
    assert pod['metadata']['name'] == server_id
    vm = pod['spec']['virtualMachine']
    assert vm['name'] == 'my-vm-01'
    assert vm['image'] == 'download.cirros-cloud.net/0.5.1/cirros-0.5.1-x86_64-disk.img'
    assert vm['resources']['limits'] == {'cpu': '1', 'memory': '512Mi'}
    assert base64.b64decode(vm['userData']).decode() == user_data
    assert 'containers' not in pod['spec']


def test_description_and_hostname_at_2_90(translator):
    compute = api.ComputeAPI(translator, version='2.90')
    created = compute.create_server('described', networks='none', description='hello',
                                    hostname='custom-host')
    server_id = created.json()['server']['id']
    server = compute.get(f'/servers/{server_id}').json()['server']
    assert server['description'] == 'hello'
    assert server['OS-EXT-SRV-ATTR:hostname'] == 'custom-host'
    updated = compute.put(f'/servers/{server_id}', {'server': {'description': None}})
    assert updated.json()['server']['description'] is None


def test_project_id_in_url(compute):
    server_id = compute.create_server().json()['server']['id']
    response = compute.get(f'/{compute.project}/servers/{server_id}')
    assert response.status_code == 200
    links = response.json()['server']['links']
    assert links[0]['href'].endswith(f'/v2.1/{compute.project}/servers/{server_id}')
    assert links[1]['href'].endswith(f'/{compute.project}/servers/{server_id}')


def test_other_project_id_in_url_is_400(compute):
    response = compute.get(f'/{uuid.uuid4().hex}/servers')
    assert response.status_code == 400
    assert "doesn't match Context's project_id" in response.json()['badRequest']['message']


def test_projects_are_isolated(translator):
    owner = api.ComputeAPI(translator)
    other = api.ComputeAPI(translator)
    server_id = owner.create_server().json()['server']['id']
    assert other.get(f'/servers/{server_id}').status_code == 404
    assert other.put(f'/servers/{server_id}', {'server': {'name': 'x'}}).status_code == 404
    assert other.delete(f'/servers/{server_id}').status_code == 404
    assert other.get('/servers/detail').json()['servers'] == []
    assert owner.get(f'/servers/{server_id}').json()['server']['name'] == 'vm'


@pytest.mark.parametrize('server_id', [
    str(uuid.uuid4()), '-1', 'vm1', 'x' * 300, '00000000-0000-0000-0000-000000000000'])
def test_unknown_server_is_404_whatever_its_shape(compute, server_id):
    for method in ('GET', 'DELETE'):
        response = compute.request(method, f'/servers/{server_id}')
        assert response.status_code == 404
        assert response.json() == {'itemNotFound': {
            'code': 404, 'message': f'Instance {server_id} could not be found.'}}


def test_unknown_path_is_404_and_wrong_method_405(compute):
    response = compute.get('/nowhere')
    assert response.status_code == 404
    assert response.json()['itemNotFound']['code'] == 404
    response = compute.request('PATCH', '/servers')
    assert response.status_code == 405
    assert response.headers['Allow'] == 'GET, POST'
    assert response.json()['badMethod']['code'] == 405


def _create_named(compute, names):
    return [compute.create_server(name).json()['server']['id'] for name in names]


def test_list_filters(compute):
    ids = _create_named(compute, ['alpha', 'alpha-2', 'beta'])
    names = lambda response: sorted(s['name'] for s in response.json()['servers'])  # noqa
    assert names(compute.get('/servers?name=alpha')) == ['alpha', 'alpha-2']
    assert names(compute.get('/servers/detail?name=^beta$')) == ['beta']
    assert names(compute.get('/servers?deleted=False')) == ['alpha', 'alpha-2', 'beta']
    assert names(compute.get('/servers?flavor=2')) == []
    for server_id in ids:
        wait_for_status(compute, server_id, 'ACTIVE')
    assert len(compute.get('/servers?status=ACTIVE').json()['servers']) == 3
    assert compute.get('/servers?status=SHUTOFF').json()['servers'] == []
    assert compute.get('/servers?status=bogus').json()['servers'] == []
    reservation = compute.get(f'/servers/{ids[0]}').json()
    assert reservation


def test_unknown_status_is_400_from_2_38(translator):
    compute = api.ComputeAPI(translator, version='2.38')
    response = compute.get('/servers?status=bogus')
    assert response.status_code == 400


def test_unknown_query_parameter_is_400_from_2_75(translator):
    assert api.ComputeAPI(translator, version='2.74').get('/servers?foo=1').status_code == 200
    response = api.ComputeAPI(translator, version='2.75').get('/servers?foo=1')
    assert response.status_code == 400
    assert "'foo' was unexpected" in response.json()['badRequest']['message']


def test_pagination_with_limit_and_marker(compute):
    _create_named(compute, [f'page-{i}' for i in range(5)])
    seen = []
    url = '/servers?limit=2'
    while url:
        body = compute.get(url).json()
        seen += [server['id'] for server in body['servers']]
        links = body.get('servers_links')
        url = links[0]['href'].split('/v2.1', 1)[1] if links else None
    assert len(seen) == len(set(seen)) == 5
    full = [s['id'] for s in compute.get('/servers').json()['servers']]
    assert seen == full
    assert compute.get(f'/servers?marker={full[-1]}').json()['servers'] == []
    assert compute.get('/servers?limit=0').json()['servers'] == []
    bad = compute.get(f'/servers?marker={uuid.uuid4()}')
    assert bad.status_code == 400 and 'not found' in bad.json()['badRequest']['message']
    assert compute.get('/servers?limit=-1').status_code == 400
    assert compute.get('/servers?limit=abc').status_code == 400


def test_reservation_id_filter_and_return_reservation_id(compute):
    response = compute.create_server('reserved', return_reservation_id=True)
    assert response.status_code == 202
    reservation_id = response.json()['reservation_id']
    assert reservation_id.startswith('r-')
    compute.create_server('other')
    listed = compute.get(f'/servers?reservation_id={reservation_id}').json()['servers']
    assert [server['name'] for server in listed] == ['reserved']


def test_osc_boot_from_image_block_device_mapping(translator):
    compute = api.ComputeAPI(translator, version='2.100')
    response = compute.create_server('osc', networks='auto', block_device_mapping_v2=[{
        'uuid': api.CIRROS, 'boot_index': 0, 'source_type': 'image',
        'destination_type': 'local', 'delete_on_termination': True}])
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    assert compute.get(f'/servers/{server_id}').json()['server']['image']['id'] == api.CIRROS


def test_flavors(compute):
    body = compute.get('/flavors/detail?is_public=None').json()
    assert [f['name'] for f in body['flavors']] == [
        'm1.tiny', 'm1.small', 'm1.medium', 'm1.large', 'm1.xlarge']
    assert compute.get('/flavors/1').json()['flavor']['ram'] == 512
    assert compute.get('/flavors/m1.tiny').status_code == 404
