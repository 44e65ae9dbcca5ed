"""Images: the Glance v2 subset, snapshots (createImage), rebuild, Nova's /images proxy."""

import uuid

import pytest
import requests

from tests import api, contract
from tests.api import ImageAPI, wait_for_image, wait_for_status


def test_version_discovery_needs_no_token(translator):
    response = requests.get(translator + '/image')
    assert response.status_code == 300
    assert response.json()['versions'][0]['id'] == 'v2.16'
    assert response.json()['versions'][0]['links'][0]['href'] == translator + '/image/v2/'
    assert requests.get(translator + '/image/v2/images').status_code == 200  # noauth admin


def test_list_show_and_filters(translator):
    images = ImageAPI(translator, api.new_project())
    body = images.get('/v2/images').json()
    assert body['first'] == '/v2/images' and body['schema'] == '/v2/schemas/images'
    by_name = {image['name']: image for image in body['images']}
    cirros = by_name['cirros']
    assert cirros['id'] == api.CIRROS and cirros['status'] == 'active'
    assert cirros['visibility'] == 'public' and cirros['disk_format'] == 'qcow2'
    for key in ('min_disk', 'min_ram', 'size', 'owner', 'protected', 'tags', 'created_at'):
        assert key in cirros
    assert [i['id'] for i in images.get('/v2/images?name=cirros').json()['images']] == \
        [api.CIRROS]
    ids = ','.join(by_name[name]['id'] for name in ('cirros', 'ubuntu-xenial'))
    assert len(images.get(f'/v2/images?id=in:{ids}').json()['images']) == 2
    assert images.get('/v2/images?name=nope').json()['images'] == []
    assert images.get('/v2/images?os_hidden=True').json()['images'] == []
    assert images.get(f'/v2/images/{api.CIRROS}').json()['name'] == 'cirros'
    assert images.get(f'/v2/images/{uuid.uuid4()}').status_code == 404
    assert images.get('/v2/images/cirros').status_code == 404
    assert images.get('/v2/schemas/image').json()['name'] == 'image'
    assert images.get('/v2/schemas/images').json()['name'] == 'images'


def test_paging_with_next_links(translator):
    images = ImageAPI(translator, api.new_project())
    everything = [i['id'] for i in images.get('/v2/images').json()['images']]
    seen, path = [], '/v2/images?limit=1'
    while path:
        body = images.get(path).json()
        seen += [image['id'] for image in body['images']]
        path = body.get('next')
    assert seen == everything
    assert images.get(f'/v2/images?marker={uuid.uuid4()}').status_code == 400


@pytest.fixture
def snapshot_pair(translator):
    """An ACTIVE server (at 2.45) and an image of it."""
    compute = api.ComputeAPI(translator, version='2.45')
    images = ImageAPI(translator, compute.project)
    server_id = compute.create_server('origin', networks='auto').json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    response = compute.post(f'/servers/{server_id}/action',
                            {'createImage': {'name': 'snap', 'metadata': {'k': 'v'}}})
    assert response.status_code == 202, response.text
    image_id = response.json()['image_id']
    yield compute, images, server_id, image_id
    images.delete(f'/v2/images/{image_id}')


def test_create_image_becomes_an_active_private_image(translator, snapshot_pair):
    compute, images, server_id, image_id = snapshot_pair
    server = compute.get(f'/servers/{server_id}').json()['server']
    assert server['OS-EXT-STS:task_state'] in ('image_snapshot', None)
    image = wait_for_image(images, image_id)
    assert image['name'] == 'snap' and image['visibility'] == 'private'
    assert image['owner'] == compute.project and image['k'] == 'v'
    assert image['instance_uuid'] == server_id and image['image_type'] == 'snapshot'
    assert not any(key.startswith('arktos_') for key in image)
    wait_for_status(compute, server_id, 'ACTIVE')
    other = ImageAPI(translator, api.new_project())
    assert other.get(f'/v2/images/{image_id}').status_code == 404
    assert image_id not in [i['id'] for i in other.get('/v2/images').json()['images']]
    assert other.delete(f'/v2/images/{image_id}').status_code == 404


def test_boot_from_a_snapshot_and_rebuild_from_it(translator, snapshot_pair):
    compute, images, server_id, image_id = snapshot_pair
    wait_for_image(images, image_id)
    wait_for_status(compute, server_id, 'ACTIVE')
    booted = compute.create_server('from-snap', imageRef=image_id, networks='auto')
    assert booted.status_code == 202
    rebuilt = compute.post(f'/servers/{server_id}/action',
                           {'rebuild': {'imageRef': image_id, 'name': 'restored'}})
    assert rebuilt.status_code == 202, rebuilt.text
    contract.validate(contract.server_schema('2.45', 'rebuild_server_with_admin_pass'),
                      rebuilt)
    assert rebuilt.headers['Location'].endswith(f'/servers/{server_id}')
    server = rebuilt.json()['server']
    assert server['name'] == 'restored' and server['status'] in ('REBUILD', 'ACTIVE')
    assert server['image']['id'] == image_id
    wait_for_status(compute, server_id, 'ACTIVE')
    with_key = compute.post(f'/servers/{server_id}/action',
                            {'rebuild': {'imageRef': image_id, 'adminPass': 'x'}})
    assert with_key.status_code == 202


def test_rebuild_onto_another_image_power_cycles_the_vm(translator, arktos_pods):
    compute = api.ComputeAPI(translator, version='2.57')
    server_id = compute.create_server(networks='auto').json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    ubuntu = '3c6a1c44-0f2d-4e8e-a4ee-6c1f1f0c2d02'
    user_data = 'I2Nsb3VkLWNvbmZpZwo='
    response = compute.post(f'/servers/{server_id}/action', {'rebuild': {
        'imageRef': ubuntu, 'user_data': user_data}})
    assert response.status_code == 202, response.text
    shown = response.json()['server']
    assert (shown['status'], shown['image']['id']) == ('REBUILD', ubuntu)
    assert shown['user_data'] == user_data
    server = wait_for_status(compute, server_id, 'ACTIVE')
    assert server['image']['id'] == ubuntu
    (pod,) = [p for p in arktos_pods(compute.project) if p['metadata']['name'] == server_id]
    assert 'xenial' in pod['spec']['virtualMachine']['image']
    compute.post(f'/servers/{server_id}/action', {'os-stop': None})
    wait_for_status(compute, server_id, 'SHUTOFF')
    response = compute.post(f'/servers/{server_id}/action', {'rebuild': {'imageRef': api.CIRROS}})
    assert response.status_code == 202
    assert wait_for_status(compute, server_id, 'SHUTOFF')['image']['id'] == api.CIRROS


def test_create_image_before_2_45_answers_with_location(translator):
    compute = api.ComputeAPI(translator)
    server_id = compute.create_server().json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    response = compute.post(f'/servers/{server_id}/action', {'createImage': {'name': 's'}})
    assert response.status_code == 202 and response.content == b''
    image_id = response.headers['Location'].rsplit('/', 1)[1]
    images = ImageAPI(translator, compute.project)
    wait_for_image(images, image_id)
    wait_for_status(compute, server_id, 'ACTIVE')
    assert images.delete(f'/v2/images/{image_id}').status_code == 204
    assert images.get(f'/v2/images/{image_id}').status_code == 404


def test_create_image_of_a_stopped_server_is_409(compute):
    server_id = compute.create_server().json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    compute.post(f'/servers/{server_id}/action', {'os-stop': None})
    wait_for_status(compute, server_id, 'SHUTOFF')
    response = compute.post(f'/servers/{server_id}/action', {'createImage': {'name': 's'}})
    assert response.status_code == 409
    assert "Cannot 'createImage'" in response.json()['conflictingRequest']['message']


def test_update_own_snapshot_but_not_public_images(translator, snapshot_pair):
    compute, images, server_id, image_id = snapshot_pair
    wait_for_image(images, image_id)
    response = images.patch(f'/v2/images/{image_id}', [
        {'op': 'replace', 'path': '/name', 'value': 'renamed'},
        {'op': 'add', 'path': '/purpose', 'value': 'backup'},
        {'op': 'replace', 'path': '/min_ram', 'value': 256}])
    assert response.status_code == 200, response.text
    assert (response.json()['name'], response.json()['purpose'],
            response.json()['min_ram']) == ('renamed', 'backup', 256)
    assert images.patch(f'/v2/images/{image_id}', [
        {'op': 'replace', 'path': '/status', 'value': 'active'}]).status_code == 403
    assert images.patch(f'/v2/images/{api.CIRROS}', [
        {'op': 'replace', 'path': '/name', 'value': 'x'}]).status_code == 403
    assert images.delete(f'/v2/images/{api.CIRROS}').status_code == 403


@pytest.mark.parametrize('name', ['arktos_tenant', 'arktos_namespace', 'os_glance_x'])
def test_reserved_properties_are_refused(translator, snapshot_pair, name):
    """Issue 15.1: bookkeeping names are the service's; a value that looks like an Arktos
    path is never stored, and the owner's and admins' lists keep working."""
    compute, images, server_id, image_id = snapshot_pair
    value = 'system/namespaces/nova-catalog/configmaps/x?y='
    for op in ('add', 'replace'):
        response = images.patch(f'/v2/images/{image_id}',
                                [{'op': op, 'path': f'/{name}', 'value': value}])
        assert response.status_code == 403
        assert f"Attribute '{name}' is reserved." in response.text
    assert name not in images.get(f'/v2/images/{image_id}').json()
    assert images.get('/v2/images').status_code == 200
    wait_for_image(images, image_id)
    assert images.get(f'/v2/images/{image_id}').json()['status'] == 'active'


def test_nova_images_proxy_until_2_35(translator):
    old = api.ComputeAPI(translator, version='2.35')
    listed = old.get('/images/detail').json()['images']
    cirros = next(image for image in listed if image['id'] == api.CIRROS)
    assert cirros['status'] == 'ACTIVE' and cirros['minDisk'] == 0
    assert old.get(f'/images/{api.CIRROS}').json()['image']['name'] == 'cirros'
    assert old.get(f'/images/{uuid.uuid4()}').status_code == 404
    assert api.ComputeAPI(translator, version='2.36').get('/images').status_code == 404


def test_nova_images_proxy_pages_and_filters(translator):
    """``limit`` and ``marker`` were ignored (issue 14.2); Nova's filters apply too."""
    old = api.ComputeAPI(translator, version='2.35')
    every = [image['id'] for image in old.get('/images').json()['images']]
    assert len(every) >= 2
    first = old.get('/images?limit=1').json()
    assert [image['id'] for image in first['images']] == every[:1]
    assert f'marker={every[0]}' in first['images_links'][0]['href']
    after = old.get(f'/images/detail?limit=1&marker={every[0]}').json()['images']
    assert [image['id'] for image in after] == every[1:2]
    assert old.get(f'/images?marker={uuid.uuid4()}').status_code == 400
    named = old.get('/images?name=cirros').json()['images']
    assert [image['id'] for image in named] == [api.CIRROS]
    assert api.CIRROS not in [image['id'] for image in
                              old.get('/images/detail?minDisk=3').json()['images']]


def test_flavor_management_is_for_admins(translator):
    member = api.ComputeAPI(translator)
    admin = api.ComputeAPI(translator, project=member.project, user='admin', version='2.61')
    flavor_id = f'f-{uuid.uuid4().hex[:8]}'
    body = {'flavor': {'name': f'test.{flavor_id}', 'id': flavor_id, 'ram': 256, 'vcpus': 1,
                       'disk': 2}}
    assert member.post('/flavors', body).status_code == 403
    created = admin.post('/flavors', body)
    assert created.status_code == 200, created.text
    contract.validate(contract.flavor_schema('2.61', 'create_update_get_flavor_details'),
                      created)
    try:
        assert admin.post('/flavors', body).status_code == 409
        assert member.get(f'/flavors/{flavor_id}').json()['flavor']['ram'] == 256
        assert member.get(f'/flavors/{flavor_id}/os-extra_specs').json() == {'extra_specs': {}}
        assert member.get(f'/flavors/{flavor_id}/os-extra_specs/hw:x').status_code == 404
        server = member.create_server(flavorRef=flavor_id)
        assert server.status_code == 202
        assert member.delete(f'/flavors/{flavor_id}').status_code == 403
    finally:
        assert admin.delete(f'/flavors/{flavor_id}').status_code == 202
    assert member.get(f'/flavors/{flavor_id}').status_code == 404
    assert member.get('/flavors/1').json()['flavor']['name'] == 'm1.tiny'


def test_flavor_ids_are_strings_numbers_or_generated(translator):
    """Nova takes ``id`` as a string, a number (tempest sends integers) or null."""
    admin = api.ComputeAPI(translator, user='admin')
    number = 700000 + uuid.uuid4().int % 100000
    for flavor_id, expected in ((number, str(number)), (None, None)):
        body = {'flavor': {'name': f'n.{uuid.uuid4().hex[:8]}', 'id': flavor_id, 'ram': 64,
                           'vcpus': 1, 'disk': 0}}
        created = admin.post('/flavors', body)
        assert created.status_code == 200, created.text
        shown_id = created.json()['flavor']['id']
        assert shown_id == expected if expected else uuid.UUID(shown_id)
        assert admin.delete(f'/flavors/{shown_id}').status_code == 202
    assert admin.post('/flavors', {'flavor': {'name': 'b', 'id': True, 'ram': 64, 'vcpus': 1,
                                              'disk': 0}}).status_code == 400
