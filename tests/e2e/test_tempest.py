"""Tempest's compute API tests against the translator, through the real Keystone.

The tests run are ``tools/tempest/include-list.txt`` minus ``exclude-list.txt`` (each
exclusion with its reason); tempest comes from its own venv, installed from
``tools/tempest/constraints.txt``. The totals are printed as a plain
``N passed, N failed, N skipped`` line, and any failure fails the suite.
"""

import os
import re
import subprocess

import pytest

from tests.api import CIRROS
from tests.conftest import REPO_ROOT
from translator.testing import harness

pytestmark = pytest.mark.slow

TOOLS = os.path.join(REPO_ROOT, 'tools', 'tempest')
VENV = os.environ.get('TEMPEST_VENV', os.path.join(REPO_ROOT, '.venvs', 'tempest'))
UBUNTU = '3c6a1c44-0f2d-4e8e-a4ee-6c1f1f0c2d02'


@pytest.fixture(scope='module')
def stack(memcached, tmp_path_factory):
    """Keystone and translator-api on an emulator of tempest's own: tempest's admin tests
    change what the whole cloud shares (the default quota class, aggregates and their
    zones, compute services), as they do on Nova, which would leak into the tests that
    run after them on the session's Arktos."""
    workdir = tmp_path_factory.mktemp('tempest-stack')
    emulator = harness.start_emulator(workdir, '--feature-gates', f'{harness.RESIZE_GATE}=true')
    try:
        with harness.keystone_stack(workdir, emulator.url, memcached_servers=memcached) as env:
            yield env
    finally:
        emulator.stop()


def _install() -> None:
    if os.path.exists(os.path.join(VENV, 'bin', 'tempest')):
        return
    subprocess.run(['python3', '-m', 'venv', VENV], check=True)
    subprocess.run([os.path.join(VENV, 'bin', 'pip'), 'install', '-q', '-c',
                    os.path.join(TOOLS, 'constraints.txt'), 'tempest'], check=True,
                   stdout=subprocess.DEVNULL)


def _totals(output: str) -> dict:
    totals = {}
    for key in ('Passed', 'Failed', 'Skipped'):
        match = re.search(rf'^ - {key}: (\d+)$', output, re.MULTILINE)
        totals[key.lower()] = int(match.group(1)) if match else 0
    return totals


def test_tempest_compute_subset(stack, tmp_path, capsys):
    _install()
    home = tmp_path / 'home'
    env = {**os.environ, 'HOME': str(home)}
    workspace = tmp_path / 'tempest'
    tempest = os.path.join(VENV, 'bin', 'tempest')
    subprocess.run([tempest, 'init', '--workspace-path', str(home / 'workspace.yaml'),
                    str(workspace)], check=True, env=env, capture_output=True)
    with open(os.path.join(TOOLS, 'tempest.conf.template')) as template:
        (workspace / 'etc' / 'tempest.conf').write_text(template.read().format(
            log_file=tmp_path / 'tempest.log', admin_password=stack['ADMIN_PASSWORD'],
            keystone_url=stack['KEYSTONE_URL'], image_ref=CIRROS, image_ref_alt=UBUNTU,
            max_microversion='2.100'))
    result = subprocess.run(
        [tempest, 'run', '--concurrency', '2',
         '--include-list', os.path.join(TOOLS, 'include-list.txt'),
         '--exclude-list', os.path.join(TOOLS, 'exclude-list.txt')],
        cwd=workspace, env=env, capture_output=True, text=True, timeout=1800)
    totals = _totals(result.stdout)
    with capsys.disabled():
        print(f'\ntempest: {totals["passed"]} passed, {totals["failed"]} failed, '
              f'{totals["skipped"]} skipped')
    failures = re.findall(r'^\{\d+\} (\S+) \[[^\]]*\] \.\.\. FAILED$', result.stdout,
                          re.MULTILINE)
    assert result.returncode == 0 and totals['failed'] == 0, (
        f'tempest failed: {failures}\n{result.stdout[-8000:]}')
    assert totals['passed'] > 0
