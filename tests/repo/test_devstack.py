"""The devstack plugin: syntax, shellcheck, and every phase run with devstack's
functions replaced by recorders (no devstack needed)."""

import configparser
import os
import shutil
import subprocess

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEVSTACK = os.path.join(REPO_ROOT, 'devstack')
SCRIPTS = ['devstack/plugin.sh', 'devstack/settings', 'devstack/lib/translator',
           'tools/generate-samples.sh']
PHASES = [('stack', 'install'), ('stack', 'post-config'), ('stack', 'extra'),
          ('stack', 'test-config'), ('unstack',), ('clean',)]

# devstack's functions the plugin calls; each records its arguments (tab-separated).
RECORDED = ['setup_develop', 'install_apache_uwsgi', 'configure_keystone_authtoken_middleware',
            'setup_logging', 'write_uwsgi_config', 'create_service_user',
            'get_or_create_endpoint', 'run_process', 'wait_for_service',
            'remove_uwsgi_config', 'stop_process', 'echo_summary', 'define_plugin', 'die']

HARNESS = r'''
set -o errexit -o nounset -o pipefail
record() { local IFS=$'\t'; printf '%s\n' "$*" >> "$RECORD"; }
for name in $RECORDED; do
    eval "$name() { record $name \"\$@\"; }"
done
die() { record die "$@"; exit 1; }
get_or_create_service() { record get_or_create_service "$@"; echo "id-$1"; }
get_python_exec_prefix() { echo "$FAKE_BIN"; }
is_service_enabled() {
    local service
    for service in "$@"; do
        [[ ",$ENABLED_SERVICES," == *",$service,"* ]] && return 0
    done
    return 1
}
enable_service() { ENABLED_SERVICES="$ENABLED_SERVICES,$1"; }
sudo() { record sudo "$@"; "$@"; }
iniset() {
    record iniset "$@"
    python3 - "$@" <<'PY'
import configparser, os, sys
path, section, option, value = sys.argv[1:5]
parser = configparser.RawConfigParser()
parser.optionxform = str
parser.read(path)
if section != 'DEFAULT' and not parser.has_section(section):
    parser.add_section(section)
parser.set(section, option, value)
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, 'w') as stream:
    parser.write(stream)
PY
}
source "$PLUGIN_DIR/settings"
for phase in "${PHASES[@]}"; do
    record phase $phase
    # shellcheck disable=SC2086
    source "$PLUGIN_DIR/plugin.sh" $phase
    # What the phase left in the config directory, for the test to read.
    if [[ -d "$TRANSLATOR_CONF_DIR" ]]; then
        cp -r "$TRANSLATOR_CONF_DIR" "$SNAPSHOTS/${phase// /-}"
    fi
done
'''


def test_shell_syntax():
    for script in SCRIPTS:
        subprocess.run(['bash', '-n', os.path.join(REPO_ROOT, script)], check=True)


def test_shellcheck():
    shellcheck = shutil.which('shellcheck')
    if shellcheck is None:
        pytest.fail('shellcheck is missing: apt-get install -y shellcheck '
                    '(tools/run-tests.sh installs it when it runs as root)')
    result = subprocess.run([shellcheck, '-x', *SCRIPTS], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _run_plugin(tmp_path, services: str, manage_exit: int = 0, expect_rc: int = 0,
                **variables) -> tuple[list, str]:
    fake_bin = tmp_path / 'bin'
    fake_bin.mkdir()
    record = tmp_path / 'calls'
    for tool in ('translator-manage', 'translator-arktos-emulator', 'uwsgi'):
        path = fake_bin / tool
        path.write_text('#!/bin/bash\nIFS=$\'\\t\'; printf "exec\\t%s\\t%s\\n" '
                        f'"{tool}" "$*" >> "{record}"\n'
                        + (f'exit {manage_exit}\n' if tool == 'translator-manage' else ''))
        path.chmod(0o755)
    env = {
        'PATH': os.environ['PATH'], 'HOME': str(tmp_path),
        'RECORD': str(record), 'SNAPSHOTS': str(tmp_path), 'RECORDED': ' '.join(RECORDED),
        'FAKE_BIN': str(fake_bin),
        'PLUGIN_DIR': DEVSTACK, 'ENABLED_SERVICES': services,
        'DEST': str(tmp_path / 'opt-stack'), 'DATA_DIR': str(tmp_path / 'data'),
        'TRANSLATOR_DIR': REPO_ROOT, 'TRANSLATOR_CONF_DIR': str(tmp_path / 'etc-translator'),
        'SERVICE_PROTOCOL': 'http', 'SERVICE_HOST': '10.0.0.5', 'REGION_NAME': 'RegionOne',
        'ENABLE_DEBUG_LOG_LEVEL': 'True', 'STACK_USER': subprocess.run(
            ['id', '-un'], capture_output=True, text=True).stdout.strip(),
        'SERVICE_TIMEOUT': '60', 'API_WORKERS': '3',
        'TEMPEST_CONFIG': str(tmp_path / 'tempest' / 'tempest.conf'), **variables}
    phases = ' '.join('"' + ' '.join(phase) + '"' for phase in PHASES)
    script = f'PHASES=({phases})\n' + HARNESS
    result = subprocess.run(['bash', '-c', script], env=env, capture_output=True, text=True)
    assert result.returncode == expect_rc, result.stdout + result.stderr
    calls = [line.split('\t') for line in record.read_text().splitlines()]
    return calls, str(tmp_path / 'etc-translator')


def _read_ini(path: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser()
    parser.optionxform = str
    assert parser.read(path), f'{path} was not written'
    return parser


def _phase_calls(calls, phase: str) -> list:
    current, selected = None, []
    for call in calls:
        if call[0] == 'phase':
            current = ' '.join(call[1:])
        elif current == phase:
            selected.append(call)
    return selected


def test_keystone_only_devstack_on_the_emulator(tmp_path):
    calls, conf_dir = _run_plugin(tmp_path, 'key,mysql,tempest')
    conf = f'{conf_dir}/translator.conf'
    uwsgi_ini = f'{conf_dir}/translator-api-uwsgi.ini'
    fake_bin = str(tmp_path / 'bin')
    written_dir = tmp_path / 'stack-test-config'

    install = _phase_calls(calls, 'stack install')
    assert ['setup_develop', REPO_ROOT] in install
    assert ['install_apache_uwsgi'] in install

    post_config = _phase_calls(calls, 'stack post-config')
    assert ['configure_keystone_authtoken_middleware', conf, 'translator'] in post_config
    assert ['setup_logging', conf] in post_config
    assert ['write_uwsgi_config', uwsgi_ini, 'translator.wsgi.api:application', '/compute',
            '', 'translator-api'] in post_config
    assert ['create_service_user', 'translator', 'admin'] in post_config
    assert ['get_or_create_service', 'translator-compute', 'compute',
            'Compute API on Arktos'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-compute', 'RegionOne',
            'http://10.0.0.5/compute/v2.1'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-image', 'RegionOne',
            'http://10.0.0.5/compute/image'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-network', 'RegionOne',
            'http://10.0.0.5/compute/networking'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-placement', 'RegionOne',
            'http://10.0.0.5/compute/placement'] in post_config
    written = _read_ini(str(written_dir / 'translator.conf'))
    assert written.get('DEFAULT', 'debug') == 'True'
    assert written.get('api', 'auth_strategy') == 'keystone'
    assert written.get('api', 'api_paste_config') == f'{conf_dir}/api-paste.ini'
    assert written.get('api', 'workers') == '3'
    assert written.get('arktos', 'url') == 'http://127.0.0.1:18080'
    assert not written.has_option('arktos', 'token')
    assert written.get('oslo_middleware', 'enable_proxy_headers_parsing') == 'True'
    assert _read_ini(str(written_dir / 'translator-api-uwsgi.ini')).get('uwsgi', 'env') == \
        f'TRANSLATOR_CONFIG_FILE={conf}'
    with open(os.path.join(REPO_ROOT, 'etc', 'translator', 'api-paste.ini')) as shipped:
        assert (written_dir / 'api-paste.ini').read_text() == shipped.read()

    extra = _phase_calls(calls, 'stack extra')
    emulator = [c for c in extra if c[:2] == ['run_process', 'translator-arktos']]
    assert emulator and emulator[0][2].split()[:5] == [
        f'{fake_bin}/translator-arktos-emulator', '--host', '127.0.0.1', '--port', '18080']
    assert ['wait_for_service', '60', 'http://127.0.0.1:18080/healthz'] in extra
    assert ['exec', 'translator-manage', '--config-file', conf, 'arktos', 'check'] in extra
    api = [c for c in extra if c[:2] == ['run_process', 'translator-api']]
    assert api[0][2].split() == [f'{fake_bin}/uwsgi', '--procname-prefix', 'translator',
                                 '--ini', uwsgi_ini]
    assert ['wait_for_service', '60', 'http://10.0.0.5/compute/'] in extra
    conductor = [c for c in extra if c[:2] == ['run_process', 'translator-conductor']]
    assert conductor[0][2].split() == [f'{fake_bin}/translator-conductor', '--config-file',
                                       conf]
    # The emulator and the Arktos check come before the conductor and the API start.
    assert extra.index(emulator[0]) < extra.index(conductor[0]) < extra.index(api[0])

    tempest = _read_ini(str(tmp_path / 'tempest' / 'tempest.conf'))
    assert tempest.get('compute', 'region') == 'RegionOne'
    assert tempest.get('image', 'region') == 'RegionOne'
    assert tempest.get('compute', 'image_ref') == 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'
    assert tempest.get('compute-feature-enabled', 'resize') == 'False'
    assert tempest.get('compute-feature-enabled', 'pause') == 'True'
    assert tempest.get('validation', 'run_validation') == 'False'

    assert _phase_calls(calls, 'unstack') == [['stop_process', 'translator-api'],
                                              ['stop_process', 'translator-conductor'],
                                              ['stop_process', 'translator-arktos']]
    clean = _phase_calls(calls, 'clean')
    assert ['remove_uwsgi_config', uwsgi_ini, 'translator-api'] in clean
    assert not os.path.exists(conf_dir)
    assert not any(call[0] == 'die' for call in calls)


def test_next_to_nova_and_glance_with_a_real_arktos(tmp_path):
    catalog = tmp_path / 'catalog.yaml'
    catalog.write_text('flavors: []\n')
    calls, conf_dir = _run_plugin(
        tmp_path, 'key,mysql,n-api,n-cpu,g-api,placement-api,tempest',
        TRANSLATOR_ARKTOS_URL='https://arktos.example.com:6443',
        TRANSLATOR_ARKTOS_TOKEN='arktos-token', TRANSLATOR_ARKTOS_CA_FILE='/etc/ca.crt',
        TRANSLATOR_CATALOG_FILE=str(catalog))
    conf = f'{conf_dir}/translator.conf'
    written = _read_ini(str(tmp_path / 'stack-test-config' / 'translator.conf'))
    assert written.get('arktos', 'url') == 'https://arktos.example.com:6443'
    assert written.get('arktos', 'token') == 'arktos-token'
    assert written.get('arktos', 'ca_file') == '/etc/ca.crt'
    post_config = _phase_calls(calls, 'stack post-config')
    assert ['write_uwsgi_config', f'{conf_dir}/translator-api-uwsgi.ini',
            'translator.wsgi.api:application', '/arktos-compute', '',
            'translator-api'] in post_config
    # Its own region, so nova's and glance's endpoints in RegionOne stay as they are.
    assert ['get_or_create_endpoint', 'id-translator-compute', 'RegionOne-arktos',
            'http://10.0.0.5/arktos-compute/v2.1'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-image', 'RegionOne-arktos',
            'http://10.0.0.5/arktos-compute/image'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-network', 'RegionOne-arktos',
            'http://10.0.0.5/arktos-compute/networking'] in post_config
    assert ['get_or_create_endpoint', 'id-translator-placement', 'RegionOne-arktos',
            'http://10.0.0.5/arktos-compute/placement'] in post_config
    extra = _phase_calls(calls, 'stack extra')
    assert not any(c[:2] == ['run_process', 'translator-arktos'] for c in extra)
    assert ['exec', 'translator-manage', '--config-file', conf, 'catalog', 'load',
            str(catalog)] in extra
    tempest = _read_ini(str(tmp_path / 'tempest' / 'tempest.conf'))
    assert tempest.get('compute', 'region') == 'RegionOne-arktos'


def test_failed_arktos_check_stops_the_stack(tmp_path):
    calls, _ = _run_plugin(tmp_path, 'key,mysql', manage_exit=1, expect_rc=1)
    assert ['die', calls[-1][1], 'translator-manage arktos check failed: see above'] == \
        calls[-1]
    assert not any(c[:2] == ['run_process', 'translator-api'] for c in calls)
