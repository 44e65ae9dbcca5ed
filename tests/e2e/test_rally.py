"""Rally's Nova scenarios, unchanged, through a real Keystone: the short CI version.

``tools/rally/run.py`` starts Keystone and translator-api (keystone pipeline, unlimited
quotas) against this session's Arktos, installs Rally into its own venv from
``tools/rally/constraints.txt`` and runs every scenario of ``tools/rally/nova-task.yaml``
twice at concurrency 2, each with fresh Keystone projects. Any scenario that fails its SLA
(failure rate 0) fails the test; its per-scenario lines and totals are printed.
"""

import os
import re
import subprocess
import sys

import pytest

from tests.conformance.test_vertical_scaling import real_gates
from tests.conftest import REPO_ROOT
from translator.testing import harness

pytestmark = pytest.mark.slow

RUN = os.path.join(REPO_ROOT, 'tools', 'rally', 'run.py')
# And NovaServers.resize_server and resize_shutoff_server where the Arktos resizes in place
# (the tests' emulator does).
SCENARIOS = 19


def test_rally_nova_scenarios(arktos, tmp_path, capsys):
    argv = [sys.executable, RUN, '--times', '2', '--concurrency', '2',
            '--state', str(tmp_path / 'rally'), '--arktos-url', arktos['url']]
    if arktos.get('token'):
        argv += ['--arktos-token', arktos['token']]
    if arktos.get('ca'):
        argv += ['--arktos-ca', arktos['ca']]
    resize = arktos['kind'] == 'emulator' or harness.RESIZE_GATE in (real_gates(arktos) or ())
    if resize:
        argv.append('--resize')
    result = subprocess.run(argv, capture_output=True, text=True, timeout=900)
    lines = [line for line in result.stdout.splitlines()
             if re.match(r'^(Nova\w+\.\w+: |rally task |HTML report: |server pods left)',
                         line)]
    totals = re.search(r'^(\d+) passed, (\d+) failed$', result.stdout, re.MULTILINE)
    with capsys.disabled():
        print('\n' + '\n'.join(lines))
        print(f'rally: {totals.group(0) if totals else "no totals"}')
    assert totals, f'no totals from {RUN}:\n{result.stdout[-6000:]}\n{result.stderr[-4000:]}'
    assert result.returncode == 0 and totals.group(2) == '0', result.stdout[-8000:]
    assert int(totals.group(1)) == SCENARIOS + 2 * resize
