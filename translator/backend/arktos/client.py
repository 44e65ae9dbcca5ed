"""HTTP client of the Arktos REST API.

One urllib3 connection pool per process (plain urllib3: ``requests`` cost 0.2 ms
more per call); bearer token and/or client certificate, CA bundle, connect/read
timeouts. A 429 is retried (any method) after its ``Retry-After``; a connection
failure is retried for idempotent methods only. Arktos ``metav1.Status`` errors
become the exceptions below; an unreachable, slow or overloaded Arktos becomes
``BackendUnavailable`` (503).
"""

import gc
import re
import time
import urllib.parse
from collections.abc import Iterator

import orjson
import urllib3
from oslo_context import context as oslo_context
from oslo_log import log as logging

from translator import exception

LOG = logging.getLogger(__name__)

_IDEMPOTENT = frozenset({'GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'})
MERGE_PATCH = 'application/merge-patch+json'
#: What a call raises when Arktos does not answer (refused, reset, timed out, TLS).
TRANSPORT_ERRORS = urllib3.exceptions.HTTPError


class ArktosError(exception.TranslatorException):
    """An Arktos ``metav1.Status`` failure."""

    def __init__(self, status: dict):
        self.status = status
        self.reason = status.get('reason', '')
        self.details = status.get('details') or {}
        super().__init__(status.get('message') or self.reason or 'Arktos error')


class ArktosNotFound(ArktosError, exception.NotFound):
    pass


class ArktosConflict(ArktosError, exception.Conflict):
    pass


class ArktosInvalid(ArktosError, exception.Invalid):
    pass


class ArktosForbidden(ArktosError, exception.Forbidden):
    pass


class ArktosFailure(ArktosError, exception.BackendError):
    """An answer the service cannot act on (for example rejected credentials)."""


class ArktosExpired(ArktosFailure):
    """A resourceVersion or continue token too old to resume from (410): list again."""


_ERRORS = {400: ArktosInvalid, 403: ArktosForbidden, 404: ArktosNotFound,
           409: ArktosConflict, 410: ArktosExpired, 422: ArktosInvalid}
# A path segment: an Arktos name, API group or version (``coordination.k8s.io``, ``v1``).
_SEGMENT = re.compile(r'^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$')
_WATCH_CHUNK = 64 * 1024


# Bodies at least this long are parsed with the cyclic garbage collector paused.
_LARGE_BODY = 64 * 1024


def _loads(data: bytes):
    """``orjson.loads``; a large body (a list of pods is some 10^5 containers) is parsed
    with the cyclic GC paused: the collections its allocations trigger cost twice the
    parse itself, and parsed JSON holds no reference cycles."""
    if len(data) < _LARGE_BODY or not gc.isenabled():
        return orjson.loads(data)
    gc.disable()
    try:
        return orjson.loads(data)
    finally:
        gc.enable()


def text(response: urllib3.BaseHTTPResponse) -> str:
    return response.data.decode('utf-8', 'replace').strip()


def _status_body(response: urllib3.BaseHTTPResponse) -> dict:
    try:
        body = orjson.loads(response.data)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {'message': text(response) or response.reason}
    body.setdefault('code', response.status)
    return body


class ArktosClient:

    def __init__(self, url: str, *, token: str | None = None, cert_file: str | None = None,
                 key_file: str | None = None, ca_file: str | None = None,
                 insecure: bool = False, connect_timeout: float = 3.0,
                 read_timeout: float = 15.0, max_retries: int = 2,
                 max_retry_after: float = 2.0, retry_after: int = 2, pool_maxsize: int = 32):
        self.url = url.rstrip('/')
        self.timeout = urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.retry_after = retry_after
        self.headers = {'Accept': 'application/json', 'User-Agent': 'arktos-nova-translator'}
        if token:
            self.headers['Authorization'] = f'Bearer {token}'
        parsed = urllib.parse.urlsplit(self.url)
        self._prefix = parsed.path
        tls = {}
        if parsed.scheme == 'https':
            # Only [arktos] options decide TLS: no REQUESTS_CA_BUNDLE or the like.
            tls = {'cert_file': cert_file, 'key_file': key_file,
                   'cert_reqs': 'CERT_NONE' if insecure else 'CERT_REQUIRED',
                   'ca_certs': None if insecure else ca_file}
            if insecure:
                tls['assert_hostname'] = False
        self.pool = urllib3.connectionpool.connection_from_url(
            self.url, maxsize=pool_maxsize, block=False, retries=False, timeout=self.timeout,
            **tls)

    @classmethod
    def from_conf(cls, group) -> 'ArktosClient':
        return cls(group.url, token=group.token, cert_file=group.cert_file,
                   key_file=group.key_file, ca_file=group.ca_file, insecure=group.insecure,
                   connect_timeout=group.connect_timeout, read_timeout=group.read_timeout,
                   max_retries=group.max_retries, max_retry_after=group.max_retry_after,
                   retry_after=group.retry_after, pool_maxsize=group.pool_maxsize)

    def get(self, path: str, params: dict | None = None) -> dict:
        return self.request('GET', path, params=params)

    def post(self, path: str, body: dict) -> dict:
        return self.request('POST', path, body=body)

    def patch(self, path: str, body: dict, content_type: str = MERGE_PATCH) -> dict:
        return self.request('PATCH', path, body=body, content_type=content_type)

    def delete(self, path: str, body: dict | None = None) -> dict:
        return self.request('DELETE', path, body=body)

    def fetch(self, path: str,
              timeout: urllib3.Timeout | None = None) -> urllib3.BaseHTTPResponse:
        """One GET of ``path``, answered as is (no retries, no error mapping);
        ``TRANSPORT_ERRORS`` when Arktos does not answer."""
        return self.pool.urlopen('GET', self._target(path, None), headers=self.headers,
                                 retries=False, timeout=timeout or self.timeout)

    def watch(self, path: str, params: dict, timeout_seconds: int) -> Iterator[dict]:
        """The events (``{"type": …, "object": …}``) of a watch of ``path`` until Arktos
        ends the stream after ``timeout_seconds``; no retries. A refused watch raises
        what ``request`` raises (a 410 is ``ArktosExpired``)."""
        params = {**params, 'watch': '1', 'timeoutSeconds': str(timeout_seconds)}
        timeout = urllib3.Timeout(connect=self.timeout.connect_timeout,
                                  read=timeout_seconds + self.timeout.read_timeout)
        try:
            response = self.pool.urlopen('GET', self._target(path, params),
                                         headers=self._headers(), retries=False,
                                         timeout=timeout, preload_content=False)
        except TRANSPORT_ERRORS as e:
            raise self._unavailable('GET', path, 'cannot connect') from e
        try:
            if response.status >= 400:
                response.read(cache_content=True)
                raise self._error('GET', path, response)
            pending = b''
            while chunk := response.read1(_WATCH_CHUNK):
                *lines, pending = (pending + chunk).split(b'\n')
                for line in lines:
                    if line.strip():
                        yield orjson.loads(line)
        except TRANSPORT_ERRORS as e:
            raise self._unavailable('GET', path, 'gone during a watch') from e
        finally:
            # A stream left early still has data in flight: never reuse its connection.
            response.close()
            response.release_conn()

    def _headers(self, content_type: str | None = None) -> dict:
        headers = dict(self.headers)
        if content_type is not None:
            headers['Content-Type'] = content_type
        current = oslo_context.get_current()
        if current is not None and current.request_id:
            headers['X-OpenStack-Request-ID'] = current.request_id
        return headers

    def _target(self, path: str, params: dict | None) -> str:
        """The request target of ``path``: every segment a valid Arktos name."""
        for segment in path.split('/')[1:]:
            if not _SEGMENT.match(segment):
                raise exception.InvalidArktosName(name=segment)
        target = self._prefix + path
        if params:
            target += '?' + urllib.parse.urlencode(params)
        return target

    def request(self, method: str, path: str, *, params: dict | None = None,
                body: dict | None = None, content_type: str = 'application/json') -> dict:
        data = orjson.dumps(body) if body is not None else None
        headers = self._headers(content_type if body is not None else None)
        target = self._target(path, params)
        attempt = 0
        while True:
            attempt += 1
            retries_left = attempt <= self.max_retries
            try:
                response = self.pool.urlopen(method, target, body=data, headers=headers,
                                             retries=False, timeout=self.timeout)
            except urllib3.exceptions.ReadTimeoutError as e:
                raise self._unavailable(method, path, f'no answer within '
                                        f'{self.timeout.read_timeout} s') from e
            except TRANSPORT_ERRORS as e:
                if retries_left and method in _IDEMPOTENT:
                    time.sleep(0.05 * 2 ** attempt)
                    continue
                raise self._unavailable(method, path, 'cannot connect') from e
            if response.status == 429:
                wait = self._retry_after(response)
                if retries_left and wait <= self.max_retry_after:
                    time.sleep(wait)
                    continue
                raise self._unavailable(method, path, 'overloaded (429)', wait)
            if response.status < 400:
                return _loads(response.data) if response.data else {}
            raise self._error(method, path, response)

    def _retry_after(self, response: urllib3.BaseHTTPResponse) -> float:
        try:
            return max(0.0, float(response.headers.get('Retry-After', '')))
        except ValueError:
            return float(self.retry_after)

    def _unavailable(self, method: str, path: str, reason: str,
                     retry_after: float | None = None) -> exception.BackendUnavailable:
        LOG.warning('Arktos %s %s: %s', method, path, reason)
        seconds = max(1, int(retry_after if retry_after is not None else self.retry_after))
        return exception.BackendUnavailable(reason=f'Arktos is {reason}', retry_after=seconds)

    def _error(self, method: str, path: str, response: urllib3.BaseHTTPResponse) -> Exception:
        status = _status_body(response)
        if response.status >= 500:
            return self._unavailable(method, path, f'failing ({response.status}: '
                                     f'{status.get("message")})',
                                     self._retry_after(response))
        LOG.debug('Arktos %s %s: %s %s', method, path, response.status,
                  status.get('message'))
        return _ERRORS.get(response.status, ArktosFailure)(status)
