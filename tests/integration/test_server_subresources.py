"""Server sub-resources as Nova has them: metadata, tags, IPs, interfaces and security
groups, through the whole pipeline."""

import concurrent.futures
import uuid

import pytest

from tests import api
from tests.api import wait_for_status


@pytest.fixture
def server_id(compute):
    server_id = compute.create_server(metadata={'a': '1'}).json()['server']['id']
    wait_for_status(compute, server_id, 'ACTIVE')
    return server_id


def _fault(response, code: int, text: str) -> None:
    assert response.status_code == code, response.text
    assert text in response.text, response.text


def test_metadata(compute, server_id):
    path = f'/servers/{server_id}/metadata'
    assert compute.get(path).json() == {'metadata': {'a': '1'}}
    response = compute.post(path, {'metadata': {'b': '2'}})
    assert response.status_code == 200
    assert response.json() == {'metadata': {'a': '1', 'b': '2'}}
    assert compute.put(path, {'metadata': {'c': '3'}}).json() == {'metadata': {'c': '3'}}
    assert compute.put(f'{path}/d', {'meta': {'d': '4'}}).json() == {'meta': {'d': '4'}}
    assert compute.get(f'{path}/d').json() == {'meta': {'d': '4'}}
    assert compute.delete(f'{path}/c').status_code == 204
    assert compute.get(path).json() == {'metadata': {'d': '4'}}
    server = compute.get(f'/servers/{server_id}').json()['server']
    assert server['metadata'] == {'d': '4'}

    _fault(compute.get(f'{path}/c'), 404, 'Metadata item was not found')
    _fault(compute.delete(f'{path}/c'), 404, 'Metadata item was not found')
    _fault(compute.put(f'{path}/d', {'meta': {'e': '5'}}), 400, 'Request body and URI mismatch')
    assert compute.put(f'{path}/d', {'meta': {'d': '1', 'e': '5'}}).status_code == 400
    assert compute.post(path, {'metadata': {'k': 'x' * 256}}).status_code == 400
    assert compute.post(path, {'meta': {'k': 'v'}}).status_code == 400
    many = {f'k{i}': 'v' for i in range(129)}
    _fault(compute.put(path, {'metadata': many}), 403,
           'Maximum number of metadata items exceeds 128')
    missing = str(uuid.uuid4())
    assert compute.get(f'/servers/{missing}/metadata').status_code == 404
    assert compute.post(f'/servers/{missing}/metadata', {'metadata': {}}).status_code == 404


def test_concurrent_metadata_items_are_all_kept(compute, server_id):
    """Each item is a read-modify-write conditional on the version it read."""
    path = f'/servers/{server_id}/metadata'
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda i: compute.put(f'{path}/k{i}',
                                                    {'meta': {f'k{i}': str(i)}}).status_code,
                              range(8)))
    assert codes == [200] * 8
    assert compute.get(path).json()['metadata'] == {'a': '1', **{f'k{i}': str(i)
                                                                for i in range(8)}}


def test_metadata_of_a_server_with_a_task_is_409(compute, server_id):
    assert compute.post(f'/servers/{server_id}/action',
                        {'reboot': {'type': 'SOFT'}}).status_code == 202
    response = compute.post(f'/servers/{server_id}/metadata', {'metadata': {'b': '2'}})
    _fault(response, 409, "Cannot 'update metadata' instance")
    wait_for_status(compute, server_id, 'ACTIVE')


def test_tags(translator, compute, server_id):
    compute = api.ComputeAPI(translator, compute.project, version='2.26')
    path = f'/servers/{server_id}/tags'
    assert compute.get(path).json() == {'tags': []}
    response = compute.put(f'{path}/web')
    assert response.status_code == 201
    assert response.headers['Location'].endswith(f'{path}/web')
    assert compute.put(f'{path}/web').status_code == 204
    assert compute.get(f'{path}/web').status_code == 204
    _fault(compute.get(f'{path}/db'), 404, 'Tag db is not found.')
    assert compute.put(path, {'tags': ['x', 'y', 'x']}).json() == {'tags': ['x', 'y']}
    assert compute.get(f'/servers/{server_id}').json()['server']['tags'] == ['x', 'y']
    assert compute.delete(f'{path}/x').status_code == 204
    _fault(compute.delete(f'{path}/x'), 404, 'Tag x is not found.')
    assert compute.delete(path).status_code == 204
    assert compute.get(path).json() == {'tags': []}
    assert compute.put(path, {'tags': [str(i) for i in range(51)]}).status_code == 400
    assert compute.put(path, {'tags': ['a,b']}).status_code == 400
    assert compute.put(path, {'tags': [str(i) for i in range(50)]}).status_code == 200
    _fault(compute.put(f'{path}/one-more'), 400, 'exceeded the per-server limit 50')
    old = api.ComputeAPI(translator, compute.project, version='2.25')
    assert old.get(path).status_code == 404


def test_ips_interfaces_and_security_groups(compute, server_id):
    server = compute.get(f'/servers/{server_id}').json()['server']
    ((label, entries),) = server['addresses'].items()
    ips = compute.get(f'/servers/{server_id}/ips').json()
    assert ips == {'addresses': {label: [{'version': e['version'], 'addr': e['addr']}
                                         for e in entries]}}
    assert compute.get(f'/servers/{server_id}/ips/{label}').json() == \
        {label: ips['addresses'][label]}
    _fault(compute.get(f'/servers/{server_id}/ips/nowhere'), 404,
           'Instance is not a member of specified network')

    (attachment,) = compute.get(f'/servers/{server_id}/os-interface').json()[
        'interfaceAttachments']
    assert attachment['mac_addr'] == entries[0]['OS-EXT-IPS-MAC:mac_addr']
    assert attachment['fixed_ips'][0]['ip_address'] == entries[0]['addr']
    assert attachment['port_state'] == 'ACTIVE' and attachment['net_id']
    port = attachment['port_id']
    assert compute.get(f'/servers/{server_id}/os-interface/{port}').json() == \
        {'interfaceAttachment': attachment}
    assert compute.get(f'/servers/{server_id}/os-interface/{uuid.uuid4()}').status_code == 404
    _fault(compute.post(f'/servers/{server_id}/os-interface', {'interfaceAttachment': {}}),
           501, 'NIC hot-plug')
    assert compute.delete(f'/servers/{server_id}/os-interface/{port}').status_code == 501
    # A server that does not exist is a 404 before any 501.
    assert compute.post(f'/servers/{uuid.uuid4()}/os-interface', {}).status_code == 404

    groups = compute.get(f'/servers/{server_id}/os-security-groups').json()
    assert [g['name'] for g in groups['security_groups']] == ['default']
    assert compute.get(f'/servers/{uuid.uuid4()}/os-security-groups').status_code == 404


def test_diagnostics_consoles_and_extensions(compute, translator):
    server_id = compute.create_server().json()['server']['id']
    admin = api.ComputeAPI(translator, compute.project, user='admin', version='2.6')
    assert admin.get(f'/servers/{server_id}/diagnostics').status_code == 501
    assert compute.get(f'/servers/{server_id}/diagnostics').status_code == 403
    response = admin.post(f'/servers/{server_id}/remote-consoles',
                          {'remote_console': {'protocol': 'vnc', 'type': 'novnc'}})
    assert response.status_code == 501
    assert 'remote consoles' in response.json()['notImplemented']['message']
    # A server that does not exist is a 404 first.
    assert admin.get(f'/servers/{uuid.uuid4()}/diagnostics').status_code == 404
    extensions = compute.get('/extensions').json()['extensions']
    assert {'os-keypairs', 'servers', 'os-quota-sets'} <= {e['alias'] for e in extensions}
    assert compute.get('/extensions/os-keypairs').json()['extension']['name'] == 'Keypairs'
    assert compute.get('/extensions/os-nothing').status_code == 404
