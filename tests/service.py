"""Start and stop the real servers the tests talk to, always by PID."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time

import requests

BIN_DIR = os.path.dirname(sys.executable)


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


def start_translator(tmp_path, arktos_url: str, *, extra_conf: str = '',
                     token: str | None = None, port: int | None = None,
                     auth_conf: str = '[api]\nauth_strategy = noauth\n',
                     conductor: bool = True, workers: int | None = 1) -> ServiceProcess:
    """translator-api (``workers`` processes; None: ``[api] workers`` as shipped) against
    ``arktos_url``; the noauth pipeline unless ``auth_conf`` says otherwise. With
    ``conductor``, a translator-conductor with the same configuration runs next to it
    and stops with it."""
    port = port or free_port()
    conf_path = tmp_path / f'translator-{port}.conf'
    token_line = f'token = {token}\n' if token else ''
    workers_line = f'[api]\nworkers = {workers}\n' if workers else ''
    conf_path.write_text(
        '[DEFAULT]\ndebug = true\n'
        f'{auth_conf}{workers_line}'
        f'[arktos]\nurl = {arktos_url}\n{token_line}{extra_conf}\n')
    api = ServiceProcess(
        'translator-api',
        [os.path.join(BIN_DIR, 'translator-api'), '--config-file', str(conf_path),
         '--host', '127.0.0.1', '--port', str(port)],
        f'http://127.0.0.1:{port}', '/', str(tmp_path / f'translator-{port}.log'))
    if conductor:
        api.companions.append(start_conductor(tmp_path, conf_path, f'test-{port}'))
    return api


# The conductors the tests started that still run.
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


def start_conductor(tmp_path, conf_path, host: str) -> ServiceProcess:
    """translator-conductor with the configuration file ``conf_path``, named ``host``."""
    host_conf = tmp_path / f'conductor-{host}.conf'
    host_conf.write_text(f'[conductor]\nhost = {host}\n')
    conductor = ServiceProcess(
        'translator-conductor',
        [os.path.join(BIN_DIR, 'translator-conductor'), '--config-file', str(conf_path),
         '--config-file', str(host_conf)],
        None, None, str(tmp_path / f'conductor-{host}.log'))
    _CONDUCTORS.append(conductor)
    return conductor
