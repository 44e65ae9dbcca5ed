#!/usr/bin/env python3
"""Run Rally's Nova scenarios, unchanged, through a real Keystone against the translator.

    .venv/bin/python tools/rally/run.py [--times 20] [--concurrency 2] [--state DIR] [--resize]
                                        [--arktos-url URL [--arktos-token T] [--arktos-ca F]]

Starts the Arktos API emulator (unless ``--arktos-url`` names an Arktos), a Keystone
(``tools/keystone/keystone-up.sh``: catalog compute and image at the translator) and
translator-api behind keystonemiddleware with unlimited quotas, with its
translator-conductor (``translator.testing.harness``), installs Rally into its own
venv from ``tools/rally/constraints.txt`` (once), registers the Keystone admin as an
existing cloud, runs ``tools/rally/nova-task.yaml`` and prints one line per scenario
(iterations, failures, SLA, median and 95th percentile of each atomic action), the path of
Rally's HTML report, and a closing ``N passed, N failed`` line (scenarios). Exits 1 when a
scenario fails its SLA. Everything it starts is stopped by PID; nothing is written outside
the state directory (default ``.state/rally/<time>`` in the repository) and the Rally venv.
Run it with the project venv's Python (translator-api and the emulator come from there).
"""

import argparse
import contextlib
import json
import os
import ssl
import statistics
import subprocess
import sys
import time
import urllib.request

from translator.testing import harness

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
POLL_INTERVAL = 0.2

# Rally polls a server every 2 s after a 1 s pause by default: at those settings an action
# measures Rally's poll grid, not the service. Poll often and at once instead (a service
# that does not show an action's transitional state at once would then fail the scenario).
RALLY_CONF = """[DEFAULT]
log_file = {state}/logs/rally.log
[database]
connection = sqlite:///{state}/rally.db
[openstack]
{polls}
"""
POLLED = ('nova_server_boot', 'nova_server_delete', 'nova_server_reboot', 'nova_server_start',
          'nova_server_stop', 'nova_server_suspend', 'nova_server_resume', 'nova_server_pause',
          'nova_server_unpause', 'nova_server_image_create', 'nova_server_image_delete',
          'glance_image_create', 'glance_image_delete')


def install_rally(venv: str, log: str) -> None:
    if os.path.exists(os.path.join(venv, 'bin', 'rally')):
        return
    subprocess.run(['python3', '-m', 'venv', venv], check=True)
    with open(log, 'wb') as out:
        pip = os.path.join(venv, 'bin', 'pip')
        subprocess.run([pip, 'install', '-q', '--upgrade', 'pip'], check=True, stdout=out,
                       stderr=subprocess.STDOUT)
        subprocess.run([pip, 'install', '-q', '-c', os.path.join(HERE, 'constraints.txt'),
                        'rally-openstack'], check=True, stdout=out, stderr=subprocess.STDOUT)


def percentile(values: list[float], fraction: float) -> float:
    """Rally's own percentile (linear interpolation between closest ranks)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(report: dict) -> list[dict]:
    """One entry per workload of Rally's JSON report: name, iterations, failures, SLA, and
    the median and 95th percentile of each top-level atomic action (successful iterations)."""
    rows = []
    for task in report['tasks']:
        for subtask in task['subtasks']:
            for workload in subtask['workloads']:
                name = next(iter(workload['scenario']))
                data = workload['data']
                durations: dict[str, list[float]] = {}
                errors = []
                for iteration in data:
                    if iteration['error']:
                        errors.append(iteration['error'])
                        continue
                    for action in iteration['atomic_actions']:
                        if action.get('finished_at') is None:
                            continue
                        durations.setdefault(action['name'], []).append(
                            action['finished_at'] - action['started_at'])
                    durations.setdefault('total', []).append(iteration['duration'])
                slas = workload['sla_results'].get('sla', [])
                passed = bool(workload['pass_sla']) and bool(data) and not errors
                rows.append({
                    'name': name, 'iterations': len(data), 'failures': len(errors),
                    'sla': 'pass' if passed else 'FAIL',
                    'sla_detail': [s['detail'] for s in slas if not s['success']],
                    'errors': errors[:3],
                    'actions': {key: (statistics.median(values), percentile(values, 0.95))
                                for key, values in durations.items()}})
    return rows


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        actions = ', '.join(f'{name} {median:.3f}/{p95:.3f}'
                            for name, (median, p95) in row['actions'].items())
        print(f"{row['name']}: {row['iterations']} iterations, {row['failures']} failures, "
              f"SLA {row['sla']}; median/p95 s: {actions}")
        for detail in row['sla_detail']:
            print(f'    SLA: {detail}')
        for error in row['errors']:
            print(f'    error: {" ".join(str(part) for part in error)[:600]}')


def markdown(rows: list[dict]) -> str:
    lines = ['| scenario | iterations | failures | SLA | atomic action: median / p95 (s) |',
             '|---|---|---|---|---|']
    for row in rows:
        actions = '<br>'.join(f'{name} {median:.2f} / {p95:.2f}'
                              for name, (median, p95) in row['actions'].items())
        lines.append(f"| {row['name']} | {row['iterations']} | {row['failures']} | "
                     f"{row['sla']} | {actions} |")
    return '\n'.join(lines) + '\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--times', type=int, default=20, help='iterations per scenario')
    parser.add_argument('--concurrency', type=int, default=2)
    parser.add_argument('--tenants', type=int, default=2,
                        help='Keystone projects the users context creates per scenario')
    parser.add_argument('--only', action='append', default=[],
                        help='run only this scenario (repeatable), e.g. NovaServers.boot_server')
    parser.add_argument('--image', default='cirros', help='image name to boot')
    parser.add_argument('--flavor', default='m1.tiny', help='flavor name to boot')
    parser.add_argument('--resize', action='store_true',
                        help='the Arktos resizes VMs in place (InPlacePodVerticalScaling): '
                             'run NovaServers.resize_server too (the emulator then runs '
                             'with the gate)')
    parser.add_argument('--state', help='state directory (default .state/rally/<time>)')
    parser.add_argument('--rally-venv', default=os.environ.get(
        'RALLY_VENV', os.path.join(REPO, '.venvs', 'rally')))
    parser.add_argument('--arktos-url', help='an Arktos to use instead of the emulator')
    parser.add_argument('--arktos-token')
    parser.add_argument('--arktos-ca')
    parser.add_argument('--workers', type=int, default=2, help='translator-api workers')
    parser.add_argument('--boot-delay', type=float, default=0.5,
                        help="the emulator's seconds from create to active")
    args = parser.parse_args(argv)

    state = os.path.abspath(args.state or os.path.join(
        REPO, '.state', 'rally', time.strftime('%Y%m%d-%H%M%S')))
    for sub in ('logs', 'home'):
        os.makedirs(os.path.join(state, sub), exist_ok=True)
    logs = os.path.join(state, 'logs')
    started = time.monotonic()
    install_rally(args.rally_venv, os.path.join(logs, 'rally-pip.log'))
    print(f'rally venv ready ({time.monotonic() - started:.0f} s)', flush=True)

    env = {**os.environ, 'HOME': os.path.join(state, 'home')}
    with contextlib.ExitStack() as stack:
        arktos_url = args.arktos_url
        if arktos_url is None:
            gates = ('--feature-gates', f'{harness.RESIZE_GATE}=true') if args.resize else ()
            emulator = harness.start_emulator(logs, *gates, boot_delay=args.boot_delay)
            stack.callback(emulator.stop)
            arktos_url = emulator.url
        ca_line = f'ca_file = {args.arktos_ca}\n' if args.arktos_ca else ''
        memcached = stack.enter_context(harness.memcached())
        stack_env = stack.enter_context(harness.keystone_stack(
            state, arktos_url, arktos_token=args.arktos_token, memcached_servers=memcached,
            extra_conf=ca_line + harness.UNLIMITED_SERVERS, workers=args.workers))
        keystone_url = stack_env['KEYSTONE_URL']
        print(f'stack up: keystone {keystone_url}, translator {stack_env["TRANSLATOR_URL"]}, '
              f'arktos {arktos_url} ({time.monotonic() - started:.0f} s)', flush=True)
        before = set(server_pods(arktos_url, args.arktos_token, args.arktos_ca))
        passed, failed = run_rally(args, state, env, keystone_url)
        leftovers = sorted(set(server_pods(arktos_url, args.arktos_token, args.arktos_ca))
                           - before)
        print(f'server pods left in Arktos after Rally\'s cleanup: {len(leftovers)}'
              + (f' {leftovers[:5]}' if leftovers else ''))
        print(f'{passed} passed, {failed} failed')
        return 0 if failed == 0 and not leftovers else 1


def server_pods(arktos_url: str, token: str | None, ca: str | None) -> list[str]:
    """The server pods of every tenant in Arktos (Rally's cleanup should add none)."""
    request = urllib.request.Request(
        f'{arktos_url}/api/v1/tenants/all/pods?labelSelector=nova.openstack.org/server%3Dtrue',
        headers={'Authorization': f'Bearer {token}'} if token else {})
    context = ssl.create_default_context(cafile=ca) if ca else None
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        pods = json.load(response)['items']
    return [f"{pod['metadata'].get('tenant')}/{pod['metadata']['name']}" for pod in pods]


def run_rally(args, state: str, env: dict, keystone_url: str) -> tuple[int, int]:
    """Runs the task and prints its scenario lines; returns (passed, failed) scenarios, a
    task that did not run or ended in error counting as a failure."""
    logs = os.path.join(state, 'logs')
    conf = os.path.join(state, 'rally.conf')
    polls = '\n'.join(f'{name}_prepoll_delay = 0\n{name}_poll_interval = {POLL_INTERVAL}'
                      for name in POLLED)
    with open(conf, 'w') as out:
        out.write(RALLY_CONF.format(state=state, polls=polls))
    rally_bin = os.path.join(args.rally_venv, 'bin', 'rally')

    def rally(*command: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([rally_bin, '--config-file', conf, *command], env=env,
                              text=True, **kwargs)

    with open(os.path.join(logs, 'rally-setup.log'), 'w') as out:
        rally('db', 'create', check=True, stdout=out, stderr=subprocess.STDOUT)
        spec = os.path.join(state, 'env.json')
        with open(spec, 'w') as spec_file:
            json.dump({'existing@openstack': {
                'auth_url': keystone_url, 'region_name': 'RegionOne', 'endpoint_type': 'public',
                'admin': {'username': 'admin', 'password': 'admin-pass', 'project_name': 'admin',
                          'user_domain_name': 'Default', 'project_domain_name': 'Default'}}},
                spec_file)
        rally('env', 'create', '--name', 'translator', '--spec', spec, check=True, stdout=out,
              stderr=subprocess.STDOUT)
        rally('env', 'check', check=True, stdout=out, stderr=subprocess.STDOUT)

    task_args = {'times': args.times, 'concurrency': args.concurrency,
                 'tenants': args.tenants, 'only': args.only, 'image': args.image,
                 'resize': args.resize,
                 'flavor': args.flavor}
    started = time.monotonic()
    with open(os.path.join(logs, 'rally-task.log'), 'w') as out:
        result = rally('task', 'start', os.path.join(HERE, 'nova-task.yaml'), '--task-args',
                       json.dumps(task_args), stdout=out, stderr=subprocess.STDOUT)
    elapsed = time.monotonic() - started
    uuids = rally('task', 'list', '--uuids-only', capture_output=True, check=True).stdout.split()
    if not uuids:
        print(f'rally task did not start (exit {result.returncode}); see '
              f'{logs}/rally-task.log')
        return 0, 1
    uuid = uuids[-1]
    report_json = os.path.join(state, 'report.json')
    report_html = os.path.join(state, 'report.html')
    for kind, path in (('--json', report_json), ('--html-static', report_html)):
        rally('task', 'report', uuid, kind, '--out', path, check=True,
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(report_json) as report:
        rows = summarize(json.load(report))
    with open(os.path.join(state, 'results.md'), 'w') as out:
        out.write(markdown(rows))
    print(f'rally task {uuid}: {elapsed:.0f} s, times {args.times}, concurrency '
          f'{args.concurrency}, {args.tenants} projects per scenario')
    print_rows(rows)
    print(f'HTML report: {report_html}')
    print(f'table: {os.path.join(state, "results.md")}')
    passed = sum(row['sla'] == 'pass' for row in rows)
    failed = len(rows) - passed
    if not rows or result.returncode not in (0, 2):
        # Rally's exit codes: 0 fine, 2 an SLA failed, 1 the task could not run: say why.
        with open(os.path.join(logs, 'rally-task.log')) as log:
            print(''.join(log.readlines()[-20:]))
        failed = max(failed, 1)
    return passed, failed


if __name__ == '__main__':
    sys.exit(main())
