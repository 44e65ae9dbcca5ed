"""``/os-aggregates`` over the FakeDriver's node: CRUD, hosts, metadata and zones."""

from tests.unit import fake_driver


def _create(admin, name='agg1', zone=None, version=None) -> dict:
    body = {'name': name}
    if zone is not None:
        body['availability_zone'] = zone
    response = admin.post('/os-aggregates', {'aggregate': body}, version=version)
    assert response.status_int == 200, response.json_body
    return response.json_body['aggregate']


def _act(admin, aggregate_id, body, version=None):
    return admin.post(f'/os-aggregates/{aggregate_id}/action', body, version=version)


def test_admin_only(api):
    assert api.get('/os-aggregates').status_int == 403
    assert api.post('/os-aggregates', {'aggregate': {'name': 'x'}}).status_int == 403


def test_create_show_list_update_delete(admin):
    created = _create(admin, zone='az1')
    assert set(created) == {'availability_zone', 'created_at', 'deleted', 'deleted_at', 'id',
                            'name', 'updated_at'}
    assert (created['name'], created['availability_zone'], created['id']) == ('agg1', 'az1', 1)
    shown = admin.get('/os-aggregates/1').json_body['aggregate']
    assert shown['hosts'] == [] and shown['metadata'] == {'availability_zone': 'az1'}
    assert 'uuid' not in shown
    with_uuid = admin.get('/os-aggregates/1', version='2.41').json_body['aggregate']
    assert len(with_uuid['uuid']) == 36
    assert [a['name'] for a in admin.get('/os-aggregates').json_body['aggregates']] == ['agg1']
    assert admin.post('/os-aggregates', {'aggregate': {'name': 'agg1'}}).json_body[
        'conflictingRequest']['message'] == 'Aggregate agg1 already exists.'
    renamed = admin.put('/os-aggregates/1', {'aggregate': {'name': 'agg2'}}).json_body
    assert renamed['aggregate']['name'] == 'agg2' and renamed['aggregate']['updated_at']
    assert admin.put('/os-aggregates/1', {'aggregate': {}}).status_int == 400
    assert admin.delete('/os-aggregates/1').status_int == 200
    assert admin.get('/os-aggregates/1').json_body['itemNotFound']['message'] == (
        'Aggregate 1 could not be found.')
    assert admin.get('/os-aggregates/x').status_int == 400


def test_hosts_and_zones(admin, fake):
    zone_label = 'topology.kubernetes.io/zone'
    _create(admin, 'a', zone='az1')
    _create(admin, 'b', zone='az2')
    added = _act(admin, 1, {'add_host': {'host': fake_driver.HOST}}).json_body['aggregate']
    assert added['hosts'] == [fake_driver.HOST]
    assert fake._node['metadata']['labels'][zone_label] == 'az1'
    again = _act(admin, 1, {'add_host': {'host': fake_driver.HOST}})
    assert again.json_body['conflictingRequest']['message'] == (
        f'Aggregate 1 already has host {fake_driver.HOST}.')
    other_zone = _act(admin, 2, {'add_host': {'host': fake_driver.HOST}})
    assert other_zone.status_int == 409
    assert "already in availability zone(s) ['az1']" in other_zone.json_body[
        'conflictingRequest']['message']
    assert _act(admin, 1, {'add_host': {'host': 'nope'}}).json_body['itemNotFound'][
        'message'] == 'Compute host nope could not be found.'
    assert admin.delete('/os-aggregates/1').json_body['badRequest']['message'] == (
        'Cannot remove aggregate 1. Reason: Host aggregate is not empty.')
    meta = _act(admin, 1, {'set_metadata': {'metadata': {'availability_zone': 'az3',
                                                         'ssd': 'true'}}})
    assert meta.json_body['aggregate']['availability_zone'] == 'az3'
    assert fake._node['metadata']['labels'][zone_label] == 'az3'
    dropped = _act(admin, 1, {'set_metadata': {'metadata': {'ssd': None}}}).json_body
    assert dropped['aggregate']['metadata'] == {'availability_zone': 'az3'}
    removed = _act(admin, 1, {'remove_host': {'host': fake_driver.HOST}}).json_body
    assert removed['aggregate']['hosts'] == []
    assert zone_label not in fake._node['metadata'].get('labels', {})
    assert _act(admin, 1, {'remove_host': {'host': fake_driver.HOST}}).json_body[
        'itemNotFound']['message'] == f'Cannot remove host {fake_driver.HOST} in aggregate 1'
    assert _act(admin, 1, {'bogus': {}}).status_int == 400
    assert _act(admin, 1, {'add_host': {}}).status_int == 400
    bad_zone = admin.post('/os-aggregates', {'aggregate': {'name': 'c',
                                                           'availability_zone': 'a b'}})
    assert bad_zone.status_int == 400
