"""HTTP client of the Arktos REST API.

One pooled ``requests.Session`` per process; bearer token and/or client
certificate, CA bundle, connect/read timeouts. A 429 is retried (any method)
after its ``Retry-After``; a connection failure is retried for idempotent
methods only. Arktos ``metav1.Status`` errors become the exceptions below; an
unreachable, slow or overloaded Arktos becomes ``BackendUnavailable`` (503).
"""

import time

import orjson
import requests
import requests.adapters
from oslo_context import context as oslo_context
from oslo_log import log as logging

from translator import exception

LOG = logging.getLogger(__name__)

_IDEMPOTENT = frozenset({'GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'})
MERGE_PATCH = 'application/merge-patch+json'


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


_ERRORS = {400: ArktosInvalid, 403: ArktosForbidden, 404: ArktosNotFound,
           409: ArktosConflict, 422: ArktosInvalid}


def _status_body(response: requests.Response) -> dict:
    try:
        body = orjson.loads(response.content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {'message': response.text.strip() or response.reason}
    body.setdefault('code', response.status_code)
    return body


class ArktosClient:

    def __init__(self, url: str, *, token: str | None = None, cert_file: str | None = None,
                 key_file: str | None = None, ca_file: str | None = None,
                 insecure: bool = False, connect_timeout: float = 3.0,
                 read_timeout: float = 15.0, max_retries: int = 2,
                 max_retry_after: float = 2.0, retry_after: int = 2, pool_maxsize: int = 32):
        self.url = url.rstrip('/')
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.max_retry_after = max_retry_after
        self.retry_after = retry_after
        self.session = requests.Session()
        # Only [arktos] options decide TLS and routing: no REQUESTS_CA_BUNDLE, proxy or
        # netrc from the environment (it also spares a scan of os.environ per call).
        self.session.trust_env = False
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool_maxsize,
                                                max_retries=0)
        self.session.mount('http://', adapter)
        self.session.mount('https://', adapter)
        self.session.headers.update({'Accept': 'application/json',
                                     'User-Agent': 'arktos-nova-translator'})
        if token:
            self.session.headers['Authorization'] = f'Bearer {token}'
        if cert_file:
            self.session.cert = (cert_file, key_file) if key_file else cert_file
        self.session.verify = False if insecure else (ca_file or True)

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

    def request(self, method: str, path: str, *, params: dict | None = None,
                body: dict | None = None, content_type: str = 'application/json') -> dict:
        headers = {}
        data = None
        if body is not None:
            data = orjson.dumps(body)
            headers['Content-Type'] = content_type
        current = oslo_context.get_current()
        if current is not None and current.request_id:
            headers['X-OpenStack-Request-ID'] = current.request_id
        attempt = 0
        while True:
            attempt += 1
            retries_left = attempt <= self.max_retries
            try:
                response = self.session.request(method, self.url + path, params=params,
                                                data=data, headers=headers,
                                                timeout=self.timeout)
            except requests.exceptions.ReadTimeout as e:
                raise self._unavailable(method, path, f'no answer within '
                                        f'{self.timeout[1]} s') from e
            except requests.exceptions.ConnectionError as e:
                if retries_left and method in _IDEMPOTENT:
                    time.sleep(0.05 * 2 ** attempt)
                    continue
                raise self._unavailable(method, path, 'cannot connect') from e
            if response.status_code == 429:
                wait = self._retry_after(response)
                if retries_left and wait <= self.max_retry_after:
                    time.sleep(wait)
                    continue
                raise self._unavailable(method, path, 'overloaded (429)', wait)
            if response.status_code < 400:
                return orjson.loads(response.content) if response.content else {}
            raise self._error(method, path, response)

    def _retry_after(self, response: requests.Response) -> float:
        try:
            return max(0.0, float(response.headers.get('Retry-After', '')))
        except ValueError:
            return float(self.retry_after)

    def _unavailable(self, method: str, path: str, reason: str,
                     retry_after: float | None = None) -> exception.BackendUnavailable:
        LOG.warning('Arktos %s %s: %s', method, path, reason)
        seconds = max(1, int(retry_after if retry_after is not None else self.retry_after))
        return exception.BackendUnavailable(reason=f'Arktos is {reason}', retry_after=seconds)

    def _error(self, method: str, path: str, response: requests.Response) -> Exception:
        status = _status_body(response)
        if response.status_code >= 500:
            return self._unavailable(method, path, f'failing ({response.status_code}: '
                                     f'{status.get("message")})',
                                     self._retry_after(response))
        LOG.debug('Arktos %s %s: %s %s', method, path, response.status_code,
                  status.get('message'))
        return _ERRORS.get(response.status_code, ArktosFailure)(status)
