"""Images users bring, through the real server (gunicorn) and real clients:
``openstack image create --file`` / ``image save``, openstacksdk's
``create_image(filename=…, wait=True)``, and booting the result, whose VM image URL
serves the same bytes without a token."""

import hashlib
import http.server
import os
import socket
import threading

import openstack
import pytest
import requests

from tests import api
from tests.api import wait_for_image
from tests.functional import test_uwsgi
from tests.functional.osc import OpenStackCLI
from translator.testing import harness

SIZE = 4 * 1024 * 1024 + 3


@pytest.fixture(scope='module')
def image_file(tmp_path_factory):
    path = tmp_path_factory.mktemp('image') / 'disk.qcow2'
    path.write_bytes(os.urandom(SIZE))
    return path


@pytest.fixture
def osc(translator, tmp_path):
    return OpenStackCLI(translator, api.new_project(), tmp_path)


def test_image_create_file_and_save_round_trip(osc, image_file, tmp_path):
    data = image_file.read_bytes()
    image = osc.json('image', 'create', '--disk-format', 'qcow2', '--container-format',
                     'bare', '--file', str(image_file), '--private', 'my-image')
    assert image['status'] == 'active' and image['size'] == SIZE
    assert image['checksum'] == hashlib.md5(data).hexdigest()
    saved = tmp_path / 'saved'
    osc.run('image', 'save', '--file', str(saved), 'my-image')
    assert saved.read_bytes() == data
    osc.run('image', 'set', '--property', 'os_distro=cirros', '--tag', 'mine', 'my-image')
    shown = osc.json('image', 'show', 'my-image')
    assert shown['properties']['os_distro'] == 'cirros' and shown['tags'] == ['mine']
    osc.run('image', 'unset', '--property', 'os_distro', '--tag', 'mine', 'my-image')
    shown = osc.json('image', 'show', 'my-image')
    assert 'os_distro' not in shown.get('properties', {}) and shown['tags'] == []
    osc.run('image', 'set', '--deactivate', 'my-image')
    assert osc.json('image', 'show', 'my-image')['status'] == 'deactivated'
    osc.run('image', 'set', '--activate', 'my-image')
    osc.run('image', 'delete', 'my-image')
    assert 'my-image' not in [i['Name'] for i in osc.json('image', 'list')]


def test_a_server_boots_from_an_uploaded_image(translator, osc, image_file, arktos_pods):
    image = osc.json('image', 'create', '--disk-format', 'qcow2', '--container-format',
                     'bare', '--file', str(image_file), 'bootable')
    server = osc.json('server', 'create', '--image', 'bootable', '--flavor', 'm1.tiny',
                      '--wait', 'from-upload')
    assert server['status'] == 'ACTIVE'
    (pod,) = [p for p in arktos_pods(osc.project) if p['metadata']['name'] == server['id']]
    reference = pod['spec']['virtualMachine']['image']
    assert reference.startswith(f'{translator.partition("://")[2]}/image/runtime/'
                                f'{image["id"]}/')
    response = requests.get(f'http://{reference}', timeout=60)  # the runtime has no token
    assert response.status_code == 200 and response.content == image_file.read_bytes()
    osc.run('server', 'delete', '--wait', 'from-upload')
    osc.run('image', 'delete', 'bootable')


def test_openstacksdk_create_image_and_download(translator, image_file):
    project = api.new_project()
    conn = openstack.connect(auth_type='admin_token', auth={
        'token': f'alice:{project}', 'endpoint': translator},
        image_endpoint_override=translator + '/image')
    image = conn.create_image('sdk-image', filename=str(image_file), disk_format='raw',
                              container_format='bare', wait=True, timeout=60)
    try:
        assert image.status == 'active' and image.size == SIZE
        data = conn.image.download_image(image).content
        assert hashlib.sha512(data).hexdigest() == image.hash_value
    finally:
        conn.delete_image(image.id, wait=True)


@pytest.fixture(scope='module')
def origin(image_file):
    """A loopback HTTP server of the image file (``/disk``)."""
    body = image_file.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != '/disk':
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()


def test_image_import_web_download_and_glance_direct(translator, osc, image_file, origin):
    """``openstack image create`` reads its standard input when that is no terminal
    (as here), so the image to import into is created through the API."""
    digest = hashlib.md5(image_file.read_bytes()).hexdigest()
    images = api.ImageAPI(translator, osc.project)
    images.post('/v2/images', {'name': 'web', 'disk_format': 'raw',
                               'container_format': 'bare'})
    osc.run('image', 'import', '--method', 'web-download', '--uri', origin + '/disk',
            '--wait', 'web')
    image = osc.json('image', 'show', 'web')
    assert image['status'] == 'active' and image['checksum'] == digest
    image = osc.json('image', 'create', '--disk-format', 'raw', '--container-format',
                     'bare', '--import', '--file', str(image_file), 'direct')
    image = wait_for_image(images, image['id'])
    assert image['checksum'] == digest
    osc.run('image', 'delete', 'web', 'direct')


def test_sharing_an_image_with_another_project(translator, image_file, tmp_path):
    """``openstack image add project`` and ``image set --accept`` look the project up in
    Keystone (the e2e tier's); here the membership goes through the API, and the member
    lists and boots the image with the clients."""
    owner = OpenStackCLI(translator, api.new_project(), tmp_path)
    member = OpenStackCLI(translator, api.new_project(), tmp_path)
    image = owner.json('image', 'create', '--disk-format', 'qcow2', '--container-format',
                       'bare', '--file', str(image_file), '--shared', 'to-share')
    members = f'/v2/images/{image["id"]}/members'
    response = api.ImageAPI(translator, owner.project).post(members,
                                                            {'member': member.project})
    assert response.status_code == 200, response.text
    assert image['id'] not in [i['ID'] for i in member.json('image', 'list')]
    response = api.ImageAPI(translator, member.project).put(
        f'{members}/{member.project}', json={'status': 'accepted'})
    assert response.status_code == 200, response.text
    assert image['id'] in [i['ID'] for i in member.json('image', 'list')]
    listed = owner.json('image', 'member', 'list', 'to-share')
    assert [(m['Member ID'], m['Status']) for m in listed] == [(member.project, 'accepted')]
    server = member.json('server', 'create', '--image', image['id'], '--flavor', 'm1.tiny',
                         '--wait', 'shared-boot')
    assert server['status'] == 'ACTIVE'
    member.run('server', 'delete', '--wait', 'shared-boot')
    api.ImageAPI(translator, owner.project).delete(f'{members}/{member.project}')
    assert member.run('image', 'show', image['id'], check=False).returncode != 0
    owner.run('image', 'delete', 'to-share')


def test_an_upload_that_stalls_gives_its_worker_back(arktos, tmp_path):
    server = harness.start_translator(tmp_path, arktos['url'], token=arktos['token'],
                                      extra_conf='[image]\ndata_timeout = 2\n')
    try:
        images = api.ImageAPI(server.url, api.new_project())
        image_id = images.post('/v2/images', {'disk_format': 'raw',
                                              'container_format': 'bare'}).json()['id']
        port = int(server.url.rsplit(':', 1)[1])
        with socket.create_connection(('127.0.0.1', port), timeout=30) as sock:
            token = images.session.headers['X-Auth-Token']
            sock.sendall(f'PUT /image/v2/images/{image_id}/file HTTP/1.1\r\n'
                         f'Host: 127.0.0.1\r\nX-Auth-Token: {token}\r\n'
                         'Content-Type: application/octet-stream\r\n'
                         'Content-Length: 100000\r\n\r\n'.encode() + b'x' * 1000)
            answer = sock.recv(65536)
        assert answer.startswith(b'HTTP/1.1 400'), answer
        assert images.get(f'/v2/images/{image_id}').json()['status'] == 'queued'
    finally:
        server.stop()


def test_chunked_upload_under_uwsgi(arktos, tmp_path):
    """Under uwsgi (the shipped ini: http-chunked-input) an upload without
    Content-Length arrives whole."""
    data = os.urandom(2 * 1024 * 1024 + 1)
    server = test_uwsgi.start_uwsgi(
        tmp_path, arktos, f'[glance_store]\nfilesystem_store_datadir = {tmp_path}/images\n')
    try:
        images = api.ImageAPI(server.url, api.new_project())
        image_id = images.post('/v2/images', {'disk_format': 'raw',
                                              'container_format': 'bare'}).json()['id']
        chunks = (data[i:i + 100_000] for i in range(0, len(data), 100_000))
        response = images.put(f'/v2/images/{image_id}/file', chunks,
                              headers={'Content-Type': 'application/octet-stream'})
        assert response.status_code == 204, response.text
        image = images.get(f'/v2/images/{image_id}').json()
        assert image['size'] == len(data)
        assert image['checksum'] == hashlib.md5(data).hexdigest()
        assert images.get(f'/v2/images/{image_id}/file').content == data
    finally:
        server.stop()


def _peak_rss_kib(pid: int) -> int:
    """The most memory the process has held at once so far."""
    with open(f'/proc/{pid}/status') as status:
        return next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))


def test_large_images_stream_through_a_flat_worker(arktos, tmp_path):
    """64 MiB up and down through one gunicorn worker: its memory stays within a few
    chunks of where it was (the data is never held whole)."""
    size = 64 * 1024 * 1024
    block = os.urandom(1024 * 1024)
    server = harness.start_translator(tmp_path, arktos['url'], token=arktos['token'])
    try:
        (worker,) = (int(pid) for pid in open(
            f'/proc/{server.process.pid}/task/{server.process.pid}/children').read().split())
        images = api.ImageAPI(server.url, api.new_project())
        image_id = images.post('/v2/images', {'disk_format': 'raw',
                                              'container_format': 'bare'}).json()['id']
        small = images.put(f'/v2/images/{image_id}/file', block,
                           headers={'Content-Type': 'application/octet-stream'})
        assert small.status_code == 204
        images.delete(f'/v2/images/{image_id}')
        before = _peak_rss_kib(worker)
        image_id = images.post('/v2/images', {'disk_format': 'raw',
                                              'container_format': 'bare'}).json()['id']
        digest = hashlib.md5()
        for _ in range(size // len(block)):
            digest.update(block)
        response = images.put(f'/v2/images/{image_id}/file',
                              (block for _ in range(size // len(block))),
                              headers={'Content-Type': 'application/octet-stream'})
        assert response.status_code == 204, response.text
        downloaded = hashlib.md5()
        with images.get(f'/v2/images/{image_id}/file', stream=True) as response:
            for chunk in response.iter_content(1024 * 1024):
                downloaded.update(chunk)
        assert downloaded.hexdigest() == digest.hexdigest()
        assert _peak_rss_kib(worker) - before < 20 * 1024
        images.delete(f'/v2/images/{image_id}')
    finally:
        server.stop()
