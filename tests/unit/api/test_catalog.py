"""Flavors, the ``/images`` proxy, the image API's snapshots, and key pairs in process."""

from tests.unit.api.conftest import API, CIRROS

FLAVOR = {'flavor': {'name': 'm1.custom', 'ram': 1024, 'vcpus': 2, 'disk': 10, 'id': 'c1'}}


def test_flavors_list_in_id_order_and_filter_by_min_ram(api):
    flavors = api.get('/flavors').json_body['flavors']
    assert [flavor['id'] for flavor in flavors] == ['1', '2', '3', '4', '5']
    detail = api.get('/flavors/detail?minRam=4096').json_body['flavors']
    assert [(f['name'], f['ram']) for f in detail] == [
        ('m1.medium', 4096), ('m1.large', 8192), ('m1.xlarge', 16384)]
    assert api.get('/flavors?limit=2&marker=2').json_body['flavors'][0]['id'] == '3'


def test_flavor_show_404_and_extra_specs(api):
    assert api.get('/flavors/1').json_body['flavor']['name'] == 'm1.tiny'
    response = api.get('/flavors/nope')
    assert response.status_int == 404
    assert response.json_body['itemNotFound']['message'] == 'Flavor nope could not be found.'
    assert api.get('/flavors/1/os-extra_specs').json_body == {'extra_specs': {}}
    assert api.get('/flavors/1/os-extra_specs/hw:cpu_policy').status_int == 404


def test_only_admins_create_and_delete_flavors(api, admin):
    response = api.post('/flavors', FLAVOR)
    assert response.status_int == 403
    assert "Policy doesn't allow os_compute_api:os-flavor-manage:create" in \
        response.json_body['forbidden']['message']
    created = admin.post('/flavors', FLAVOR)
    assert created.status_int == 200
    assert created.json_body['flavor']['id'] == 'c1'
    assert admin.post('/flavors', FLAVOR).status_int == 409
    assert api.get('/flavors/c1').json_body['flavor']['vcpus'] == 2
    assert api.delete('/flavors/c1').status_int == 403
    assert admin.delete('/flavors/c1').status_int == 202
    assert admin.delete('/flavors/c1').status_int == 404


def test_images_proxy_until_2_35(api):
    images = api.get('/images/detail').json_body['images']
    # Oldest first; the built-in images are equally old, then by id.
    assert [image['name'] for image in images] == ['ubuntu-xenial', 'cirros']
    assert api.get(f'/images/{CIRROS}', version='2.35').json_body['image']['status'] == \
        'ACTIVE'
    for path in ('/images', f'/images/{CIRROS}'):
        assert api.get(path, version='2.36').status_int == 404


def test_public_images_are_not_the_projects_to_delete(api):
    response = api.delete(f'/images/{CIRROS}')
    assert response.status_int == 403
    assert 'not permitted to modify image' in response.json_body['forbidden']['message']


def test_a_snapshot_is_its_projects_alone(api, fake):
    server_id = api.create_server()['id']
    fake.settle()
    image_id = api.action(server_id, {'createImage': {'name': 'snap'}},
                          version='2.45').json_body['image_id']
    fake.settle()
    glance = api.get(f'/v2/images/{image_id}', prefix='/image').json_body
    assert (glance['name'], glance['status'], glance['visibility']) == \
        ('snap', 'active', 'private')
    other = API(api.app)
    assert other.get(f'/images/{image_id}').status_int == 404
    assert image_id not in {image['id'] for image in other.get('/images').json_body['images']}
    assert api.delete(f'/images/{image_id}').status_int == 204
    assert api.get(f'/images/{image_id}').status_int == 404


def test_keypair_generate_import_list_show_delete(api):
    generated = api.post('/os-keypairs', {'keypair': {'name': 'gen'}})
    assert generated.status_int == 200
    keypair = generated.json_body['keypair']
    assert keypair['private_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')
    imported = api.post('/os-keypairs', {'keypair': {
        'name': 'imp', 'public_key': keypair['public_key']}}).json_body['keypair']
    assert 'private_key' not in imported
    assert imported['fingerprint'] == keypair['fingerprint']
    listed = api.get('/os-keypairs').json_body['keypairs']
    assert [entry['keypair']['name'] for entry in listed] == ['gen', 'imp']
    assert api.get('/os-keypairs/imp').json_body['keypair']['public_key'] == \
        keypair['public_key']
    assert api.delete('/os-keypairs/imp').status_int == 202
    response = api.get('/os-keypairs/imp')
    assert response.status_int == 404
    assert response.json_body['itemNotFound']['message'] == \
        'Keypair imp not found for user alice'


def test_keypair_statuses_from_2_2_and_conflicts(api):
    assert api.post('/os-keypairs', {'keypair': {'name': 'k', 'type': 'x509'}},
                    version='2.2').status_int == 201
    response = api.post('/os-keypairs', {'keypair': {'name': 'k'}}, version='2.2')
    assert response.status_int == 409
    assert response.json_body['conflictingRequest']['message'] == \
        "Key pair 'k' already exists."
    assert api.get('/os-keypairs/k', version='2.2').json_body['keypair']['type'] == 'x509'
    assert api.delete('/os-keypairs/k', version='2.2').status_int == 204
    response = api.post('/os-keypairs', {'keypair': {'name': 'bad', 'public_key': 'junk'}})
    assert response.status_int == 400
    assert 'Keypair data is invalid' in response.json_body['badRequest']['message']


def test_key_pairs_are_per_user_and_admins_reach_others_from_2_10(api, admin):
    api.post('/os-keypairs', {'keypair': {'name': 'mine'}})
    assert admin.get('/os-keypairs').json_body['keypairs'] == []
    assert api.as_user('bob').get('/os-keypairs/mine').status_int == 404
    listed = admin.get('/os-keypairs?user_id=alice', version='2.10').json_body['keypairs']
    assert [entry['keypair']['name'] for entry in listed] == ['mine']
    assert api.as_user('bob').get('/os-keypairs?user_id=alice',
                                  version='2.10').status_int == 403


def test_a_servers_key_name_must_be_the_callers(api):
    api.post('/os-keypairs', {'keypair': {'name': 'mine'}})
    server_id = api.create_server(key_name='mine')['id']
    assert api.server(server_id)['key_name'] == 'mine'
    bob = api.as_user('bob')
    response = bob.post('/servers', {'server': {'name': 'vm', 'flavorRef': '1',
                                                'imageRef': CIRROS, 'key_name': 'mine'}})
    assert response.status_int == 400


def test_keypair_quota(make_app):
    app, _ = make_app('[quota]\nkey_pairs = 1\n')
    api = API(app)
    assert api.post('/os-keypairs', {'keypair': {'name': 'one'}}).status_int == 200
    response = api.post('/os-keypairs', {'keypair': {'name': 'two'}})
    assert response.status_int == 403
    assert response.json_body['forbidden']['message'] == \
        'Quota exceeded, too many key pairs.'
