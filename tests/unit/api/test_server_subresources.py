"""Server metadata, tags, IPs and interfaces in process: read-modify-writes of the
server's fields, and Nova's state checks."""


def test_metadata_merges_replaces_and_counts_against_the_quota(api, fake):
    server_id = api.create_server(metadata={'a': '1'})['id']
    fake.settle()
    path = f'/servers/{server_id}/metadata'
    assert api.post(path, {'metadata': {'b': '2'}}).json_body == {
        'metadata': {'a': '1', 'b': '2'}}
    assert api.put(path, {'metadata': {'c': '3'}}).json_body == {'metadata': {'c': '3'}}
    assert api.delete(f'{path}/c').status_int == 204
    assert api.server(server_id)['metadata'] == {}
    response = api.put(path, {'metadata': {f'k{i}': 'v' for i in range(129)}})
    assert response.status_int == 403
    assert response.json_body['forbidden']['message'] == \
        'Maximum number of metadata items exceeds 128'


def test_metadata_waits_for_a_task_to_end(api, fake):
    server_id = api.create_server()['id']
    response = api.post(f'/servers/{server_id}/metadata', {'metadata': {'b': '2'}})
    assert response.status_int == 409
    assert "Cannot 'update metadata' instance" in \
        response.json_body['conflictingRequest']['message']
    fake.settle()
    assert api.post(f'/servers/{server_id}/metadata',
                    {'metadata': {'b': '2'}}).status_int == 200


def test_tags_from_2_26(api, fake):
    server_id = api.create_server()['id']
    fake.settle()
    path = f'/servers/{server_id}/tags'
    assert api.get(path).status_int == 404
    assert api.put(f'{path}/web', None, version='2.26').status_int == 201
    assert api.put(path, {'tags': ['x', 'y', 'x']}, version='2.26').json_body == \
        {'tags': ['x', 'y']}
    assert api.get(f'/servers/{server_id}', version='2.26').json_body['server']['tags'] == \
        ['x', 'y']


def test_ips_and_interfaces_of_an_active_server(api, fake):
    server_id = api.create_server()['id']
    assert api.get(f'/servers/{server_id}/ips').json_body == {'addresses': {}}
    fake.settle()
    (address,) = api.server(server_id)['addresses']['default']
    assert api.get(f'/servers/{server_id}/ips/default').json_body == {
        'default': [{'version': 4, 'addr': address['addr']}]}
    (attachment,) = api.get(f'/servers/{server_id}/os-interface').json_body[
        'interfaceAttachments']
    assert attachment['mac_addr'] == address['OS-EXT-IPS-MAC:mac_addr']
