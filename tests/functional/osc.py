"""Run the real ``openstack`` CLI (python-openstackclient) against the service.

Without Keystone the CLI reads a clouds.yaml whose ``admin_token`` auth sends the
noauth token ``user:project`` and whose endpoint overrides point at the compute
and image APIs.
"""

import json
import os
import subprocess

from translator.testing import harness


class OpenStackCLI:

    def __init__(self, base_url: str, project: str, tmp_path, user: str = 'alice'):
        self.project = project
        clouds = tmp_path / f'clouds-{project}.yaml'
        clouds.write_text(json.dumps({'clouds': {'translator': {
            'auth_type': 'admin_token',
            'auth': {'token': f'{user}:{project}', 'endpoint': base_url},
            'compute_endpoint_override': base_url + '/v2.1',
            'image_endpoint_override': base_url + '/image',
        }}}))
        self.env = {**os.environ, 'OS_CLIENT_CONFIG_FILE': str(clouds),
                    'OS_CLOUD': 'translator'}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([os.path.join(harness.BIN_DIR, 'openstack'), *args],
                                capture_output=True, text=True, env=self.env, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f'openstack {" ".join(args)} failed: {result.stderr}')
        return result

    def json(self, *args: str):
        return json.loads(self.run(*args, '-f', 'json').stdout)
