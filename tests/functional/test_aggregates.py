"""``/os-aggregates`` over the Arktos under test: a host added to an aggregate is a label on
its node (and the aggregate's zone the node's zone label), checked against tempest.lib's
schemas; everything is undone at the end (real nodes are shared)."""

import uuid

import pytest
import requests
from tempest.lib.services.compute import aggregates_client

from tests import api, contract
from tests.api import wait_for_status
from translator.testing import harness

ZONE_LABEL = 'topology.kubernetes.io/zone'


def _labels(arktos, name) -> dict:
    headers = {'Authorization': f"Bearer {arktos['token']}"} if arktos.get('token') else {}
    response = requests.get(f"{arktos['url']}/api/v1/nodes/{name}", headers=headers,
                            timeout=10, verify=arktos.get('ca') or True)
    return response.json()['metadata'].get('labels') or {}


def _checked(version, name, response, code=200) -> dict:
    assert response.status_code == code, response.text
    contract.validate(contract.client_schema(aggregates_client.AggregatesClient, version,
                                             name), response)
    return response.json()


@pytest.mark.parametrize('version', ['2.1', '2.41'])
def test_aggregate_lifecycle_labels_a_node(translator, arktos, version):
    admin = api.ComputeAPI(translator, project='admin', user='admin', version=version)
    host = admin.get('/os-services?binary=nova-compute').json()['services'][0]['host']
    name, zone = f'agg-{uuid.uuid4().hex[:8]}', f'az-{uuid.uuid4().hex[:8]}'
    created = _checked(version, 'create_aggregate', admin.post(
        '/os-aggregates', {'aggregate': {'name': name, 'availability_zone': zone}}))
    aggregate_id = created['aggregate']['id']
    action = f'/os-aggregates/{aggregate_id}/action'
    try:
        listed = _checked(version, 'list_aggregates', admin.get('/os-aggregates'))
        assert name in [a['name'] for a in listed['aggregates']]
        added = _checked(version, 'aggregate_add_remove_host',
                         admin.post(action, {'add_host': {'host': host}}))
        assert added['aggregate']['hosts'] == [host]
        labels = _labels(arktos, host)
        assert labels[f'nova.openstack.org/aggregate-{aggregate_id}'] == 'true'
        assert labels[ZONE_LABEL] == zone
        meta = _checked(version, 'aggregate_set_metadata', admin.post(
            action, {'set_metadata': {'metadata': {'ssd': 'true'}}}))
        assert meta['aggregate']['metadata'] == {'availability_zone': zone, 'ssd': 'true'}
        shown = _checked(version, 'get_aggregate', admin.get(f'/os-aggregates/{aggregate_id}'))
        assert shown['aggregate']['hosts'] == [host]
        assert admin.delete(f'/os-aggregates/{aggregate_id}').status_code == 400
        removed = _checked(version, 'aggregate_add_remove_host',
                           admin.post(action, {'remove_host': {'host': host}}))
        assert removed['aggregate']['hosts'] == []
        labels = _labels(arktos, host)
        assert f'nova.openstack.org/aggregate-{aggregate_id}' not in labels
        assert ZONE_LABEL not in labels
        updated = _checked(version, 'update_aggregate', admin.put(
            f'/os-aggregates/{aggregate_id}', {'aggregate': {'name': name + '-x'}}))
        assert updated['aggregate']['name'] == name + '-x'
    finally:
        admin.post(action, {'remove_host': {'host': host}})
        deleted = admin.delete(f'/os-aggregates/{aggregate_id}')
    contract.validate(contract.client_schema(aggregates_client.AggregatesClient, version,
                                             'delete_aggregate'), deleted)
    assert admin.get(f'/os-aggregates/{aggregate_id}').status_code == 404


@pytest.fixture(scope='module')
def zoned(arktos, tmp_path_factory):
    """A translator that takes its zones from the nodes' zone label."""
    server = harness.start_translator(
        tmp_path_factory.mktemp('zoned'), arktos['url'], token=arktos['token'],
        extra_conf=(f"ca_file = {arktos['ca']}\n" if arktos.get('ca') else '')
        + '[availability_zone]\nzones_from_nodes = true\n')
    try:
        yield server.url
    finally:
        server.stop()


def test_an_aggregate_zone_is_a_zone_servers_land_in(zoned, arktos):
    admin = api.ComputeAPI(zoned, project='admin', user='admin', version='2.53')
    host = sorted(s['host'] for s in admin.get('/os-services?binary=nova-compute').json()[
        'services'])[-1]
    zone = f'az-{uuid.uuid4().hex[:8]}'
    aggregate_id = admin.post('/os-aggregates', {'aggregate': {
        'name': f'agg-{zone}', 'availability_zone': zone}}).json()['aggregate']['id']
    action = f'/os-aggregates/{aggregate_id}/action'
    compute = api.ComputeAPI(zoned)
    try:
        assert admin.post(action, {'add_host': {'host': host}}).status_code == 200
        zones = compute.get('/os-availability-zone').json()['availabilityZoneInfo']
        assert {'zoneName': zone, 'zoneState': {'available': True}, 'hosts': None} in zones
        created = compute.create_server('zoned', availability_zone=zone)
        assert created.status_code == 202, created.text
        server_id = created.json()['server']['id']
        server = wait_for_status(compute, server_id, 'ACTIVE')
        assert server['OS-EXT-AZ:availability_zone'] == zone
        placed = admin.get(f'/servers/{server_id}').json()['server']
        assert placed['OS-EXT-SRV-ATTR:host'] == host
    finally:
        compute.delete_created()
        admin.post(action, {'remove_host': {'host': host}})
        admin.delete(f'/os-aggregates/{aggregate_id}')
    assert zone not in _labels(arktos, host).values()
