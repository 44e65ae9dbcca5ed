"""``/os-keypairs`` through the whole pipeline at its microversions, against tempest.lib's
schemas; key pairs stored as Arktos Secrets; booting with ``key_name``."""

import base64

import pytest
import requests
from tempest.lib.services.compute import keypairs_client

from tests import api, contract
from tests.unit.test_crypto import ED25519, ED25519_FINGERPRINT, RSA

KeyPairsClient = keypairs_client.KeyPairsClient


def _schema(version: str, name: str) -> dict:
    return contract.client_schema(KeyPairsClient, version, name)


def _arktos_get(arktos: dict, path: str) -> dict:
    headers = {'Authorization': f'Bearer {arktos["token"]}'} if arktos['token'] else {}
    response = requests.get(arktos['url'] + path, headers=headers, timeout=10)
    response.raise_for_status()
    return response.json()


def _fault(response, code: int) -> str:
    assert response.status_code == code, response.text
    return next(iter(response.json().values()))['message']


@pytest.mark.parametrize('version', ['2.1', '2.2', '2.10', '2.35', '2.92', '2.100'])
def test_import_list_show_delete(translator, version):
    compute = api.ComputeAPI(translator, version=version)
    created = compute.post('/os-keypairs', {'keypair': {'name': 'k1', 'public_key': ED25519}})
    contract.validate(_schema(version, 'create_keypair'), created)
    keypair = created.json()['keypair']
    assert keypair['fingerprint'] == ED25519_FINGERPRINT and 'private_key' not in keypair
    assert keypair['user_id'] == 'alice'

    listed = compute.get('/os-keypairs')
    contract.validate(_schema(version, 'list_keypairs'), listed)
    assert [k['keypair']['name'] for k in listed.json()['keypairs']] == ['k1']

    shown = compute.get('/os-keypairs/k1')
    contract.validate(_schema(version, 'get_keypair'), shown)
    assert shown.json()['keypair']['public_key'] == ED25519

    contract.validate(_schema(version, 'delete_keypair'), compute.delete('/os-keypairs/k1'))
    assert (_fault(compute.get('/os-keypairs/k1'), 404) ==
            'Keypair k1 not found for user alice')
    assert _fault(compute.delete('/os-keypairs/k1'), 404) == 'Keypair k1 not found for user alice'


@pytest.mark.parametrize('version', ['2.1', '2.2', '2.91'])
def test_generate_below_2_92(translator, version):
    compute = api.ComputeAPI(translator, version=version)
    created = compute.post('/os-keypairs', {'keypair': {'name': 'generated'}})
    contract.validate(_schema(version, 'create_keypair'), created)
    keypair = created.json()['keypair']
    assert keypair['private_key'].startswith('-----BEGIN RSA PRIVATE KEY-----')
    assert keypair['public_key'].startswith('ssh-rsa ')
    assert compute.get('/os-keypairs/generated').json()['keypair']['fingerprint'] == \
        keypair['fingerprint']


def test_2_92_imports_only_and_allows_dots_and_at(translator):
    compute = api.ComputeAPI(translator, version='2.92')
    assert "'public_key' is a required property" in _fault(
        compute.post('/os-keypairs', {'keypair': {'name': 'k'}}), 400)
    assert compute.post('/os-keypairs', {'keypair': {'name': 'me@host.example',
                                                     'public_key': RSA}}).status_code == 201
    assert compute.get('/os-keypairs/me@host.example').json()['keypair']['name'] == \
        'me@host.example'
    assert compute.delete('/os-keypairs/me@host.example').status_code == 204
    older = api.ComputeAPI(translator, version='2.91')
    assert 'Only expected characters' in _fault(
        older.post('/os-keypairs', {'keypair': {'name': 'a.b', 'public_key': RSA}}), 400)


def test_x509_type_from_2_2(translator):
    compute = api.ComputeAPI(translator, version='2.2')
    with open('tests/unit/data/x509_cert.pem') as f:
        pem = f.read()
    created = compute.post('/os-keypairs', {'keypair': {'name': 'cert', 'type': 'x509',
                                                        'public_key': pem}})
    assert created.status_code == 201
    assert created.json()['keypair']['type'] == 'x509'
    assert created.json()['keypair']['fingerprint'].startswith('d6:ef:0d:88')
    assert "'type' was unexpected" in _fault(api.ComputeAPI(translator).post(
        '/os-keypairs', {'keypair': {'name': 'c', 'type': 'x509', 'public_key': pem}}), 400)


def test_bad_keys_and_duplicates(translator):
    compute = api.ComputeAPI(translator, version='2.2')
    assert _fault(compute.post('/os-keypairs', {'keypair': {'name': 'k', 'public_key':
                                                            'ssh-rsa AAAA'}}), 400) == \
        'Keypair data is invalid: failed to generate fingerprint'
    assert 'failed to generate X509 fingerprint' in _fault(compute.post(
        '/os-keypairs', {'keypair': {'name': 'k', 'type': 'x509', 'public_key': RSA}}), 400)
    assert compute.post('/os-keypairs', {'keypair': {'name': 'k', 'public_key': RSA}}
                        ).status_code == 201
    assert _fault(compute.post('/os-keypairs', {'keypair': {'name': 'k', 'public_key':
                                                            ED25519}}), 409) == \
        "Key pair 'k' already exists."
    assert 'is too long' in _fault(
        compute.post('/os-keypairs', {'keypair': {'name': 'k' * 256}}), 400)


def test_key_pairs_belong_to_their_user(translator):
    alice = api.ComputeAPI(translator, version='2.10')
    bob = api.ComputeAPI(translator, project=alice.project, user='bob', version='2.10')
    admin = api.ComputeAPI(translator, project=alice.project, user='admin', version='2.10')
    alice.post('/os-keypairs', {'keypair': {'name': 'mine', 'public_key': ED25519}})
    assert bob.get('/os-keypairs').json() == {'keypairs': []}
    assert _fault(bob.get('/os-keypairs/mine'), 404) == 'Keypair mine not found for user bob'
    assert _fault(bob.get('/os-keypairs?user_id=alice'), 403).startswith("Policy doesn't")
    assert [k['keypair']['name'] for k in
            admin.get('/os-keypairs?user_id=alice').json()['keypairs']] == ['mine']
    assert admin.get('/os-keypairs/mine?user_id=alice').json()['keypair']['user_id'] == \
        'alice'
    created = admin.post('/os-keypairs', {'keypair': {'name': 'given', 'user_id': 'bob',
                                                      'public_key': RSA}})
    assert created.json()['keypair']['user_id'] == 'bob'
    assert [k['keypair']['name'] for k in bob.get('/os-keypairs').json()['keypairs']] == \
        ['given']
    assert admin.delete('/os-keypairs/mine?user_id=alice').status_code == 204
    assert alice.get('/os-keypairs').json() == {'keypairs': []}


def test_paging_from_2_35(translator):
    compute = api.ComputeAPI(translator, version='2.35')
    for name in ('c', 'a', 'b'):
        compute.post('/os-keypairs', {'keypair': {'name': name, 'public_key': ED25519}})
    first = compute.get('/os-keypairs?limit=2').json()
    assert [k['keypair']['name'] for k in first['keypairs']] == ['a', 'b']
    assert 'marker=b' in first['keypairs_links'][0]['href']
    rest = compute.get('/os-keypairs?limit=2&marker=b').json()
    assert [k['keypair']['name'] for k in rest['keypairs']] == ['c']
    assert 'keypairs_links' not in rest
    assert _fault(compute.get('/os-keypairs?marker=zz'), 400) == 'marker [zz] not found'
    old = api.ComputeAPI(translator, project=compute.project, version='2.34')
    assert len(old.get('/os-keypairs?limit=1').json()['keypairs']) == 3


def test_key_pairs_are_arktos_secrets(translator, arktos):
    compute = api.ComputeAPI(translator, version='2.2')
    compute.post('/os-keypairs', {'keypair': {'name': 'stored key', 'public_key': ED25519}})
    secrets = _arktos_get(arktos, f'/api/v1/tenants/{compute.project}/namespaces/default/'
                                     'secrets?labelSelector=nova.openstack.org/keypair=true')
    [secret] = secrets['items']
    assert secret['metadata']['name'].startswith('keypair-')
    assert secret['metadata']['annotations']['nova.openstack.org/keypair-name'] == 'stored key'
    assert base64.b64decode(secret['data']['public_key']).decode() == ED25519


def test_boot_with_key_name(translator, arktos_pods):
    compute = api.ComputeAPI(translator, version='2.2')
    compute.post('/os-keypairs', {'keypair': {'name': 'boot-key', 'public_key': ED25519}})
    response = compute.create_server('keyed', key_name='boot-key')
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    assert compute.get(f'/servers/{server_id}').json()['server']['key_name'] == 'boot-key'
    [pod] = [p for p in arktos_pods(compute.project) if p['metadata']['name'] == server_id]
    vm = pod['spec']['virtualMachine']
    assert (vm['keyPairName'], vm['publicKey']) == ('boot-key', ED25519)
    other_user = api.ComputeAPI(translator, project=compute.project, user='bob')
    assert _fault(other_user.create_server('keyed', key_name='boot-key'), 400) == \
        'Invalid key_name provided.'
