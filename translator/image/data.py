"""``/v2/images/{image_id}/file``: an image's data, streamed to and from glance_store.

An upload moves the image ``queued`` → ``saving`` (a conditional write: of two
uploads one wins, the other is a 409) → ``active`` with what the store measured
(size, md5 ``checksum``, sha512 ``os_hash_value``). The body is read in chunks as the
store writes them, never whole; past ``[image] max_image_size`` or the project's
quota it stops with a 413. A failed or aborted upload leaves no data behind (the
store removes what it wrote) and the image ``queued`` again, as Glance does; an image
deleted meanwhile loses the data just written (410).
"""

import glance_store
import webob
from oslo_log import log as logging

from translator import exception
from translator.backend.models import Image
from translator.image import quota, store
from translator.policies import images as policies
from translator.web import wsgi

try:
    import uwsgi
except ImportError:
    uwsgi = None

LOG = logging.getLogger(__name__)

# Store errors that leave the image queued, and the faults they are (Glance's).
_STORE_FAULTS = (
    (glance_store.StorageFull, exception.RequestEntityTooLarge, 'Image storage media is full'),
    (glance_store.StorageWriteDenied, exception.BackendUnavailable,
     'Insufficient permissions on image storage media'),
    (glance_store.StoreAddDisabled, exception.Gone,
     'Error in store configuration. Adding images to store is disabled.'),
    (glance_store.Invalid, exception.Invalid, None),
)


class LimitingReader:
    """A request body read in chunks, refused (413) once it brings more than ``limit``
    bytes; a client that goes away is a 400."""

    def __init__(self, body, limit: int):
        self.body = body
        self.limit = limit
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        try:
            chunk = self.body.read(size)
        except OSError as e:
            raise exception.Invalid(f'The image data did not arrive: {e}') from e
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise exception.RequestEntityTooLarge(
                f'The incoming image is too large: it may have {self.limit} bytes.')
        return chunk


def transition(from_status: str, to_status: str, *, drop: tuple = (), **fields):
    """An ``update_image`` change: ``to_status`` and ``fields`` (``properties`` added to
    the image's), without the properties ``drop``, only from ``from_status`` (409
    otherwise)."""
    def change(image: Image) -> dict:
        if image.status != from_status:
            raise exception.Conflict(f'Image status transition from {image.status} to '
                                     f'{to_status} is not allowed')
        changes = {'status': to_status, **fields}
        if drop or 'properties' in fields:
            merged = {**image.properties, **fields.get('properties', {})}
            changes['properties'] = {key: value for key, value in merged.items()
                                     if key not in drop}
        return changes
    return change


def restore(context, driver, image_id: str, from_status: str, **fields) -> None:
    """Put an image whose data did not arrive back to ``queued``, as Glance does."""
    try:
        driver.update_image(context, image_id, transition(from_status, 'queued', **fields))
    except exception.TranslatorException as e:
        LOG.warning('Image %s could not be put back to queued: %s', image_id, e)


def _store_fault(error: Exception) -> exception.TranslatorException | None:
    for kind, fault, message in _STORE_FAULTS:
        if isinstance(error, kind):
            if fault is exception.BackendUnavailable:
                return fault(reason=message, retry_after=30)
            return fault(f'{message}: {error}' if message else str(error))
    return None


def check_size(size: int | None, limit: int) -> None:
    if size is not None and size > limit:
        raise exception.RequestEntityTooLarge(
            f'The incoming image is too large: it may have {limit} bytes.')


def put(image_store: store.ImageStore, image_id: str, body, size: int | None,
        limit: int) -> store.Stored:
    """Stream ``body`` (at most ``limit`` bytes) into the store; on any failure nothing
    stays stored."""
    try:
        return image_store.add(image_id, LimitingReader(body, limit), size or 0)
    except Exception as e:
        fault = _store_fault(e)
        if fault is None:
            raise
        raise fault from e


def store_data(req: wsgi.Request, image: Image, from_status: str, to_status: str,
               body, size: int | None) -> store.Stored:
    """Move ``image`` from ``from_status`` to ``to_status`` and stream ``body`` into the
    store; on any failure the image is ``queued`` again."""
    limit = quota.upload_limit(req, image.id)
    check_size(size, limit)
    req.driver.update_image(req.context, image.id, transition(from_status, to_status))
    try:
        return put(store.of(req), image.id, body, size, limit)
    except BaseException:
        restore(req.context, req.driver, image.id, to_status)
        raise


def finish(context, driver, image_store: store.ImageStore, image_id: str,
           stored: store.Stored, from_status: str, to_status: str = 'active',
           drop: tuple = ()) -> None:
    """Record ``stored`` as the data of the image, now ``to_status``; if it was deleted
    or changed meanwhile, the data goes (410)."""
    try:
        driver.update_image(context, image_id, transition(
            from_status, to_status, drop=drop, location=stored.location, size=stored.size,
            checksum=stored.checksum, os_hash_algo=store.HASH_ALGO,
            os_hash_value=stored.os_hash_value))
    except (exception.NotFound, exception.Conflict) as e:
        image_store.delete(stored.location)
        raise exception.Gone(f'Image {image_id} could not be found after upload. The image '
                             'may have been deleted during the upload, cleaning up the '
                             'chunks uploaded.') from e


class _UwsgiChunks:
    """A chunked request body under uwsgi (``http-chunked-input``), which does not
    decode it into ``wsgi.input``: uwsgi hands it over one chunk per call."""

    def read(self, size: int = -1) -> bytes:
        return uwsgi.chunked_read()


def body(req: wsgi.Request):
    """The request body as a file to read in chunks, each read waiting at most ``[image]
    data_timeout`` under gunicorn (411 when it cannot be read to its end: no
    Content-Length and no chunked encoding the server decodes)."""
    sock = req.environ.get('gunicorn.socket')
    if sock is not None:
        sock.settimeout(req.conf.image.data_timeout)
    if req.content_length is None and \
            req.headers.get('Transfer-Encoding', '').lower() == 'chunked':
        if uwsgi is not None:
            return _UwsgiChunks()
        if not req.is_body_readable:
            raise exception.LengthRequired()
    return req.body_file


def check_formats(image: Image) -> None:
    if image.disk_format is None or image.container_format is None:
        raise exception.Invalid('Properties disk_format, container_format must be set '
                                'prior to saving data.')


def upload(req: wsgi.Request):
    req.context.can(policies.UPLOAD_IMAGE)
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    check_formats(image)
    stored = store_data(req, image, 'queued', 'saving', body(req), req.content_length)
    finish(req.context, req.driver, store.of(req), image.id, stored, 'saving')
    return wsgi.empty_response(204)


def _byte_range(req: wsgi.Request, size: int) -> tuple[int, int] | None:
    """``(start, stop)`` of a ``Range: bytes=…`` request (None without one); 416 for
    a range outside the data or more than one range."""
    if 'Range' not in req.headers:
        return None
    if req.range is None:
        raise exception.RangeNotSatisfiable()
    byte_range = req.range.range_for_length(size)
    if byte_range is None:
        raise exception.RangeNotSatisfiable(size)
    return byte_range


def download(req: wsgi.Request):
    req.context.can(policies.DOWNLOAD_IMAGE)
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    if image.status == 'deactivated' and not req.context.is_admin:
        raise exception.Forbidden('The requested image has been deactivated. Image data '
                                  'download is forbidden.')
    if not image.has_own_data:
        return wsgi.empty_response(204)
    return data_response(req, image)


def data_response(req: wsgi.Request, image: Image) -> webob.Response:
    """The data of ``image``, whole or the range asked for, streamed from the store."""
    byte_range = _byte_range(req, image.size)
    start, stop = byte_range or (0, image.size)
    try:
        chunks = store.of(req).get(image.location, start, stop - start)
    except glance_store.NotFound as e:
        raise exception.NotFound(f'Image {image.id} has no data in the store.') from e
    response = webob.Response(status=206 if byte_range else 200, app_iter=chunks,
                              content_type='application/octet-stream',
                              content_length=stop - start)
    if byte_range:
        response.headers['Content-Range'] = f'bytes {start}-{stop - 1}/{image.size}'
    else:
        response.headers['Content-MD5'] = image.checksum
    return response
