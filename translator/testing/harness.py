"""Start and stop the real servers the tests and the tools/ scripts talk to, always by
PID: the Arktos emulator, translator-api with its translator-conductor, memcached,
a real Keystone (``tools/keystone``) with translator-api behind keystonemiddleware, and
Horizon (``tools/horizon``).

The Keystone and Horizon tools come from the repository checkout this package is
installed from (``pip install -e .``).
"""

import contextlib
import os
import secrets
import shlex
import shutil
import signal
import socket
import string
import subprocess
import sys
import time

import requests

BIN_DIR = os.path.dirname(sys.executable)
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KEYSTONE_TOOLS = os.path.join(REPO_ROOT, 'tools', 'keystone')
HORIZON_TOOLS = os.path.join(REPO_ROOT, 'tools', 'horizon')
HORIZON_VENV = os.environ.get('HORIZON_VENV', os.path.join(REPO_ROOT, '.venvs', 'horizon'))
# Projects may have any number of servers (tests of quotas configure their own).
UNLIMITED_SERVERS = '[quota]\ninstances = -1\ncores = -1\nram = -1\n'
# The Arktos feature gate that lets VM pods be resized in place.
RESIZE_GATE = 'InPlacePodVerticalScaling'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class ServiceProcess:
    """A server started as a subprocess; ``stop()`` ends it (and its children) by PID."""

    def __init__(self, name: str, argv: list[str], url: str | None, ready_path: str | None,
                 log_path: str, env: dict | None = None, timeout: float = 30.0):
        self.name = name
        self.url = url
        # Processes that serve with this one and stop with it (the API's conductor).
        self.companions: list[ServiceProcess] = []
        self._log = open(log_path, 'wb')
        self.log_path = log_path
        self.process = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                        env={**os.environ, **(env or {})},
                                        start_new_session=True)
        if ready_path is not None:
            self._wait_ready(ready_path, timeout)

    def _wait_ready(self, path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f'{self.name} exited: {self.log_tail()}')
            try:
                requests.get(self.url + path, timeout=1)
                return
            except (requests.ConnectionError, requests.Timeout):
                # Not listening yet, or its worker is still booting.
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f'{self.name} did not answer within {timeout} s: {self.log_tail()}')

    def log_tail(self, lines: int = 30) -> str:
        with open(self.log_path, 'rb') as log:
            return b''.join(log.readlines()[-lines:]).decode(errors='replace')

    def stop(self) -> None:
        while self.companions:
            self.companions.pop().stop()
        if self in _CONDUCTORS:
            _CONDUCTORS.remove(self)
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            os.killpg(self.process.pid, signal.SIGCONT)  # if it was paused
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


class RunningArktos:
    """An Arktos that is already running (e.g. ``$ARKTOS_URL`` of ../shared/arktos)."""

    def __init__(self, url: str):
        self.url = url.rstrip('/')

    def stop(self) -> None:
        """Left running: whoever started it stops it."""


def start_emulator(workdir, *extra_args: str, boot_delay: float = 0.2) -> ServiceProcess:
    """translator-arktos-emulator on a free loopback port; its log in ``workdir``."""
    port = free_port()
    return ServiceProcess(
        'translator-arktos-emulator',
        [os.path.join(BIN_DIR, 'translator-arktos-emulator'), '--host', '127.0.0.1',
         '--port', str(port), '--boot-delay', str(boot_delay), *extra_args],
        f'http://127.0.0.1:{port}', '/healthz', os.path.join(workdir, f'emulator-{port}.log'))


def start_translator(workdir, arktos_url: str, *, extra_conf: str = '',
                     token: str | None = None, port: int | None = None,
                     auth_conf: str = '[api]\nauth_strategy = noauth\n',
                     workers: int | None = 1, conductor: bool = True) -> ServiceProcess:
    """translator-api (``workers`` processes; None: ``[api] workers`` as shipped) against
    ``arktos_url``; the noauth pipeline unless ``auth_conf`` says otherwise. With
    ``conductor``, a translator-conductor with the same configuration runs next to it
    and stops with it."""
    port = port or free_port()
    conf_path = os.path.join(workdir, f'translator-{port}.conf')
    token_line = f'token = {token}\n' if token else ''
    workers_line = f'[api]\nworkers = {workers}\n' if workers else ''
    with open(conf_path, 'w') as conf:
        conf.write('[DEFAULT]\ndebug = true\n'
                   f'{auth_conf}{workers_line}'
                   # Image data in the work directory, served to VM pods at this URL;
                   # web-downloads from the tests' own servers.
                   f'[glance_store]\nfilesystem_store_datadir = {workdir}/images-{port}\n'
                   f'[image]\ndownload_url_base = http://127.0.0.1:{port}\n'
                   f'download_url_key = test-{port}\nallowed_import_hosts = 127.0.0.1\n'
                   f'[arktos]\nurl = {arktos_url}\n{token_line}{extra_conf}\n')
    api = ServiceProcess(
        'translator-api',
        [os.path.join(BIN_DIR, 'translator-api'), '--config-file', conf_path,
         '--host', '127.0.0.1', '--port', str(port)],
        f'http://127.0.0.1:{port}', '/', os.path.join(workdir, f'translator-{port}.log'))
    if conductor:
        api.companions.append(start_conductor(workdir, conf_path, f'test-{port}'))
    return api


# The conductors started here that still run.
_CONDUCTORS: list[ServiceProcess] = []


@contextlib.contextmanager
def other_conductors_paused():
    """Pause (SIGSTOP) every conductor running now, so that the conductors started inside
    are the only ones at work (they all watch every tenant of Arktos); resume them after."""
    paused = [conductor for conductor in _CONDUCTORS if conductor.process.poll() is None]
    for conductor in paused:
        os.killpg(conductor.process.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for conductor in paused:
            if conductor.process.poll() is None:
                os.killpg(conductor.process.pid, signal.SIGCONT)


def start_conductor(workdir, conf_path, host: str) -> ServiceProcess:
    """translator-conductor with the configuration file ``conf_path``, named ``host``."""
    host_conf = os.path.join(workdir, f'conductor-{host}.conf')
    with open(host_conf, 'w') as conf:
        conf.write(f'[conductor]\nhost = {host}\n')
    conductor = ServiceProcess(
        'translator-conductor',
        [os.path.join(BIN_DIR, 'translator-conductor'), '--config-file', str(conf_path),
         '--config-file', host_conf],
        None, None, os.path.join(workdir, f'conductor-{host}.log'))
    _CONDUCTORS.append(conductor)
    return conductor


@contextlib.contextmanager
def memcached():
    """A memcached on a free loopback port for authtoken's token cache, if installed;
    yields ``host:port`` (None without memcached)."""
    binary = shutil.which('memcached')
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen([binary, '-l', '127.0.0.1', '-p', str(port), '-U', '0',
                                '-u', 'root', '-m', '64'])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, 'memcached did not start'
                time.sleep(0.05)
        yield f'127.0.0.1:{port}'
    finally:
        process.terminate()
        process.wait(timeout=10)


def authtoken_conf(keystone_url: str, memcached_servers: str | None = None) -> str:
    """``[keystone_authtoken]`` for a service validating tokens as the ``translator``
    service user that ``tools/keystone/resources.py`` creates."""
    return (f'[keystone_authtoken]\nwww_authenticate_uri = {keystone_url}\n'
            f'auth_url = {keystone_url}\nauth_type = password\nusername = translator\n'
            'password = translator-pass\nproject_name = service\n'
            'user_domain_id = default\nproject_domain_id = default\n'
            'service_token_roles_required = true\n'
            + (f'memcached_servers = {memcached_servers}\n' if memcached_servers else ''))


@contextlib.contextmanager
def keystone_stack(workdir, arktos_url: str, *, arktos_token: str | None = None,
                   memcached_servers: str | None = None, extra_conf: str = '',
                   workers: int = 1):
    """Keystone (catalog: compute, image, network and placement at the service) in
    ``workdir/keystone`` and translator-api behind ``authtoken``; yields the exports of
    keystone's env.sh plus ``TRANSLATOR_URL``, ``STATE`` and ``MEMCACHED``."""
    state = os.path.join(workdir, 'keystone')
    os.makedirs(state, exist_ok=True)
    keystone_port, translator_port = free_port(), free_port()
    translator_url = f'http://127.0.0.1:{translator_port}'
    try:
        # keystone-down.sh stops whatever part of it started.
        subprocess.run([os.path.join(KEYSTONE_TOOLS, 'keystone-up.sh'), state,
                        str(keystone_port), translator_url], check=True,
                       stdout=subprocess.DEVNULL)
        env = {}
        with open(os.path.join(state, 'env.sh')) as exports:
            for line in exports.read().splitlines():
                key, value = line[len('export '):].split('=', 1)
                env[key] = shlex.split(value)[0]
        auth_conf = ('[api]\nauth_strategy = keystone\n'
                     + authtoken_conf(env['KEYSTONE_URL'], memcached_servers))
        translator_dir = os.path.join(workdir, 'translator-keystone')
        os.makedirs(translator_dir, exist_ok=True)
        translator = start_translator(
            translator_dir, arktos_url, token=arktos_token, port=translator_port,
            auth_conf=auth_conf, extra_conf=extra_conf, workers=workers)
        try:
            yield {**env, 'TRANSLATOR_URL': translator_url, 'STATE': state,
                   'MEMCACHED': memcached_servers}
        finally:
            translator.stop()
    finally:
        subprocess.run([os.path.join(KEYSTONE_TOOLS, 'keystone-down.sh'), state],
                       check=True)


def keystone_token(keystone_url: str, user: str, project: str) -> str:
    """A project-scoped token for ``user`` (password ``<user>-pass``, as
    ``tools/keystone/resources.py`` creates them)."""
    response = requests.post(f'{keystone_url}/auth/tokens', timeout=30, json={
        'auth': {'identity': {'methods': ['password'], 'password': {'user': {
            'name': user, 'domain': {'id': 'default'}, 'password': f'{user}-pass'}}},
            'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}})
    response.raise_for_status()
    return response.headers['X-Subject-Token']


def _horizon_settings(workdir, keystone_url: str) -> dict:
    """Write ``tools/horizon/local_settings.py.template`` for ``keystone_url`` as the
    package ``local`` in ``workdir`` (Horizon's settings import ``local.local_settings``,
    found first on ``PYTHONPATH``); the environment Horizon's commands run in."""
    package = os.path.join(workdir, 'local')
    os.makedirs(package, exist_ok=True)
    open(os.path.join(package, '__init__.py'), 'w').close()
    with open(os.path.join(HORIZON_TOOLS, 'local_settings.py.template')) as template:
        text = string.Template(template.read()).substitute(
            keystone_url=keystone_url, secret_key=secrets.token_urlsafe(32),
            static_root=os.path.join(HORIZON_VENV, 'static'))
    with open(os.path.join(package, 'local_settings.py'), 'w') as settings:
        settings.write(text)
    return {'PYTHONPATH': os.pathsep.join([str(workdir), HORIZON_TOOLS]),
            'DJANGO_SETTINGS_MODULE': 'openstack_dashboard.settings'}


def install_horizon(workdir) -> None:
    """Horizon, gunicorn and WhiteNoise in ``HORIZON_VENV`` from
    ``tools/horizon/constraints.txt``, its static files collected and compressed
    (offline, as a deployment does) into the venv; once."""
    python = os.path.join(HORIZON_VENV, 'bin', 'python')
    if os.path.exists(os.path.join(HORIZON_VENV, 'static', 'dashboard', 'manifest.json')):
        return
    if not os.path.exists(os.path.join(HORIZON_VENV, 'bin', 'gunicorn')):
        subprocess.run(['python3', '-m', 'venv', HORIZON_VENV], check=True)
        subprocess.run([python, '-m', 'pip', 'install', '-q', '-c',
                        os.path.join(HORIZON_TOOLS, 'constraints.txt'), 'horizon', 'gunicorn',
                        'whitenoise'], check=True, stdout=subprocess.DEVNULL)
    env = {**os.environ, **_horizon_settings(workdir, 'http://127.0.0.1/v3')}
    for command in (['collectstatic', '--noinput'], ['compress', '--force']):
        subprocess.run([python, '-m', 'django', *command], check=True, env=env,
                       stdout=subprocess.DEVNULL, timeout=900)


@contextlib.contextmanager
def horizon(workdir, keystone_url: str):
    """Horizon (``install_horizon``) under gunicorn on a free loopback port, signed-in
    users' sessions in signed cookies, Keystone at ``keystone_url``; yields its
    ``ServiceProcess`` (``url``, ``log_path``)."""
    install_horizon(workdir)
    port = free_port()
    server = ServiceProcess(
        'horizon',
        [os.path.join(HORIZON_VENV, 'bin', 'gunicorn'), '--bind', f'127.0.0.1:{port}',
         '--workers', '2', '--threads', '4', '--timeout', '120', 'horizon_wsgi:application'],
        f'http://127.0.0.1:{port}', '/auth/login/', os.path.join(workdir, 'horizon.log'),
        env=_horizon_settings(workdir, keystone_url), timeout=120)
    try:
        yield server
    finally:
        server.stop()
