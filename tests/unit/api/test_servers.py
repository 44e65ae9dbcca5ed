"""``/servers`` handlers in process: create, list and detail, show, update, delete."""

from urllib import parse

from tests.unit.api.conftest import API, CIRROS

UBUNTU = '3c6a1c44-0f2d-4e8e-a4ee-6c1f1f0c2d02'


def test_create_answers_202_with_location_and_password_and_the_server_builds(api, fake):
    response = api.post('/servers', {'server': {'name': 'web', 'flavorRef': '1',
                                                'imageRef': CIRROS}})
    assert response.status_int == 202
    created = response.json_body['server']
    assert response.headers['Location'] == f'http://localhost/v2.1/servers/{created["id"]}'
    assert len(created['adminPass']) == 12
    server = api.server(created['id'])
    assert (server['status'], server['OS-EXT-STS:task_state']) == ('BUILD', 'scheduling')
    assert server['addresses'] == {} and server['OS-SRV-USG:launched_at'] is None
    fake.settle()
    server = api.server(created['id'])
    assert (server['status'], server['OS-EXT-STS:power_state']) == ('ACTIVE', 1)
    assert server['addresses']['default'][0]['version'] == 4
    assert server['tenant_id'] == api.project and server['user_id'] == 'alice'


def test_a_flavor_url_is_a_flavor_ref_and_unknown_refs_are_400(api):
    server = api.create_server(flavorRef='http://localhost/v2.1/flavors/2')
    assert api.server(server['id'])['flavor']['id'] == '2'
    for fields, message in (({'flavorRef': '99'}, 'Flavor 99 could not be found.'),
                            ({'imageRef': UBUNTU[:-1] + '9'}, 'Can not find requested image'),
                            ({'key_name': 'nokey'}, 'Invalid key_name provided.')):
        body = {'server': {'name': 'vm', 'flavorRef': '1', 'imageRef': CIRROS, **fields}}
        response = api.post('/servers', body)
        assert response.status_int == 400
        assert response.json_body['badRequest']['message'] == message


def test_a_flavor_smaller_than_the_image_minimums_is_400(api):
    """ubuntu-xenial wants 3 GiB of disk and 512 MiB of memory, as Nova checks."""
    response = api.post('/servers', {'server': {'name': 'vm', 'flavorRef': '1',
                                                'imageRef': UBUNTU}})
    assert response.status_int == 400
    assert response.json_body['badRequest']['message'] == (
        "Flavor's disk is smaller than the minimum size specified in image metadata. "
        'Flavor disk is 1073741824 bytes, minimum size is 3221225472 bytes.')
    admin = api.as_user('admin')
    flavor = admin.post('/flavors', {'flavor': {'name': 'small-ram', 'ram': 256, 'vcpus': 1,
                                                'disk': 0}}).json_body['flavor']
    response = api.post('/servers', {'server': {'name': 'vm', 'flavorRef': flavor['id'],
                                                'imageRef': UBUNTU}})
    assert response.json_body['badRequest']['message'] == \
        "Flavor's memory is too small for requested image."
    api.create_server('vm', imageRef=UBUNTU, flavorRef='2')


def test_batch_create_names_servers_and_return_reservation_id(api):
    response = api.post('/servers', {'server': {
        'name': 'batch', 'flavorRef': '1', 'imageRef': CIRROS, 'min_count': 3,
        'return_reservation_id': True}})
    assert response.status_int == 202
    reservation_id = response.json_body['reservation_id']
    listed = api.get(f'/servers?reservation_id={reservation_id}').json_body['servers']
    assert sorted(server['name'] for server in listed) == ['batch-1', 'batch-2', 'batch-3']


def test_quota_stops_a_batch_that_cannot_fit(make_app):
    app, _ = make_app('[quota]\ninstances = 2\n')
    api = API(app)
    response = api.post('/servers', {'server': {'name': 'vm', 'flavorRef': '1',
                                                'imageRef': CIRROS, 'min_count': 3}})
    assert response.status_int == 403
    assert 'Quota exceeded for instances' in response.json_body['forbidden']['message']
    # Nova creates fewer than max_count when min_count fit.
    response = api.post('/servers', {'server': {'name': 'vm', 'flavorRef': '1',
                                                'imageRef': CIRROS, 'max_count': 3}})
    assert response.status_int == 202
    assert len(api.get('/servers').json_body['servers']) == 2


def test_list_is_newest_first_and_pages_by_marker_with_next_links(api):
    ids = [api.create_server(f'vm{index}')['id'] for index in range(3)]
    listed = api.get('/servers').json_body['servers']
    assert sorted(server['id'] for server in listed) == sorted(ids)
    first = api.get('/servers?limit=2').json_body
    assert len(first['servers']) == 2
    next_link = first['servers_links'][0]
    assert next_link['rel'] == 'next'
    query = parse.parse_qs(parse.urlsplit(next_link['href']).query)
    assert query['marker'] == [first['servers'][-1]['id']]
    rest = api.get(f'/servers?limit=2&marker={query["marker"][0]}').json_body
    assert [s['id'] for s in first['servers'] + rest['servers']] == \
        [s['id'] for s in listed]
    assert 'servers_links' not in rest
    response = api.get('/servers?marker=00000000-0000-4000-8000-000000000000')
    assert response.status_int == 400
    assert 'marker [00000000-0000-4000-8000-000000000000] not found' in \
        response.json_body['badRequest']['message']


def test_list_filters_by_name_status_and_image(api, fake):
    web = api.create_server('web-1')['id']
    api.create_server('db-1', imageRef=UBUNTU, flavorRef='2')
    fake.settle()
    api.action(web, {'os-stop': None})
    fake.settle()
    assert [s['id'] for s in api.get('/servers?name=^web').json_body['servers']] == [web]
    assert [s['id'] for s in api.get('/servers?status=SHUTOFF').json_body['servers']] == \
        [web]
    assert [s['name'] for s in api.get(f'/servers/detail?image={UBUNTU}')
            .json_body['servers']] == ['db-1']
    assert api.get('/servers?status=BOGUS').json_body['servers'] == []
    response = api.get('/servers?status=BOGUS', version='2.38')
    assert response.status_int == 400
    assert response.json_body['badRequest']['message'] == 'Invalid status value: BOGUS'


def test_a_server_of_another_project_is_404(api):
    server = api.create_server()
    other = API(api.app)
    for response in (other.get(f'/servers/{server["id"]}'),
                     other.delete(f'/servers/{server["id"]}'),
                     other.action(server['id'], {'os-stop': None})):
        assert response.status_int == 404
        assert response.json_body['itemNotFound']['message'] == \
            f'Instance {server["id"]} could not be found.'
    assert other.get('/servers').json_body['servers'] == []


def test_update_changes_the_name_and_normalizes_access_ips(api):
    server = api.create_server()
    response = api.put(f'/servers/{server["id"]}', {'server': {
        'name': 'renamed', 'accessIPv6': '0:0:0:0:0:0:0:1'}})
    assert response.status_int == 200
    shown = response.json_body['server']
    assert (shown['name'], shown['accessIPv6']) == ('renamed', '::1')
    assert api.server(server['id'])['name'] == 'renamed'


def test_delete_shows_deleting_until_the_server_is_gone(api, fake):
    server = api.create_server()
    fake.settle()
    assert api.delete(f'/servers/{server["id"]}').status_int == 204
    assert api.server(server['id'])['OS-EXT-STS:task_state'] == 'deleting'
    fake.settle()
    assert api.get(f'/servers/{server["id"]}').status_int == 404
    assert api.delete(f'/servers/{server["id"]}').status_int == 404


def test_a_locked_server_is_deleted_only_by_an_admin(api, admin, fake):
    server = api.create_server()
    fake.settle()
    assert api.action(server['id'], {'lock': None}).status_int == 202
    response = api.delete(f'/servers/{server["id"]}')
    assert response.status_int == 409
    assert response.json_body['conflictingRequest']['message'] == \
        f'Instance {server["id"]} is locked'
    assert admin.delete(f'/servers/{server["id"]}').status_int == 204


def test_microversions_change_the_rendering(api):
    server_id = api.create_server()['id']
    embedded = api.get(f'/servers/{server_id}', version='2.47').json_body['server']['flavor']
    assert embedded == {'vcpus': 1, 'ram': 512, 'disk': 1, 'ephemeral': 0, 'swap': 0,
                        'original_name': 'm1.tiny', 'extra_specs': {}}
    assert 'locked' not in api.server(server_id)
    assert api.get(f'/servers/{server_id}', version='2.9').json_body['server']['locked'] \
        is False
