"""Images users bring: upload through the whole application (to the file store),
download, boot a server from it, and the VM pod's image URL fetched as Arktos's
runtime fetches it (no token)."""

import hashlib
import os

import pytest
import requests

from tests import api
from tests.api import ImageAPI, wait_for_status

DATA = os.urandom(3 * 1024 * 1024 + 17)


def _chunks(data: bytes, size: int = 256 * 1024):
    """An upload body without Content-Length: requests sends it chunked, as
    python-glanceclient does."""
    for start in range(0, len(data), size):
        yield data[start:start + size]


def test_a_chunked_body_the_server_does_not_decode_is_refused(translator):
    """wsgi-intercept passes a chunked body on undecoded: the upload is a 411, not an
    empty image (gunicorn and uwsgi decode it: tests/functional)."""
    images = ImageAPI(translator, api.new_project())
    image_id = images.post('/v2/images', {'disk_format': 'raw',
                                          'container_format': 'bare'}).json()['id']
    response = images.put(f'/v2/images/{image_id}/file', _chunks(DATA),
                          headers={'Content-Type': 'application/octet-stream'})
    assert response.status_code == 411, response.text
    assert images.get(f'/v2/images/{image_id}').json()['status'] == 'queued'


@pytest.fixture
def uploaded(translator):
    """An active private image of a fresh project, and its API."""
    images = ImageAPI(translator, api.new_project())
    response = images.post('/v2/images', {'name': 'mine', 'disk_format': 'qcow2',
                                          'container_format': 'bare',
                                          'visibility': 'private'})
    assert response.status_code == 201, response.text
    image_id = response.json()['id']
    response = images.put(f'/v2/images/{image_id}/file', DATA,
                          headers={'Content-Type': 'application/octet-stream'})
    assert response.status_code == 204, response.text
    yield images, image_id
    images.delete(f'/v2/images/{image_id}')


def test_upload_and_download_round_trip(uploaded):
    images, image_id = uploaded
    image = images.get(f'/v2/images/{image_id}').json()
    assert image['status'] == 'active' and image['size'] == len(DATA)
    assert image['checksum'] == hashlib.md5(DATA).hexdigest()
    assert image['os_hash_value'] == hashlib.sha512(DATA).hexdigest()
    response = images.get(f'/v2/images/{image_id}/file', stream=True)
    assert response.headers['Content-MD5'] == image['checksum']
    assert b''.join(response.iter_content(65536)) == DATA
    other = ImageAPI(images.url.removesuffix('/image'), api.new_project())
    assert other.get(f'/v2/images/{image_id}/file').status_code == 404


def test_a_server_boots_from_an_uploaded_image(translator, uploaded, arktos_pods):
    images, image_id = uploaded
    project = images.session.headers['X-Auth-Token'].split(':')[1]
    compute = api.ComputeAPI(translator, project, version='2.37')
    response = compute.create_server('from-upload', imageRef=image_id, networks='auto')
    assert response.status_code == 202, response.text
    server_id = response.json()['server']['id']
    try:
        server = wait_for_status(compute, server_id, 'ACTIVE')
        assert server['image']['id'] == image_id
        (pod,) = [p for p in arktos_pods(project) if p['metadata']['name'] == server_id]
        reference = pod['spec']['virtualMachine']['image']
        host = translator.partition('://')[2]
        assert reference.startswith(f'{host}/image/runtime/{image_id}/')
        url = f'http://{reference}'
        fetched = requests.get(url, timeout=30)  # as the runtime does: no token
        assert fetched.status_code == 200 and fetched.content == DATA
        tampered = requests.get(url[:-1] + ('0' if url[-1] != '0' else '1'), timeout=30)
        assert tampered.status_code == 403
    finally:
        compute.delete_created()
    assert images.delete(f'/v2/images/{image_id}').status_code == 204
    assert requests.get(url, timeout=30).status_code == 404



def test_a_snapshot_of_a_server_booted_from_an_upload_boots_from_its_data(
        translator, uploaded, arktos_pods):
    images, image_id = uploaded
    project = images.session.headers['X-Auth-Token'].split(':')[1]
    compute = api.ComputeAPI(translator, project, version='2.45')
    server_id = compute.create_server('origin', imageRef=image_id,
                                      networks='auto').json()['server']['id']
    try:
        wait_for_status(compute, server_id, 'ACTIVE')
        snapshot_id = compute.post(f'/servers/{server_id}/action', {
            'createImage': {'name': 'snap'}}).json()['image_id']
        api.wait_for_image(images, snapshot_id)
        wait_for_status(compute, server_id, 'ACTIVE')
        copy_id = compute.create_server('copy', imageRef=snapshot_id,
                                        networks='auto').json()['server']['id']
        wait_for_status(compute, copy_id, 'ACTIVE')
        (pod,) = [p for p in arktos_pods(project) if p['metadata']['name'] == copy_id]
        reference = pod['spec']['virtualMachine']['image']
        assert f'/image/runtime/{image_id}/' in reference
        assert requests.get(f'http://{reference}', timeout=30).content == DATA
        # The snapshot's data is its base's: deleting the snapshot leaves it.
        assert images.delete(f'/v2/images/{snapshot_id}').status_code == 204
        assert images.get(f'/v2/images/{image_id}/file').content == DATA
    finally:
        compute.delete_created()
