"""The README's first command: ``tools/quickstart.sh`` starts Keystone, the emulator, the
conductor and the API; every command it prints works as printed; starting twice is
harmless; ``stop`` stops everything it started."""

import os
import re
import subprocess

import pytest

from tests.conftest import REPO_ROOT
from translator.testing import harness

QUICKSTART = os.path.join(REPO_ROOT, 'tools', 'quickstart.sh')
pytestmark = pytest.mark.slow


def _run(argv, env, timeout=600) -> str:
    result = subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _printed_commands(text: str) -> list[str]:
    """The indented command lines of the quickstart's 'what to type next'."""
    return [line.strip() for line in text.splitlines()
            if re.match(r'  (export |\.venv/bin/|\(\. )', line)]


def _pids(state) -> list[int]:
    pids = [int(p.read_text()) for p in state.glob('*.pid')]
    keystone_pid = state / 'keystone' / 'keystone.pid'
    if keystone_pid.exists():
        pids.append(int(keystone_pid.read_text()))
    return pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_quickstart_commands_work_as_printed(tmp_path):
    state = tmp_path / 'state'
    env = {**os.environ, 'QUICKSTART_STATE': str(state), 'HOME': str(tmp_path),
           'TRANSLATOR_PORT': str(harness.free_port()),
           'EMULATOR_PORT': str(harness.free_port()),
           'KEYSTONE_PORT': str(harness.free_port())}
    try:
        printed = _run(['bash', QUICKSTART], env)
        commands = _printed_commands(printed)
        assert any('server create' in c for c in commands), printed
        script = 'set -euo pipefail\n' + '\n'.join(commands) + '\n'
        _run(['bash', '-c', script], env)
        first = _pids(state)
        assert len(first) == 4 and all(_alive(pid) for pid in first)

        # Starting again restarts everything on the same state.
        _run(['bash', QUICKSTART], env)
        assert not any(_alive(pid) for pid in first)
        listed = _run(['bash', '-c', f'{commands[0]}\n.venv/bin/openstack server list -f value'],
                      env)
        assert listed.strip() == ''  # the printed commands deleted what they created
        # An image users bring: uploaded, saved back identical, booted.
        disk, saved = tmp_path / 'disk.qcow2', tmp_path / 'saved'
        disk.write_bytes(os.urandom(3 * 1024 * 1024))
        status = _run(['bash', '-c', f'{commands[0]}\n'
                       '.venv/bin/openstack image create --disk-format qcow2 '
                       f'--container-format bare --file {disk} qs-image -f value -c status\n'
                       f'.venv/bin/openstack image save --file {saved} qs-image\n'
                       '.venv/bin/openstack server create --image qs-image --flavor m1.tiny '
                       '--wait qs-vm -f value -c status\n'
                       '.venv/bin/openstack server delete --wait qs-vm\n'
                       '.venv/bin/openstack image delete qs-image'], env)
        assert status.split() == ['active', 'ACTIVE'] and saved.read_bytes() == disk.read_bytes()
    finally:
        running = _pids(state) if state.exists() else []
        subprocess.run(['bash', QUICKSTART, 'stop'], cwd=REPO_ROOT, env=env, timeout=120)
    assert running and not any(_alive(pid) for pid in running)
