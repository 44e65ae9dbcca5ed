"""Key pairs, limits and availability zones through unmodified clients: python-novaclient,
the ``nova`` CLI (``admin_token`` auth against the noauth pipeline) and ``openstack``."""

import os
import subprocess

import pytest
from keystoneauth1 import noauth
from keystoneauth1 import session as ks_session
from novaclient import client as nova_client
from novaclient import exceptions as nova_exceptions

from tests import api
from tests.functional import osc
from tests.unit.test_crypto import ED25519, ED25519_FINGERPRINT
from translator.testing import harness


def test_novaclient_keypairs_limits_zones_and_boot_with_key_name(translator, arktos_pods):
    project = api.new_project()
    session = ks_session.Session(auth=noauth.NoAuth(),
                                 additional_headers={'X-Auth-Token': f'alice:{project}'})
    nova = nova_client.Client('2.96', session=session, endpoint_override=translator + '/v2.1')
    imported = nova.keypairs.create('imported', public_key=ED25519)
    assert (imported.fingerprint, imported.type) == (ED25519_FINGERPRINT, 'ssh')
    assert 'imported' in [k.name for k in nova.keypairs.list()]
    assert nova.keypairs.get('imported').public_key == ED25519
    legacy = nova_client.Client('2.1', session=session, endpoint_override=translator + '/v2.1')
    assert legacy.keypairs.create('generated').private_key.startswith('-----BEGIN')

    server = nova.servers.create('keyed', image=api.CIRROS, flavor='1', nics='none',
                                 key_name='imported')
    try:
        shown = nova.servers.get(server.id)
        assert shown.key_name == 'imported'
        # keystoneauth's NoAuth sends its own token: the project is the one it names.
        [pod] = [p for p in arktos_pods(shown.tenant_id) if p['metadata']['name'] == server.id]
        assert pod['spec']['virtualMachine']['publicKey'] == ED25519
        absolute = {limit.name: limit.value for limit in nova.limits.get().absolute}
        assert absolute['totalInstancesUsed'] >= 1 and absolute['maxTotalKeypairs'] == 100
    finally:
        nova.servers.delete(server)
    with pytest.raises(
            nova_exceptions.BadRequest, match='Invalid key_name provided'):
        nova.servers.create('bad', image=api.CIRROS, flavor='1', nics='none', key_name='nope')
    assert [zone.zoneName for zone in nova.availability_zones.list(detailed=False)] == ['nova']
    for name in ('imported', 'generated'):
        nova.keypairs.delete(name)
    with pytest.raises(nova_exceptions.NotFound):
        nova.keypairs.get('imported')


def _nova_cli(translator: str, project: str, *args: str) -> str:
    """The ``nova`` CLI without Keystone: ``admin_token`` sends the noauth token."""
    env = {**os.environ, 'OS_PROJECT_ID': project, 'OS_AUTH_URL': translator}
    result = subprocess.run(
        [os.path.join(harness.BIN_DIR, 'nova'), '--os-auth-type', 'admin_token',
         '--os-token', f'alice:{project}', '--os-endpoint', translator + '/v2.1', *args],
        capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_nova_cli(translator, tmp_path):
    project = api.new_project()
    key_file = tmp_path / 'id_ed25519.pub'
    key_file.write_text(ED25519 + '\n')
    assert 'nova ' in _nova_cli(translator, project, 'availability-zone-list')
    _nova_cli(translator, project, 'keypair-add', '--pub-key', str(key_file), 'cli-key')
    listed = _nova_cli(translator, project, 'keypair-list')
    assert 'cli-key' in listed and ED25519_FINGERPRINT in listed
    assert ED25519 in _nova_cli(translator, project, 'keypair-show', 'cli-key')
    limits = _nova_cli(translator, project, 'limits')
    assert 'Instances' in limits and 'Keypairs' in limits
    _nova_cli(translator, project, 'keypair-delete', 'cli-key')
    assert 'cli-key' not in _nova_cli(translator, project, 'keypair-list')


def test_openstack_availability_zone_list_falls_back_for_members(translator, tmp_path):
    cli = osc.OpenStackCLI(translator, api.new_project(), tmp_path)
    assert cli.json('availability', 'zone', 'list', '--compute') == [
        {'Zone Name': 'nova', 'Zone Status': 'available'}]
