"""Images users bring, through Keystone with the unmodified CLI: upload, save, set,
share with another project, and boot there; the VM pod's image fetched as the
runtime fetches it (no token)."""

import hashlib
import os

import requests

from tests.e2e.test_clients import _json, _pods, cli  # noqa: F401  (cli is a fixture)


def test_image_create_save_share_and_boot(cli, stack, arktos, tmp_path):  # noqa: F811
    data = os.urandom(3 * 1024 * 1024 + 5)
    disk = tmp_path / 'disk.qcow2'
    disk.write_bytes(data)
    image = _json(cli('openstack', 'image', 'create', '--disk-format', 'qcow2',
                      '--container-format', 'bare', '--file', str(disk), '--shared',
                      'e2e-upload', '-f', 'json'))
    assert image['status'] == 'active' and image['checksum'] == hashlib.md5(data).hexdigest()
    try:
        saved = tmp_path / 'saved'
        cli('openstack', 'image', 'save', '--file', str(saved), 'e2e-upload')
        assert saved.read_bytes() == data
        cli('openstack', 'image', 'set', '--property', 'os_distro=cirros', '--tag', 'e2e',
            'e2e-upload')
        cli('openstack', 'image', 'unset', '--property', 'os_distro', 'e2e-upload')
        shown = _json(cli('openstack', 'image', 'show', 'e2e-upload', '-f', 'json'))
        assert shown['tags'] == ['e2e'] and 'os_distro' not in shown.get('properties', {})
        # A project's id: demo may not look other projects up by name in Keystone.
        cli('openstack', 'image', 'add', 'project', 'e2e-upload', stack['ALT_DEMO_PROJECT_ID'])
        alt = {'user': 'alt_demo', 'project': 'alt_demo'}
        cli('openstack', 'image', 'set', '--accept', image['id'], **alt)
        listed = _json(cli('openstack', 'image', 'list', '-f', 'json', **alt))
        assert image['id'] in [i['ID'] for i in listed]
        server = _json(cli('openstack', 'server', 'create', '--image', image['id'],
                           '--flavor', 'm1.tiny', '--wait', 'e2e-shared', '-f', 'json', **alt))
        assert server['status'] == 'ACTIVE'
        (pod,) = [pod for pod in _pods(arktos, stack['ALT_DEMO_PROJECT_ID'])
                  if pod['metadata']['name'] == server['id']]
        fetched = requests.get(f"http://{pod['spec']['virtualMachine']['image']}", timeout=60)
        assert fetched.status_code == 200 and fetched.content == data
        cli('openstack', 'server', 'delete', '--wait', 'e2e-shared', **alt)
    finally:
        cli('openstack', 'image', 'delete', 'e2e-upload')
