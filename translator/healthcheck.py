"""oslo.middleware healthcheck backends ``arktos`` (does Arktos answer?) and
``conductor`` (does a ``translator-conductor`` renew its Lease?).

Registered in the ``oslo.middleware.healthcheck`` namespace and enabled in
``api-paste.ini`` (``[app:healthcheck] backends = disable_by_file,arktos,conductor``).
``arktos`` GETs Arktos's ``/healthz`` with the service's own ``[arktos]`` URL, credentials
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
from translator import exception
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import tenancy
from translator.conductor import lease

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


class _CachedHealthcheck(pluginbase.HealthcheckBaseExtension):
    """A check of Arktos whose answer is reused for ``arktos_cache_seconds``."""

    def __init__(self, oslo_conf, conf):
        super().__init__(oslo_conf, conf)
        self._lock = threading.Lock()
        self._client = None
        self._cached = None
        self._cached_at = 0.0
        self._cache_seconds = float(conf.get('arktos_cache_seconds', DEFAULT_CACHE_SECONDS))

    def _get_client(self) -> arktos_client.ArktosClient:
        if self._client is None:
            group = self.oslo_conf.arktos
            self._client = arktos_client.ArktosClient.from_conf(group)
            # Probes are short and never retried.
            self._client.timeout = urllib3.Timeout(
                connect=min(group.connect_timeout, MAX_TIMEOUT),
                read=min(group.read_timeout, MAX_TIMEOUT))
            self._client.max_retries = 0
        return self._client

    def _check(self) -> tuple[bool, str, str]:
        """``(available, reason, details)``."""
        raise NotImplementedError

    def healthcheck(self, server_port):
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached_at >= self._cache_seconds:
                self._cached = self._check()
                self._cached_at = time.monotonic()
                if not self._cached[0]:
                    LOG.warning('Healthcheck: %s (%s)', self._cached[1], self._cached[2])
            available, reason, details = self._cached
        return pluginbase.HealthcheckResult(available=available, reason=reason,
                                            details=details)


class ArktosHealthcheck(_CachedHealthcheck):
    """Healthy when Arktos's ``/healthz`` answers 200."""

    def _check(self) -> tuple[bool, str, str]:
        client = self._get_client()
        return probe(client, client.timeout)


class ConductorHealthcheck(_CachedHealthcheck):
    """Healthy while some ``translator-conductor`` renews its Lease."""

    def _check(self) -> tuple[bool, str, str]:
        namespace = tenancy.Namespace(self.oslo_conf.catalog.tenant,
                                      self.oslo_conf.catalog.namespace)
        try:
            hosts = lease.live_conductors(self._get_client(), namespace)
        except exception.TranslatorException as e:
            return False, 'Conductor leases cannot be read', f'{namespace.leases()}: {e}'
        if not hosts:
            return (False, 'No translator-conductor has renewed its lease lately',
                    f'{namespace.leases()}: no valid lease')
        return True, 'A translator-conductor runs', f'conductors: {", ".join(hosts)}'
