"""Start the real ``translator-arktos-emulator`` CLI on a free port and talk HTTP to it."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

REPO = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    """A running emulator process; ``request`` returns (code, headers, body bytes)."""

    def __init__(self, *extra, token=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = token
        cmd = [
            sys.executable,
            "-m",
            "translator.emulator.cmd",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warning",
            *extra,
        ]
        env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + 20
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"emulator exited: {self.proc.stdout.read()}")
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("emulator did not become healthy")
            time.sleep(0.05)

    def request(self, method, path, body=None, content_type="application/json", headers=None):
        data = (
            None
            if body is None
            else body
            if isinstance(body, bytes)
            else json.dumps(body).encode()
        )
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def json(self, method, path, body=None, **kw):
        code, _, data = self.request(method, path, body, **kw)
        return code, json.loads(data)

    def wait_for(self, path, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            code, obj = self.json("GET", path)
            if predicate(code, obj):
                return obj
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting on {path}: {code} {obj}")
            time.sleep(0.02)

    def stop(self, sig=signal.SIGTERM):
        """Stop the process by its PID; returns its exit code and output."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode, self.proc.stdout.read()


@pytest.fixture
def start_emulator():
    started = []

    def start(*extra, token=None):
        emu = Emulator(*extra, token=token)
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator(
        "--boot-delay",
        "0.2",
        "--stop-delay",
        "0.1",
        "--delete-delay",
        "0.3",
        "--action-delay",
        "0.1",
        "--namespace-delete-delay",
        "0.2",
    )
    try:
        yield emu
    finally:
        emu.stop()
