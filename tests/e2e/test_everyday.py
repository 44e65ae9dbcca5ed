"""The client coverage table of ``tests/e2e/everyday.py``, entry by entry, through Keystone:
what works works, what is refused is refused with its reason."""

import json
import os
import subprocess
import sys
import time

import pytest
import yaml

from tests.conftest import REPO_ROOT
from tests.e2e import everyday
from tests.e2e.conftest import client_env, password_auth, sdk_connection
from translator.testing import harness

pytestmark = pytest.mark.slow

ANSIBLE_VENV = os.path.join(REPO_ROOT, '.venvs', 'ansible')
# openstack.cloud 2.5 (bundled by ansible 12) needs openstacksdk below 4.15.
ANSIBLE_REQUIREMENTS = ('ansible>=12,<13', 'openstacksdk<4.15')


def _run_command(command: everyday.Command, stack, home) -> subprocess.CompletedProcess:
    program, *args = command.argv
    user = command.user
    (home / 'key.pub').write_text(everyday.PUBLIC_KEY + '\n')
    return subprocess.run([os.path.join(harness.BIN_DIR, program), *args], cwd=home,
                          capture_output=True, text=True, timeout=180,
                          env=client_env(stack, user, user, home))


def _wait(command: everyday.Command, stack, home) -> None:
    server = command.argv[-1]
    show = everyday.Command(f'openstack server show {server} -f json', user=command.user)
    deadline = time.monotonic() + 60
    while True:
        shown = json.loads(_run_command(show, stack, home).stdout)
        if shown['status'] == command.wait and not shown.get('OS-EXT-STS:task_state'):
            return
        assert time.monotonic() < deadline, shown
        time.sleep(0.5)


@pytest.mark.parametrize('commands', [everyday.OPENSTACK, everyday.NOVA],
                         ids=['openstack', 'nova'])
def test_cli_commands(commands, stack, tmp_path):
    for command in commands:
        result = _run_command(command, stack, tmp_path)
        if command.refused:
            assert result.returncode != 0, f'{command.line} should be refused'
            assert command.refused in result.stderr, (command.line, result.stderr)
        else:
            assert result.returncode == 0, (command.line, result.stderr)
        if command.wait:
            _wait(command, stack, tmp_path)


def _resolved(value, kept: dict):
    if isinstance(value, everyday.Ref):
        found = kept[value.name]
        return getattr(found, value.attribute) if value.attribute else found
    return value


def test_openstacksdk_cloud_layer(stack):
    connections = {user: sdk_connection(stack, user, user) for user in ('demo', 'admin')}
    kept = {}
    for call in everyday.SDK:
        method = getattr(connections[call.user], call.method)
        args = [_resolved(arg, kept) for arg in call.args]
        kwargs = {key: _resolved(value, kept) for key, value in call.kwargs.items()}
        result = method(*args, **kwargs)
        if call.keep:
            kept[call.keep] = result
    assert list(connections['demo'].compute.servers()) == []


def _ansible(tmp_path) -> str:
    """ansible-playbook from its own venv (installed once)."""
    playbook = os.path.join(ANSIBLE_VENV, 'bin', 'ansible-playbook')
    if not os.path.exists(playbook):
        subprocess.run([sys.executable, '-m', 'venv', ANSIBLE_VENV], check=True)
        subprocess.run([os.path.join(ANSIBLE_VENV, 'bin', 'pip'), 'install', '-q',
                        *ANSIBLE_REQUIREMENTS], check=True, timeout=900)
    return playbook


def _clouds_yaml(stack, path) -> None:
    clouds = {user: password_auth(stack, user, user) for user in ('demo', 'admin')}
    path.write_text(yaml.safe_dump({'clouds': clouds}))


def _playbook(tasks: list[everyday.Task], path, state: str | None = None) -> None:
    steps = []
    for task in tasks:
        args = {'cloud': task.user, **task.args}
        if state:
            args['state'] = state
        steps.append({'name': task.shown, f'openstack.cloud.{task.module}': args})
    path.write_text(yaml.safe_dump([{'hosts': 'localhost', 'gather_facts': False,
                                     'tasks': steps}], sort_keys=False))


def _play(ansible: str, playbook, tmp_path) -> dict:
    env = {**os.environ, 'HOME': str(tmp_path), 'OS_CLIENT_CONFIG_FILE': str(
        tmp_path / 'clouds.yaml'), 'ANSIBLE_STDOUT_CALLBACK': 'json',
        'ANSIBLE_PYTHON_INTERPRETER': os.path.join(ANSIBLE_VENV, 'bin', 'python'),
        'ANSIBLE_LOCALHOST_WARNING': 'false', 'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false'}
    result = subprocess.run([ansible, '-i', 'localhost,', '-c', 'local', str(playbook)],
                            capture_output=True, text=True, timeout=600, env=env)
    report = json.loads(result.stdout)
    tasks = report['plays'][0]['tasks']
    outcome = {task['task']['name']: task['hosts']['localhost'] for task in tasks}
    failed = {name: host.get('msg') for name, host in outcome.items() if host.get('failed')}
    assert result.returncode == 0 and not failed, (failed, result.stderr[-3000:])
    return {name: host.get('changed', False) for name, host in outcome.items()}


def test_ansible_playbook_runs_twice(stack, tmp_path):
    ansible = _ansible(tmp_path)
    _clouds_yaml(stack, tmp_path / 'clouds.yaml')
    up, down = tmp_path / 'up.yml', tmp_path / 'down.yml'
    _playbook(everyday.ANSIBLE, up)
    present = [task for task in everyday.ANSIBLE
               if task.module in ('keypair', 'server', 'server_group', 'host_aggregate',
                                  'compute_flavor')]
    _playbook(present[::-1], down, state='absent')
    try:
        first = _play(ansible, up, tmp_path)
        assert first['openstack.cloud.server'] and first['openstack.cloud.keypair']
        again = _play(ansible, up, tmp_path)
        # Only the actions change something on a second run (stop, then start again).
        assert [name for name, changed in again.items() if changed] == \
            ['openstack.cloud.server_action'], again
    finally:
        removed = _play(ansible, down, tmp_path)
    assert all(removed.values()), removed
    assert not any(_play(ansible, down, tmp_path).values())
