"""The image lifecycle in process: create, upload to the file store, download,
deactivate, tags, JSON-patch, and what a failed upload leaves (nothing)."""

import dataclasses
import hashlib
import http.server
import io
import json
import os
import re
import threading
import time

import pytest
import webob

from tests.unit.api.conftest import API, CIRROS

DATA = os.urandom(300_000)  # over oslo's 112 KiB body limit: the data routes skip it
PATCH = 'application/openstack-images-v2.1-json-patch'
OCTETS = {'Content-Type': 'application/octet-stream'}


class ImageAPI(API):

    def request(self, method, path, body=None, headers=None, **kwargs):
        return super().request(method, path, body, headers, prefix='/image')

    def create(self, **fields) -> dict:
        body = {'name': 'mine', 'disk_format': 'qcow2', 'container_format': 'bare', **fields}
        response = self.post('/v2/images', body)
        assert response.status_int == 201, response.json_body
        return response.json_body

    def upload(self, image_id: str, data: bytes = DATA) -> webob.Response:
        return self.put(f'/v2/images/{image_id}/file', data, headers=OCTETS)

    def upload_stream(self, image_id: str, stream) -> webob.Response:
        """An upload without Content-Length (as chunked transfer encoding arrives)."""
        request = webob.Request.blank(f'/image/v2/images/{image_id}/file', method='PUT')
        request.headers.update({'X-Auth-Token': f'{self.user}:{self.project}', **OCTETS})
        request.environ.update({'wsgi.input': stream, 'wsgi.input_terminated': True})
        request.environ.pop('CONTENT_LENGTH', None)
        return request.get_response(self.app)

    def image(self, image_id: str) -> dict:
        return self.get(f'/v2/images/{image_id}').json_body

    def patch(self, image_id: str, operations: list, media_type: str = PATCH):
        request = webob.Request.blank(f'/image/v2/images/{image_id}', method='PATCH')
        request.headers['X-Auth-Token'] = f'{self.user}:{self.project}'
        request.body, request.content_type = json.dumps(operations).encode(), media_type
        return request.get_response(self.app)


@pytest.fixture
def images(app_and_driver):
    return ImageAPI(app_and_driver[0])


@pytest.fixture
def datadir(tmp_path):
    return tmp_path / 'images'


def test_create_has_glance_defaults(images):
    response = images.post('/v2/images', {})
    image = response.json_body
    assert response.headers['Location'].endswith(f'/image/v2/images/{image["id"]}')
    assert response.headers['OpenStack-image-import-methods'] == 'glance-direct,web-download'
    assert image['status'] == 'queued' and image['visibility'] == 'shared'
    assert image['disk_format'] is None and image['container_format'] is None
    assert image['owner'] == images.project and image['protected'] is False
    assert image['size'] is None and image['checksum'] is None and image['tags'] == []
    assert image['os_hidden'] is False and image['min_disk'] == 0


@pytest.mark.parametrize('fields, code, words', [
    ({'status': 'active'}, 403, "Attribute 'status' is read-only."),
    ({'checksum': 'x'}, 403, "Attribute 'checksum' is read-only."),
    ({'self': '/x'}, 403, "Attribute 'self' is read-only."),
    ({'location': 'file:///etc/passwd'}, 403, "Attribute 'location' is reserved."),
    ({'os_glance_x': 'y'}, 403, "Attribute 'os_glance_x' is reserved."),
    ({'disk_format': 'floppy'}, 400, "'floppy' is not one of"),
    ({'visibility': 'public'}, 403, 'publicize_image'),
    ({'owner': 'someone-else'}, 403, "owned by 'someone-else'"),
    ({'min_ram': -1}, 400, 'less than the minimum'),
    ({'custom': 1}, 400, "1 is not of type 'string'"),
])
def test_create_refuses_what_glance_refuses(images, fields, code, words):
    response = images.post('/v2/images', fields)
    assert response.status_int == code, response.json_body
    assert words in str(response.json_body)


def test_formats_are_the_configured_ones(make_app):
    images = ImageAPI(make_app('[image]\ndisk_formats = raw\n')[0])
    assert images.post('/v2/images', {'disk_format': 'qcow2'}).status_int == 400
    assert images.post('/v2/images', {'disk_format': 'raw'}).status_int == 201
    schema = images.get('/v2/schemas/image').json_body
    assert schema['properties']['disk_format']['enum'] == [None, 'raw']


def test_admin_may_create_public_images(images):
    admin = ImageAPI(images.app, images.project, 'admin')
    assert admin.create(visibility='public')['visibility'] == 'public'


def test_upload_measures_and_download_returns_the_same_bytes(images, datadir):
    image = images.create()
    assert images.upload(image['id']).status_int == 204
    image = images.image(image['id'])
    assert image['status'] == 'active' and image['size'] == len(DATA)
    assert image['checksum'] == hashlib.md5(DATA).hexdigest()
    assert image['os_hash_algo'] == 'sha512'
    assert image['os_hash_value'] == hashlib.sha512(DATA).hexdigest()
    assert image['stores'] == 'file'  # the id of /v2/info/stores
    assert (datadir / image['id']).read_bytes() == DATA
    response = images.get(f'/v2/images/{image["id"]}/file')
    assert response.status_int == 200 and response.body == DATA
    assert response.headers['Content-MD5'] == image['checksum']
    assert response.content_type == 'application/octet-stream'


def test_range_requests(images):
    image_id = images.create()['id']
    images.upload(image_id)
    path = f'/v2/images/{image_id}/file'
    response = images.get(path, headers={'Range': 'bytes=10-19'})
    assert response.status_int == 206 and response.body == DATA[10:20]
    assert response.headers['Content-Range'] == f'bytes 10-19/{len(DATA)}'
    assert images.get(path, headers={'Range': 'bytes=-5'}).body == DATA[-5:]
    response = images.get(path, headers={'Range': f'bytes={len(DATA)}-'})
    assert response.status_int == 416
    assert response.headers['Content-Range'] == f'bytes */{len(DATA)}'


def test_streamed_upload_without_content_length(images):
    image_id = images.create()['id']
    assert images.upload_stream(image_id, io.BytesIO(DATA)).status_int == 204
    assert images.image(image_id)['checksum'] == hashlib.md5(DATA).hexdigest()


def test_an_image_without_data_downloads_nothing(images):
    assert images.get(f'/v2/images/{images.create()["id"]}/file').status_int == 204
    assert images.get(f'/v2/images/{CIRROS}/file').status_int == 204


def test_upload_needs_formats_and_a_queued_image(images):
    image_id = images.post('/v2/images', {}).json_body['id']
    response = images.upload(image_id)
    assert response.status_int == 400 and 'disk_format, container_format' in response.text
    image_id = images.create()['id']
    images.upload(image_id)
    response = images.upload(image_id)
    assert response.status_int == 409 and 'from active to saving' in response.text


class _Broken(io.RawIOBase):
    """A client that goes away after some data."""

    def __init__(self):
        self.sent = 0

    def readable(self):
        return True

    def read(self, size=-1):
        if self.sent >= 200_000:
            raise OSError('client disconnected')
        self.sent += 65536
        return b'x' * 65536


def test_a_failed_upload_leaves_no_data_and_the_image_queued(images, datadir):
    image_id = images.create()['id']
    response = images.upload_stream(image_id, _Broken())
    assert response.status_int == 400 and 'client disconnected' in response.text
    assert images.image(image_id)['status'] == 'queued'
    assert not (datadir / image_id).exists()
    assert images.upload(image_id).status_int == 204


def test_uploads_stop_at_max_image_size(make_app, tmp_path):
    images = ImageAPI(make_app('[image]\nmax_image_size = 100000\n')[0])
    image_id = images.create()['id']
    response = images.upload(image_id)
    assert response.status_int == 413, response.text
    response = images.upload_stream(image_id, io.BytesIO(DATA))
    assert response.status_int == 413, response.text
    assert images.image(image_id)['status'] == 'queued'
    assert not (tmp_path / 'images' / image_id).exists()
    assert images.upload(image_id, DATA[:100000]).status_int == 204


def test_project_quota_of_images_and_their_size(make_app):
    images = ImageAPI(make_app('[image]\nimage_count_total = 2\nimage_size_total = 1\n')[0])
    first, second = images.create()['id'], images.create()['id']
    assert images.post('/v2/images', {}).status_int == 413
    assert images.upload(first, bytes(700_000)).status_int == 204
    assert images.upload(second, bytes(400_000)).status_int == 413
    assert images.upload_stream(second, io.BytesIO(bytes(400_000))).status_int == 413
    assert images.image(second)['status'] == 'queued'
    other = ImageAPI(images.app)
    assert other.post('/v2/images', {}).status_int == 201


def test_delete_removes_the_data(images, datadir):
    image_id = images.create()['id']
    images.upload(image_id)
    assert images.delete(f'/v2/images/{image_id}').status_int == 204
    assert not (datadir / image_id).exists()
    assert images.get(f'/v2/images/{image_id}').status_int == 404


def test_protected_images_stay(images, datadir):
    image_id = images.create(protected=True)['id']
    images.upload(image_id)
    assert images.delete(f'/v2/images/{image_id}').status_int == 403
    assert (datadir / image_id).exists()


def test_deactivate_and_reactivate(images):
    image_id = images.create()['id']
    path = f'/v2/images/{image_id}/actions/'
    assert images.post(path + 'deactivate', None).status_int == 403  # queued
    images.upload(image_id)
    assert images.post(path + 'deactivate', None).status_int == 204
    assert images.image(image_id)['status'] == 'deactivated'
    assert images.get(f'/v2/images/{image_id}/file').status_int == 403
    admin = ImageAPI(images.app, images.project, 'admin')
    assert admin.get(f'/v2/images/{image_id}/file').body == DATA
    assert images.post(path + 'deactivate', None).status_int == 204
    assert images.post(path + 'reactivate', None).status_int == 204
    assert images.image(image_id)['status'] == 'active'


def test_tags(images):
    image_id = images.create(tags=['a'])['id']
    assert images.put(f'/v2/images/{image_id}/tags/b', None).status_int == 204
    assert images.put(f'/v2/images/{image_id}/tags/b', None).status_int == 204
    assert images.image(image_id)['tags'] == ['a', 'b']
    assert images.delete(f'/v2/images/{image_id}/tags/a').status_int == 204
    assert images.delete(f'/v2/images/{image_id}/tags/a').status_int == 404
    assert images.image(image_id)['tags'] == ['b']
    assert images.get('/v2/images?tag=b').json_body['images'][0]['id'] == image_id


@pytest.mark.parametrize('operation, code, words', [
    ({'op': 'remove', 'path': '/os_hash_algo'}, 403, "Attribute 'os_hash_algo' is read-only."),
    ({'op': 'remove', 'path': '/os_hidden'}, 403, 'Property os_hidden may not be removed.'),
    ({'op': 'replace', 'path': '/status', 'value': 'active'}, 403, 'read-only'),
    ({'op': 'add', 'path': '/location', 'value': 'x'}, 403, "'location' is reserved"),
    ({'op': 'remove', 'path': '/nope'}, 409, 'Property nope does not exist.'),
    ({'op': 'replace', 'path': '/nope', 'value': 'x'}, 409, 'Property nope does not exist.'),
    ({'op': 'replace', 'path': '/owner', 'value': 'x'}, 403, "Owner can't be updated"),
    ({'op': 'replace', 'path': '/visibility', 'value': 'public'}, 403, 'publicize_image'),
    ({'op': 'replace', 'path': '/disk_format', 'value': 'raw'}, 403, 'queued image'),
    ({'op': 'replace', 'path': '/os_hidden', 'value': 'yes'}, 400, "not of type 'boolean'"),
    ({'op': 'move', 'path': '/name'}, 400, 'Invalid operation'),
    ({'op': 'add', 'path': '/a/b', 'value': 'x'}, 400, 'Invalid JSON pointer'),
    ({'op': 'add', 'path': 'name', 'value': 'x'}, 400, 'does not start with'),
])
def test_patch_refuses_what_glance_refuses(images, operation, code, words):
    image_id = images.create()['id']
    images.upload(image_id)
    response = images.patch(image_id, [operation])
    assert response.status_int == code, response.json_body
    assert words in str(response.json_body)


def test_patch_changes_what_glance_changes(images):
    image_id = images.create(custom='1')['id']
    response = images.patch(image_id, [
        {'op': 'replace', 'path': '/os_hidden', 'value': True},
        {'op': 'replace', 'path': '/disk_format', 'value': 'raw'},
        {'op': 'replace', 'path': '/visibility', 'value': 'private'},
        {'op': 'add', 'path': '/extra', 'value': 'x'},
        {'op': 'remove', 'path': '/custom'},
        {'op': 'replace', 'path': '/tags', 'value': ['t', 't']}])
    assert response.status_int == 200, response.json_body
    image = response.json_body
    assert image['os_hidden'] is True and image['disk_format'] == 'raw'
    assert image['visibility'] == 'private' and image['extra'] == 'x'
    assert 'custom' not in image and image['tags'] == ['t']
    listed = [i['id'] for i in images.get('/v2/images').json_body['images']]
    assert image_id not in listed
    hidden = images.get('/v2/images?os_hidden=true').json_body['images']
    assert [i['id'] for i in hidden] == [image_id]
    assert images.get('/v2/images?os_hidden=maybe').status_int == 400


def test_draft_4_patch(images):
    image_id = images.create()['id']
    v20 = 'application/openstack-images-v2.0-json-patch'
    response = images.patch(image_id, [{'add': '/extra', 'value': 'x'}], v20)
    assert response.status_int == 200 and response.json_body['extra'] == 'x'
    assert images.patch(image_id, [{'add': '/extra', 'value': 'y'}], v20).status_int == 409
    response = images.patch(image_id, [{'op': 'add', 'path': '/x', 'value': 'y'}], 'text/x')
    assert response.status_int == 415 and 'Accept-Patch' in response.headers


def test_a_deactivated_image_does_not_boot(images):
    image_id = images.create(visibility='private')['id']
    images.upload(image_id)
    compute = API(images.app, images.project)
    compute.create_server(imageRef=image_id)
    images.post(f'/v2/images/{image_id}/actions/deactivate', None)
    response = compute.post('/servers', {'server': {
        'name': 'vm', 'flavorRef': '1', 'imageRef': image_id}})
    assert response.status_int == 400, response.json_body


RUNTIME_CONF = ('[image]\ndownload_url_base = http://api.example:8774\n'
                'download_url_key = secret\n')


def test_runtime_urls_serve_the_data_without_a_token(make_app):
    from translator import image_urls
    from translator.conf import CONF
    app = make_app(RUNTIME_CONF)[0]
    images = ImageAPI(app)
    image_id = images.create()['id']
    images.upload(image_id)
    reference = image_urls.sign(CONF.image, image_id)
    # What Arktos's kubelet takes for a container image reference: no scheme, no query.
    assert re.fullmatch(rf'api\.example:8774/image/runtime/{image_id}/\d+/[0-9a-f]{{64}}',
                        reference)
    path = reference.removeprefix('api.example:8774')
    for served in (path, path + ':latest'):
        response = webob.Request.blank(served).get_response(app)
        assert response.status_int == 200 and response.body == DATA
    ranged = webob.Request.blank(path, headers={'Range': 'bytes=0-9'}).get_response(app)
    assert ranged.status_int == 206 and ranged.body == DATA[:10]
    expires, signature = path.split('/')[-2:]
    for bad in (path[:-1] + ('0' if path[-1] != '0' else '1'),
                path.replace(f'/{expires}/', f'/{int(expires) + 1}/'),
                image_urls.sign(CONF.image, image_id, now=0).removeprefix('api.example:8774'),
                path.replace(image_id, CIRROS)):
        response = webob.Request.blank(bad).get_response(app)
        assert response.status_int == 403, bad
        assert image_id not in response.text and CIRROS not in response.text
    images.post(f'/v2/images/{image_id}/actions/deactivate', None)
    assert webob.Request.blank(path).get_response(app).status_int == 404


def test_a_base_url_needs_a_key(make_app):
    with pytest.raises(ValueError, match='download_url_key'):
        make_app('[image]\ndownload_url_base = http://api.example:8774\n'
                 '[api]\ncompute_driver = translator.backend.arktos.driver:ArktosDriver\n')


def test_info_import_and_stores(images):
    methods = images.get('/v2/info/import').json_body['import-methods']
    assert methods['value'] == ['glance-direct', 'web-download']
    stores = images.get('/v2/info/stores').json_body['stores']
    assert stores == [{'id': 'file', 'description': 'The image store of this cloud.',
                       'default': True}]


def test_glance_direct_import(images, datadir):
    image_id = images.create()['id']
    path = f'/v2/images/{image_id}'
    response = images.post(path + '/import', {'method': {'name': 'glance-direct'}})
    assert response.status_int == 409 and 'staged' in response.text
    assert images.put(path + '/stage', DATA, headers=OCTETS).status_int == 204
    staged = images.image(image_id)
    assert staged['status'] == 'uploading' and staged['size'] == len(DATA)
    assert staged['checksum'] is None
    assert images.put(path + '/stage', DATA, headers=OCTETS).status_int == 409
    response = images.post(path + '/import', {'method': {'name': 'glance-direct'}})
    assert response.status_int == 202, response.text
    image = images.image(image_id)
    assert image['status'] == 'active'
    assert image['os_hash_value'] == hashlib.sha512(DATA).hexdigest()
    assert images.get(path + '/file').body == DATA
    response = images.post(path + '/import', {'method': {'name': 'glance-direct'}})
    assert response.status_int == 409 and 'active cannot be target' in response.text


@pytest.mark.parametrize('body, code', [
    ({'method': {'name': 'copy-image'}}, 400),
    ({'method': {}}, 400),
    ({}, 400),
    ({'method': {'name': 'web-download'}}, 400),
    ({'method': {'name': 'web-download', 'uri': 'http://169.254.169.254/latest'}}, 400),
    ({'method': {'name': 'web-download', 'uri': 'file:///etc/passwd'}}, 400),
])
def test_imports_refused(images, body, code):
    image_id = images.create()['id']
    response = images.post(f'/v2/images/{image_id}/import', body)
    assert response.status_int == code, response.text
    assert images.image(image_id)['status'] == 'queued'


class _Origin(http.server.BaseHTTPRequestHandler):
    """Where web-downloads come from: ``/disk`` (DATA), ``/redirect``, ``/slow`` (a
    body that never finishes), anything else a 404."""

    def do_GET(self):
        if self.path == '/redirect':
            self.send_response(302)
            self.send_header('Location', '/disk')
            self.end_headers()
        elif self.path in ('/disk', '/slow'):
            self.send_response(200)
            self.send_header('Content-Length', str(len(DATA)))
            self.end_headers()
            if self.path == '/slow':
                self.wfile.write(DATA[:1000])
                self.wfile.flush()
                time.sleep(5)
            self.wfile.write(DATA)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture(scope='module')
def origin():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), _Origin)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()


@pytest.fixture
def importing(make_app):
    """An ImageAPI whose application may web-download from the loopback; ``.fake`` is
    its driver."""
    app, driver = make_app('[image]\nallowed_import_hosts = 127.0.0.1\n'
                           'import_timeout = 2\nmax_image_size = 400000\n')
    images = ImageAPI(app)
    images.fake = driver
    return images


def _settled(images, image_id: str) -> dict:
    deadline = time.monotonic() + 10
    while (image := images.image(image_id))['status'] == 'importing':
        assert time.monotonic() < deadline, image
        time.sleep(0.05)
    return image


def test_web_download(importing, origin):
    image_id = importing.create()['id']
    response = importing.post(f'/v2/images/{image_id}/import', {
        'method': {'name': 'web-download', 'uri': origin + '/disk'}})
    assert response.status_int == 202, response.text
    image = _settled(importing, image_id)
    assert image['status'] == 'active' and image['size'] == len(DATA)
    assert image['checksum'] == hashlib.md5(DATA).hexdigest()
    assert not any(key.startswith(('arktos_', 'os_glance')) for key in image)
    assert importing.get(f'/v2/images/{image_id}/file').body == DATA


@pytest.mark.parametrize('path', ['/missing', '/redirect', '/slow'])
def test_a_failed_web_download_queues_the_image_again(importing, origin, path, tmp_path):
    image_id = importing.create()['id']
    response = importing.post(f'/v2/images/{image_id}/import', {
        'method': {'name': 'web-download', 'uri': origin + path}})
    assert response.status_int == 202, response.text
    image = _settled(importing, image_id)
    assert image['status'] == 'queued' and image['os_glance_failed_import'] == 'file'
    assert not (tmp_path / 'images' / image_id).exists()
    response = importing.post(f'/v2/images/{image_id}/import', {
        'method': {'name': 'web-download', 'uri': origin + '/disk'}})
    assert response.status_int == 202
    image = _settled(importing, image_id)
    assert image['status'] == 'active' and 'os_glance_failed_import' not in image


def test_web_downloads_stop_at_max_image_size(make_app, origin):
    images = ImageAPI(make_app('[image]\nallowed_import_hosts = 127.0.0.1\n'
                               'max_image_size = 1000\n')[0])
    image_id = images.create()['id']
    images.post(f'/v2/images/{image_id}/import', {
        'method': {'name': 'web-download', 'uri': origin + '/disk'}})
    assert _settled(images, image_id)['status'] == 'queued'


def test_an_import_left_behind_is_taken_over(importing, origin):
    image_id = importing.create()['id']
    fake = importing.fake
    fake._images[image_id] = dataclasses.replace(
        fake._images[image_id], status='importing',
        properties={'arktos_import_expires': str(time.time() - 1)})
    response = importing.post(f'/v2/images/{image_id}/import', {
        'method': {'name': 'web-download', 'uri': origin + '/disk'}})
    assert response.status_int == 202, response.text
    assert _settled(importing, image_id)['status'] == 'active'


def _ids(images, query: str = '') -> list:
    return [i['id'] for i in images.get(f'/v2/images{query}').json_body['images']]


def test_sharing_with_members(images):
    other = ImageAPI(images.app)
    stranger = ImageAPI(images.app)
    image_id = images.create()['id']
    images.upload(image_id)
    members = f'/v2/images/{image_id}/members'
    assert other.get(f'/v2/images/{image_id}').status_int == 404
    response = images.post(members, {'member': other.project})
    assert response.status_int == 200, response.text
    member = response.json_body
    assert member['status'] == 'pending' and member['member_id'] == other.project
    assert member['schema'] == '/v2/schemas/member' and member['image_id'] == image_id
    assert images.post(members, {'member': other.project}).status_int == 409
    assert images.post(members, {}).status_int == 400
    images.post(members, {'member': 'third'})
    # Pending: the member sees it by id (and may boot it), not in its default list.
    assert other.get(f'/v2/images/{image_id}').status_int == 200
    assert image_id not in _ids(other)
    assert image_id in _ids(other, '?member_status=pending')
    assert image_id in _ids(other, '?visibility=shared&member_status=all')
    assert stranger.get(f'/v2/images/{image_id}').status_int == 404
    # The owner sees every member, a member only itself; only the member answers.
    assert len(images.get(members).json_body['members']) == 2
    assert [m['member_id'] for m in other.get(members).json_body['members']] == \
        [other.project]
    assert other.get(f'{members}/third').status_int == 404
    own = f'{members}/{other.project}'
    assert images.put(own, {'status': 'accepted'}).status_int == 403
    assert other.put(f'{members}/third', {'status': 'accepted'}).status_int == 404
    assert other.put(own, {'status': 'maybe'}).status_int == 400
    response = other.put(own, {'status': 'accepted'})
    assert response.status_int == 200 and response.json_body['status'] == 'accepted'
    assert other.get(own).json_body['status'] == 'accepted'
    assert image_id in _ids(other)
    assert image_id not in _ids(other, '?member_status=rejected')
    compute = API(images.app, other.project)
    compute.create_server(imageRef=image_id)
    # A member does not change the image, nor remove members.
    assert other.patch(image_id, [{'op': 'replace', 'path': '/name', 'value': 'x'}]
                       ).status_int == 403
    assert other.delete(own).status_int == 403
    assert images.delete(own).status_int == 204
    assert images.delete(own).status_int == 404
    assert other.get(f'/v2/images/{image_id}').status_int == 404


def test_only_shared_images_have_members(images):
    image_id = images.create(visibility='private')['id']
    response = images.post(f'/v2/images/{image_id}/members', {'member': 'x'})
    assert response.status_int == 403 and 'Only shared images' in response.text
    assert images.get(f'/v2/images/{image_id}/members').status_int == 403
    shared = images.create()['id']
    images.post(f'/v2/images/{shared}/members', {'member': 'x'})
    images.patch(shared, [{'op': 'replace', 'path': '/visibility', 'value': 'private'}])
    assert ImageAPI(images.app, 'x').get(f'/v2/images/{shared}').status_int == 404


def test_community_images(images):
    image_id = images.create(visibility='community')['id']
    other = ImageAPI(images.app)
    assert other.get(f'/v2/images/{image_id}').status_int == 200
    assert image_id not in _ids(other)
    assert image_id in _ids(other, '?visibility=community')
    assert image_id in _ids(images)
    assert images.get('/v2/images?visibility=everyone').status_int == 400
    assert images.get('/v2/images?member_status=maybe').status_int == 400


def test_member_schemas(images):
    assert images.get('/v2/schemas/member').json_body['name'] == 'member'
    assert images.get('/v2/schemas/members').json_body['name'] == 'members'


def test_at_most_128_tags(images):
    assert images.post('/v2/images', {'tags': [str(i) for i in range(129)]}).status_int == 413
    image_id = images.create(tags=[str(i) for i in range(128)])['id']
    assert images.put(f'/v2/images/{image_id}/tags/more', None).status_int == 413
    assert images.put(f'/v2/images/{image_id}/tags/0', None).status_int == 204
