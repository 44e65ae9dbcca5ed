"""The conductor's threads: the pod informer, and the loop that reconciles and renews."""

import threading
import time

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import catalog_store, names, tenancy
from translator.backend.arktos import client as arktos_client
from translator.conductor import informer, lease, reconciler

LOG = logging.getLogger(__name__)


class Conductor:

    def __init__(self, conf):
        group = conf.conductor
        self.interval = group.interval
        self.sweep_interval = group.sweep_interval
        self.client = arktos_client.ArktosClient.from_conf(conf.arktos)
        catalog = catalog_store.CatalogStore.from_conf(self.client, conf)
        self.reconciler = reconciler.Reconciler(self.client, catalog, group.task_timeout,
                                                group.batch_timeout)
        self.heartbeat = lease.Heartbeat(self.client, catalog.provisioner, catalog.namespace,
                                         group.host, group.lease_duration)
        self._changed = threading.Event()
        self.pods = informer.Informer(self.client, tenancy.every_tenant('pods'),
                                      {'labelSelector': names.TASK_SELECTOR},
                                      self._changed.set, group.watch_timeout)

    def run(self, stop: threading.Event) -> None:
        """Reconcile until ``stop`` is set; then release the Lease."""
        watcher = threading.Thread(target=self.pods.run, args=(stop,), name='pod-informer',
                                   daemon=True)
        watcher.start()
        renew_every = self.heartbeat.duration / 3
        renewed = swept = float('-inf')
        while not stop.is_set():
            now = time.monotonic()
            if now - renewed >= renew_every:
                renewed = self._renew(now, renewed)
            if self.pods.synced.is_set():
                pods = self.pods.snapshot()
                self.reconciler.reconcile(pods)
                if now - swept >= self.sweep_interval:
                    swept = now
                    self._sweep(pods)
            self._changed.wait(self.interval)
            self._changed.clear()
        # The informer (a daemon thread) may sit in a watch until Arktos ends it: not
        # waited for.
        try:
            self.heartbeat.release()
        except exception.TranslatorException as e:
            LOG.warning('Could not release Lease %s: %s', self.heartbeat.name, e)

    def _renew(self, now: float, renewed: float) -> float:
        try:
            self.heartbeat.renew()
        except exception.TranslatorException as e:
            LOG.warning('Could not renew Lease %s: %s', self.heartbeat.name, e)
            return renewed
        return now

    def _sweep(self, pods: list) -> None:
        try:
            self.reconciler.sweep_images(pods)
        except exception.TranslatorException as e:
            LOG.warning('Could not sweep snapshot images: %s', e)
        try:
            self.reconciler.sweep_batches()
        except exception.TranslatorException as e:
            LOG.warning('Could not sweep unfinished server creates: %s', e)
