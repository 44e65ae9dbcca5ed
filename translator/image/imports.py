"""Glance's interoperable image import: ``/v2/info/import``, ``/v2/info/stores``,
``PUT /v2/images/{id}/stage`` and ``POST /v2/images/{id}/import``.

``glance-direct``: the stage request streams the data into the image store (the
image is ``uploading``, its data measured); the import makes it ``active``.

``web-download``: the image is ``importing`` while a background thread of the API
process (``[image] import_workers`` of them, no queue: more is a 503) fetches the
URI into the store, each read and the whole transfer bounded by ``[image]
import_timeout``, redirects not followed, only from ``[image] allowed_import_hosts``,
no more than ``max_image_size`` and the project's quota. It ends ``active``, or
``queued`` again with ``os_glance_failed_import`` naming the store, as Glance's
import does. The record holds when the import gives up (``arktos_import_expires``):
an import whose process died is taken over by the next import request after that.

There is one store: ``stores``, ``all_stores`` and ``all_stores_must_succeed`` change
nothing (Glance without ``enabled_backends`` refuses ``all_stores_must_succeed:
false``, which ``openstack image import`` sends by default; it is accepted here).
"""

import threading
import time
from concurrent import futures
from urllib import parse

import jsonschema
import urllib3
from oslo_log import log as logging

from translator import exception
from translator.image import data, quota, store
from translator.policies import images as policies
from translator.web import wsgi

LOG = logging.getLogger(__name__)

IMPORTER_KEY = 'translator.image_importer'
_LOCK = 'arktos_import_expires'
_FAILED = 'os_glance_failed_import'
_CONNECT_TIMEOUT = 10.0
_READ_TIMEOUT = 30.0
_READ_SIZE = 64 * 1024

_IMPORT_SCHEMA = {
    'type': 'object',
    'properties': {
        'method': {'type': 'object', 'properties': {
            'name': {'type': 'string'}, 'uri': {'type': 'string'}},
            'required': ['name']},
        'stores': {'type': 'array', 'items': {'type': 'string'}},
        'all_stores': {'type': 'boolean'},
        'all_stores_must_succeed': {'type': 'boolean'},
    },
    'required': ['method'],
}


class Importer:
    """The web-downloads one application runs in the background, at most
    ``workers`` at a time."""

    def __init__(self, image_store: store.ImageStore, workers: int):
        self.image_store = image_store
        self.slots = threading.BoundedSemaphore(workers)
        self.executor = futures.ThreadPoolExecutor(workers, 'web-download')

    def submit(self, job, *args) -> None:
        """Run ``job(*args)`` in the background; 503 when every worker is busy."""
        if not self.slots.acquire(blocking=False):
            raise exception.BackendUnavailable(
                reason='every web-download worker of this process is busy', retry_after=10)

        def run():
            try:
                job(*args)
            except Exception:
                LOG.exception('Web-download failed')
            finally:
                self.slots.release()
        self.executor.submit(run)


def info_import(req: wsgi.Request):
    return wsgi.json_response({'import-methods': {
        'description': 'Import methods available.', 'type': 'array',
        'value': list(req.conf.image.enabled_import_methods)}})


def info_stores(req: wsgi.Request):
    return wsgi.json_response({'stores': [
        {'id': store.of(req).scheme, 'description': 'The image store of this cloud.',
         'default': True}]})


def stage(req: wsgi.Request):
    req.context.can(policies.MODIFY_IMAGE)
    if 'glance-direct' not in req.conf.image.enabled_import_methods:
        raise exception.NotFound('The glance-direct import method is not enabled.')
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    stored = data.store_data(req, image, 'queued', 'uploading', data.body(req),
                             req.content_length)
    data.finish(req.context, req.driver, store.of(req), image.id, stored, 'uploading',
                'uploading')
    return wsgi.empty_response(204)


def _check_uri(conf, uri) -> str:
    """A web-download URI that passes ``[image] allowed_import_hosts`` (400 if not)."""
    parts = parse.urlsplit(uri or '')
    allowed = {host.lower() for host in conf.image.allowed_import_hosts}
    if parts.scheme not in ('http', 'https') or not parts.hostname or \
            parts.hostname.lower() not in allowed:
        raise exception.Invalid(f'URI for web-download does not pass filtering: {uri}')
    return uri


def _check_importable(image, method: str) -> None:
    """Glance's refusals of an import, in its order (409)."""
    if image.status == 'active':
        raise exception.Conflict('Image with status active cannot be target for import')
    if method == 'web-download' and image.status != 'queued':
        raise exception.Conflict("Image needs to be in 'queued' state to use "
                                 "'web-download' method")
    if method == 'glance-direct' and image.status != 'uploading':
        raise exception.Conflict("Image needs to be staged before 'glance-direct' method "
                                 "can be used")
    if not image.container_format:
        raise exception.Conflict("'container_format' needs to be set before import")
    if not image.disk_format:
        raise exception.Conflict("'disk_format' needs to be set before import")


def _take_over_stale(req: wsgi.Request, image):
    """An image left ``importing`` by an import past its time is queued again."""
    expires = image.properties.get(_LOCK)
    if image.status != 'importing' or expires is None or float(expires) > time.time():
        return image
    LOG.info('Image %s: taking over an import that gave up at %s', image.id, expires)
    return req.driver.update_image(req.context, image.id, data.transition(
        'importing', 'queued', drop=(_LOCK,)))


def import_image(req: wsgi.Request):
    req.context.can(policies.MODIFY_IMAGE)
    body = wsgi.json_body(req.body)
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft4Validator(_IMPORT_SCHEMA).iter_errors(body))
    if error is not None:
        raise exception.Invalid(f'Invalid import request: {error.message}')
    method = body['method']['name']
    if method not in req.conf.image.enabled_import_methods:
        raise exception.Invalid(f'Import method {method} is not valid')
    context, driver = req.context, req.driver
    image = _take_over_stale(req, driver.show_image(context, req.urlvars['image_id']))
    if image.owner != context.project_id and not context.is_admin:
        raise exception.Forbidden(f'You are not permitted to modify image {image.id}.')
    _check_importable(image, method)
    if method == 'glance-direct':
        driver.update_image(context, image.id, data.transition('uploading', 'active'))
        return wsgi.empty_response(202)
    uri = _check_uri(req.conf, body['method'].get('uri'))
    limit = quota.upload_limit(req, image.id)
    importer: Importer = req.environ[IMPORTER_KEY]
    timeout = req.conf.image.import_timeout
    driver.update_image(context, image.id, data.transition('queued', 'importing', drop=(
        _FAILED,), properties={_LOCK: str(time.time() + timeout)}))
    try:
        importer.submit(_web_download, context, driver, importer.image_store, image.id,
                        uri, limit, timeout)
    except exception.BackendUnavailable:
        data.restore(context, driver, image.id, 'importing', drop=(_LOCK,))
        raise
    return wsgi.empty_response(202)


class _Deadline:
    """A response body read in chunks until ``deadline`` (monotonic), no later."""

    def __init__(self, response, deadline: float):
        self.response = response
        self.deadline = deadline

    def read(self, size: int = _READ_SIZE) -> bytes:
        if time.monotonic() > self.deadline:
            raise TimeoutError('the web-download took longer than [image] import_timeout')
        return self.response.read(min(size, _READ_SIZE) if size > 0 else _READ_SIZE)


def _web_download(context, driver, image_store: store.ImageStore, image_id: str, uri: str,
                  limit: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(
        connect=min(_CONNECT_TIMEOUT, timeout), read=min(_READ_TIMEOUT, timeout)))
    try:
        response = http.request('GET', uri, preload_content=False, redirect=False)
        try:
            if response.status != 200:
                raise exception.Invalid(f'{uri} answered {response.status}')
            length = response.headers.get('Content-Length')
            size = int(length) if length and length.isdigit() else None
            data.check_size(size, limit)
            stored = data.put(image_store, image_id, _Deadline(response, deadline), size,
                              limit)
        finally:
            response.release_conn()
    except Exception as e:
        LOG.warning('Image %s: web-download of %s failed: %s', image_id, uri, e)
        data.restore(context, driver, image_id, 'importing', drop=(_LOCK,),
                     properties={_FAILED: image_store.scheme})
        return
    data.finish(context, driver, image_store, image_id, stored, 'importing', drop=(_LOCK,))
    LOG.info('Image %s: imported from %s', image_id, uri)
