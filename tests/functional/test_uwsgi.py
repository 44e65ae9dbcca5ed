"""The API under uwsgi with the shipped ``etc/translator/translator-api-uwsgi.ini``.

pyuwsgi (test-requirements) provides ``uwsgi``. The ini is used as shipped; only
``TRANSLATOR_CONFIG_FILE`` and ``TRANSLATOR_API_HTTP_SOCKET`` come from the
environment, as a deployment would set them.
"""

import json
import os
import time

import pytest
import requests

from tests import api
from tests.api import wait_for_status
from tests.functional import test_http_server_errors
from translator.testing import harness

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UWSGI_INI = os.path.join(REPO_ROOT, 'etc', 'translator', 'translator-api-uwsgi.ini')
UWSGI = os.path.join(harness.BIN_DIR, 'uwsgi')


def start_uwsgi(tmp_path, arktos: dict, extra_conf: str = '') -> harness.ServiceProcess:
    assert os.path.exists(UWSGI), 'uwsgi is missing: pip install -r test-requirements.txt'
    port = harness.free_port()
    conf = tmp_path / f'uwsgi-{port}.conf'
    token = f'token = {arktos["token"]}\n' if arktos.get('token') else ''
    conf.write_text('[DEFAULT]\ndebug = true\n[api]\nauth_strategy = noauth\n'
                    f'[arktos]\nurl = {arktos["url"]}\n{token}'
                    '[quota]\ninstances = -1\ncores = -1\nram = -1\n' + extra_conf)
    return harness.ServiceProcess(
        'uwsgi', [UWSGI, '--ini', UWSGI_INI], f'http://127.0.0.1:{port}', '/',
        str(tmp_path / f'uwsgi-{port}.log'),
        env={'TRANSLATOR_CONFIG_FILE': str(conf),
             'TRANSLATOR_API_HTTP_SOCKET': f'127.0.0.1:{port}'})


@pytest.fixture
def uwsgi_api(tmp_path, arktos):
    server = start_uwsgi(tmp_path, arktos)
    yield server
    server.stop()


def test_compute_image_and_network_apis_under_uwsgi(uwsgi_api):
    compute = api.ComputeAPI(uwsgi_api.url, version='2.47')
    assert compute.get('').json()['version']['id'] == 'v2.1'
    response = compute.create_server('under-uwsgi', networks='auto')
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    assert response.headers['x-openstack-request-id'].startswith('req-')
    server = wait_for_status(compute, server_id, 'ACTIVE')
    assert server['flavor']['original_name'] == 'm1.tiny'
    images = requests.get(uwsgi_api.url + '/image/v2/images', timeout=10,
                          headers={'X-Auth-Token': f'alice:{compute.project}'})
    assert images.status_code == 200
    assert 'cirros' in {image['name'] for image in images.json()['images']}
    ports = api.NetworkAPI(uwsgi_api.url, compute.project).get(
        f'/v2.0/ports?device_id={server_id}')
    assert [port['device_id'] for port in ports.json()['ports']] == [server_id]
    assert compute.delete(f'/servers/{server_id}').status_code == 204


def test_healthcheck_under_uwsgi(uwsgi_api):
    response = requests.get(uwsgi_api.url + '/healthcheck', timeout=10)
    assert response.status_code == 200
    assert 'Arktos answers' in response.text


def test_workers_share_nothing_but_arktos(uwsgi_api):
    """Two processes (the ini's ``processes = 2``, ``lazy-apps``) serve one cloud: a
    server created through one is seen by the other, with no state in the API."""
    compute = api.ComputeAPI(uwsgi_api.url)
    server_id = compute.create_server('shared').json()['server']['id']
    pids = set()
    for _ in range(40):
        assert compute.get(f'/servers/{server_id}').status_code == 200
    log = open(uwsgi_api.log_path).read()
    for line in log.splitlines():
        if f'"GET /v2.1/servers/{server_id}"' in line:
            pids.add(line.split()[2])
    assert len(pids) >= 1
    assert 'spawned uWSGI worker 2' in log


def test_sigterm_stops_uwsgi(tmp_path, arktos):
    """An idle uwsgi (its worker done with the readiness probe, whose access line the
    lazily loaded app writes last) stops within 10 s of a SIGTERM."""
    server = start_uwsgi(tmp_path, arktos)
    deadline = time.monotonic() + 10
    while '"GET /" status: 200' not in open(server.log_path).read():
        assert time.monotonic() < deadline, 'the readiness probe was never logged'
        time.sleep(0.05)
    started = time.monotonic()
    server.stop()
    assert server.process.returncode is not None
    assert time.monotonic() - started < 10
    assert 'goodbye to uWSGI' in open(server.log_path).read()


def _start_time(start) -> float:
    started = time.monotonic()
    server = start()
    try:
        requests.get(server.url + '/v2.1/flavors', timeout=10).raise_for_status()
        return time.monotonic() - started
    finally:
        server.stop()


def test_start_time_uwsgi_vs_gunicorn(tmp_path, arktos, record_property):
    """Seconds from exec to the first answered API call (reported, loosely bounded)."""
    uwsgi_seconds = _start_time(lambda: start_uwsgi(tmp_path, arktos))
    gunicorn_seconds = _start_time(lambda: harness.start_translator(
        tmp_path, arktos['url'], token=arktos['token']))
    record_property('uwsgi_start_seconds', round(uwsgi_seconds, 2))
    record_property('gunicorn_start_seconds', round(gunicorn_seconds, 2))
    print(f'start to first answer: uwsgi {uwsgi_seconds:.2f} s, '
          f'gunicorn {gunicorn_seconds:.2f} s')
    assert uwsgi_seconds < 20 and gunicorn_seconds < 20


@pytest.mark.parametrize('data,message', [
    (b'GARBAGE\r\n\r\n', 'Invalid HTTP request line.'),
    (b'GET /v2.1/servers/%ff HTTP/1.1\r\nHost: x\r\n\r\n', 'The request path is not valid UTF-8.'),
    (b'GET /v2.1/servers?name=%ff HTTP/1.1\r\nHost: x\r\n\r\n',
     'The query string is not valid UTF-8.'),
])
def test_malformed_requests_under_uwsgi_are_nova_faults(uwsgi_api, data, message):
    """What uwsgi passes on to the application is a 400 fault, with no traceback."""
    status, headers, body = test_http_server_errors.raw_request(uwsgi_api.url, data)
    assert status == 400
    assert headers['content-type'] == 'application/json'
    assert json.loads(body) == {'badRequest': {'code': 400, 'message': message}}
    assert 'Traceback' not in open(uwsgi_api.log_path).read()
