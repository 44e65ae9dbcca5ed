"""Deployment options: links behind a proxy or a public endpoint, the keystone pipeline."""

import os
import subprocess
import sys

import pytest
import requests

from tests import api
from translator.testing import harness


@pytest.fixture
def translator_with(tmp_path, arktos):
    started = []

    def start(extra_conf: str):
        server = harness.start_translator(tmp_path, arktos['url'], token=arktos['token'],
                                          extra_conf=extra_conf)
        started.append(server)
        return server.url
    yield start
    for server in started:
        server.stop()


def test_links_follow_x_forwarded_headers_when_enabled(translator_with):
    url = translator_with('[oslo_middleware]\nenable_proxy_headers_parsing = true\n')
    compute = api.ComputeAPI(url)
    compute.session.headers.update({'X-Forwarded-Proto': 'https',
                                    'X-Forwarded-Host': 'cloud.example.com',
                                    'X-Forwarded-Prefix': '/compute'})
    response = compute.create_server()
    server_id = response.json()['server']['id']
    expected = f'https://cloud.example.com/compute/v2.1/servers/{server_id}'
    assert response.headers['Location'] == expected
    assert compute.get('').json()['version']['links'][0]['href'] == \
        'https://cloud.example.com/compute/v2.1/'


def test_forwarded_headers_are_ignored_by_default(translator):
    compute = api.ComputeAPI(translator)
    compute.session.headers['X-Forwarded-Host'] = 'evil.example.com'
    response = compute.create_server()
    assert response.headers['Location'].startswith(translator + '/v2.1/servers/')


@pytest.mark.parametrize('parsing,scheme', [('false', 'http'), ('true', 'https')])
def test_one_switch_decides_whether_forwarded_proto_counts(translator_with, parsing, scheme):
    """gunicorn trusts no forwarded header of its own (it trusted 127.0.0.1's): only
    ``[oslo_middleware] enable_proxy_headers_parsing`` decides."""
    url = translator_with(f'[oslo_middleware]\nenable_proxy_headers_parsing = {parsing}\n')
    compute = api.ComputeAPI(url)
    compute.session.headers['X-Forwarded-Proto'] = 'https'
    host = url.split('://', 1)[1]
    assert compute.get('').json()['version']['links'][0]['href'] == \
        f'{scheme}://{host}/v2.1/'
    server_id = compute.create_server().json()['server']['id']
    links = compute.get(f'/servers/{server_id}').json()['server']['links']
    assert links[0]['href'] == f'{scheme}://{host}/v2.1/servers/{server_id}'


def test_public_endpoint_option(translator_with):
    url = translator_with('[api]\npublic_endpoint = https://api.example.com/compute/\n')
    compute = api.ComputeAPI(url)
    server_id = compute.create_server().json()['server']['id']
    links = compute.get(f'/servers/{server_id}').json()['server']['links']
    assert [link['href'] for link in links] == [
        f'https://api.example.com/compute/v2.1/servers/{server_id}',
        f'https://api.example.com/compute/servers/{server_id}']


def test_keystone_pipeline_needs_a_token_but_not_for_versions(tmp_path, arktos):
    port = harness.free_port()
    conf = tmp_path / 'keystone.conf'
    conf.write_text(
        '[api]\nauth_strategy = keystone\nworkers = 1\n'
        f'[arktos]\nurl = {arktos["url"]}\n'
        '[keystone_authtoken]\nwww_authenticate_uri = http://127.0.0.1:5000/v3\n'
        'auth_url = http://127.0.0.1:5000/v3\nauth_type = password\n')
    server = harness.ServiceProcess(
        'translator-api', [os.path.join(harness.BIN_DIR, 'translator-api'),
                           '--config-file', str(conf), '--port', str(port)],
        f'http://127.0.0.1:{port}', '/', str(tmp_path / 'keystone-api.log'))
    try:
        assert requests.get(server.url + '/v2.1').status_code == 200
        response = requests.get(server.url + '/v2.1/servers')
        assert response.status_code == 401
        assert response.headers['WWW-Authenticate'] == 'Keystone uri="http://127.0.0.1:5000/v3"'
        assert response.headers['x-openstack-request-id'].startswith('req-')
        assert response.headers['X-OpenStack-Nova-API-Version'] == '2.1'
    finally:
        server.stop()


def test_wsgi_module_reads_translator_config_file(tmp_path, arktos):
    conf = tmp_path / 'wsgi.conf'
    conf.write_text(f'[api]\nauth_strategy = noauth\n[arktos]\nurl = {arktos["url"]}\n')
    script = ('import json, webob\n'
              'from translator.wsgi.api import application\n'
              'response = webob.Request.blank("/v2.1/flavors/1").get_response(application)\n'
              'print(response.status_int, json.loads(response.body)["flavor"]["name"])\n')
    result = subprocess.run([sys.executable, '-c', script], capture_output=True, text=True,
                            env={**os.environ, 'TRANSLATOR_CONFIG_FILE': str(conf)},
                            check=True)
    assert result.stdout.splitlines()[-1].split() == ['200', 'm1.tiny']
