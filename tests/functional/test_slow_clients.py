"""Slow clients cannot starve the API: with the shipped defaults, under gunicorn
(``translator-api``) and uwsgi (the shipped ini), connections that send a body or
their headers a byte at a time leave every other request answered within a second.

The load goes to 127.0.0.1 only, from a bounded number of connections for a bounded
time, and stops by itself.
"""

import concurrent.futures
import socket
import threading
import time

import pytest
import requests

from tests.functional import test_uwsgi
from translator.testing import harness

SLOW_BODIES = 16
SLOW_HEADERS = 24
DURATION = 40.0
PROBE_INTERVAL = 0.25
PROBE_LIMIT = 1.0


def _dribble(port: int, head: bytes, tail: bytes, stop: threading.Event) -> int:
    """Send ``head`` at once, then ``tail`` a byte at a time, evenly over what is left
    of the run; reconnect when the server closes the connection. Connections made."""
    connections = 0
    while not stop.is_set():
        connections += 1
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=5) as sock:
                sock.sendall(head)
                for byte in tail:
                    if stop.wait(DURATION / len(tail)):
                        break
                    sock.sendall(bytes([byte]))
                else:
                    sock.settimeout(DURATION)
                    sock.recv(65536)
        except OSError:
            # Closed by the server (a read timeout): come back at once.
            pass
        stop.wait(0.1)
    return connections


def _slow_body(port: int, stop: threading.Event) -> int:
    body = b' ' * 38 + b'{}'
    head = (b'POST /v2.1/servers HTTP/1.1\r\nHost: 127.0.0.1\r\n'
            b'X-Auth-Token: slow:slow\r\nContent-Type: application/json\r\n'
            b'Content-Length: %d\r\n\r\n' % len(body))
    return _dribble(port, head, body, stop)


def _slow_headers(port: int, stop: threading.Event) -> int:
    headers = b''.join(b'X-Slow-%d: %d\r\n' % (index, index) for index in range(4)) + b'\r\n'
    return _dribble(port, b'GET /v2.1/flavors HTTP/1.1\r\nHost: 127.0.0.1\r\n', headers,
                    stop)


def _probe(url: str, stop: threading.Event) -> list[float | None]:
    """Latencies of ordinary requests, one every PROBE_INTERVAL on a new connection
    (None: no answer within PROBE_LIMIT)."""
    latencies = []
    while not stop.wait(PROBE_INTERVAL):
        started = time.monotonic()
        try:
            response = requests.get(url + '/v2.1/flavors', timeout=PROBE_LIMIT,
                                    headers={'X-Auth-Token': 'probe:probe',
                                             'Connection': 'close'})
            response.raise_for_status()
            latencies.append(time.monotonic() - started)
        except requests.RequestException:
            latencies.append(None)
    return latencies


def _under_slow_clients(url: str, port: int) -> tuple[list, int]:
    stop = threading.Event()
    attackers = [_slow_body] * SLOW_BODIES + [_slow_headers] * SLOW_HEADERS
    with concurrent.futures.ThreadPoolExecutor(len(attackers) + 1) as pool:
        attacks = [pool.submit(attack, port, stop) for attack in attackers]
        time.sleep(2)  # every slow connection is open
        probes = pool.submit(_probe, url, stop)
        timer = threading.Timer(DURATION, stop.set)
        timer.start()
        try:
            latencies = probes.result(DURATION + 30)
        finally:
            stop.set()
            timer.cancel()
        connections = sum(attack.result(30) for attack in attacks)
    return latencies, connections


def _check(name: str, latencies: list, connections: int, record_property) -> None:
    answered = [latency for latency in latencies if latency is not None]
    worst = max(answered, default=0.0)
    median = sorted(answered)[len(answered) // 2] if answered else 0.0
    record_property(f'{name}_probes', len(latencies))
    record_property(f'{name}_answered', len(answered))
    record_property(f'{name}_worst_seconds', round(worst, 3))
    print(f'{name}: {len(answered)}/{len(latencies)} probes answered within '
          f'{PROBE_LIMIT} s, worst {worst:.3f} s, median {median:.3f} s; '
          f'{connections} slow connections made')
    assert len(answered) == len(latencies), latencies


@pytest.mark.slow
def test_slow_clients_do_not_starve_gunicorn(tmp_path, arktos, record_property):
    port = harness.free_port()
    server = harness.start_translator(tmp_path, arktos['url'], token=arktos['token'],
                                      port=port, workers=None, conductor=False)
    try:
        _check('gunicorn', *_under_slow_clients(server.url, port), record_property)
    finally:
        server.stop()


@pytest.mark.slow
def test_slow_clients_do_not_starve_uwsgi(tmp_path, arktos, record_property):
    server = test_uwsgi.start_uwsgi(tmp_path, arktos)
    port = int(server.url.rsplit(':', 1)[1])
    try:
        _check('uwsgi', *_under_slow_clients(server.url, port), record_property)
    finally:
        server.stop()
