"""oslo.middleware healthcheck backend ``arktos``: does Arktos answer?

Registered in the ``oslo.middleware.healthcheck`` namespace and enabled in
``api-paste.ini`` (``[app:healthcheck] backends = disable_by_file,arktos``). It
GETs Arktos's ``/healthz`` with the service's own ``[arktos]`` URL, credentials
and TLS settings (short timeouts, no retries) and caches the answer for a
couple of seconds, so frequent load-balancer probes do not load Arktos. The
reason is safe to show to anyone; the Arktos URL only appears in the details
(``detailed = true``).
"""

import threading
import time

import urllib3
from oslo_log import log as logging
from oslo_middleware.healthcheck import pluginbase

from translator import conf as translator_conf  # noqa: F401  (registers [arktos])
from translator.backend.arktos import client as arktos_client

LOG = logging.getLogger(__name__)

#: Seconds one probe of Arktos may take at most (connect and read).
MAX_TIMEOUT = 5.0
#: Seconds an answer is reused for (``arktos_cache_seconds`` in the paste section).
DEFAULT_CACHE_SECONDS = 2.0


def probe(client: arktos_client.ArktosClient,
          timeout: urllib3.Timeout) -> tuple[bool, str, str]:
    """``(available, reason, details)`` of one GET ``/healthz``."""
    url = client.url + '/healthz'
    try:
        response = client.fetch('/healthz', timeout=timeout)
    except arktos_client.TRANSPORT_ERRORS as e:
        return False, 'Arktos does not answer', f'GET {url}: {type(e).__name__}: {e}'
    if response.status in (401, 403):
        return (False, "Arktos rejects the service's credentials",
                f'GET {url}: {response.status}')
    body = arktos_client.text(response)[:200]
    if response.status != 200:
        return (False, f'Arktos is unhealthy ({response.status})',
                f'GET {url}: {response.status} {body}')
    return True, 'Arktos answers', f'GET {url}: 200 {body}'


class ArktosHealthcheck(pluginbase.HealthcheckBaseExtension):
    """Healthy when Arktos's ``/healthz`` answers 200."""

    def __init__(self, oslo_conf, conf):
        super().__init__(oslo_conf, conf)
        self._lock = threading.Lock()
        self._client = None
        self._cached = None
        self._cached_at = 0.0
        self._cache_seconds = float(conf.get('arktos_cache_seconds', DEFAULT_CACHE_SECONDS))

    def _get_client(self) -> arktos_client.ArktosClient:
        if self._client is None:
            self._client = arktos_client.ArktosClient.from_conf(self.oslo_conf.arktos)
        return self._client

    def healthcheck(self, server_port):
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached_at >= self._cache_seconds:
                group = self.oslo_conf.arktos
                timeout = urllib3.Timeout(connect=min(group.connect_timeout, MAX_TIMEOUT),
                                          read=min(group.read_timeout, MAX_TIMEOUT))
                self._cached = probe(self._get_client(), timeout)
                self._cached_at = time.monotonic()
                if not self._cached[0]:
                    LOG.warning('Healthcheck: %s (%s)', self._cached[1], self._cached[2])
            available, reason, details = self._cached
        return pluginbase.HealthcheckResult(available=available, reason=reason,
                                            details=details)
