"""``/os-aggregates`` over the Arktos under test: a host added to an aggregate is a label on
its node (and the aggregate's zone the node's zone label), checked against tempest.lib's
schemas; everything is undone at the end (real nodes are shared)."""

import uuid

import pytest
import requests
from tempest.lib.services.compute import aggregates_client

from tests import api, contract

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
