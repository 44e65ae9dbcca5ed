"""A list + watch of one Arktos collection, kept in memory (Kubernetes' informer).

Lists the collection (in chunks), then watches from the list's resourceVersion,
resuming each watch where the last one stopped; a resourceVersion too old to resume
from (410) or a failure means listing again. Survives Arktos restarts: while Arktos
does not answer it retries with a growing pause.
"""

import threading

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import client as arktos_client

LOG = logging.getLogger(__name__)

_LIST_CHUNK = 500
_MAX_PAUSE = 10.0


def object_key(item: dict) -> tuple:
    metadata = item.get('metadata') or {}
    return metadata.get('tenant', ''), metadata.get('namespace', ''), metadata.get('name', '')


class Informer:
    """The objects of ``path`` matching ``params`` (selectors), kept current; calls
    ``on_change()`` after every change it sees."""

    def __init__(self, client: arktos_client.ArktosClient, path: str, params: dict,
                 on_change, watch_timeout: int):
        self.client = client
        self.path = path
        self.params = params
        self.on_change = on_change
        self.watch_timeout = watch_timeout
        self._objects: dict = {}
        self._lock = threading.Lock()
        self.synced = threading.Event()

    def snapshot(self) -> list[dict]:
        """The objects as last seen."""
        with self._lock:
            return list(self._objects.values())

    def run(self, stop: threading.Event) -> None:
        """List and watch until ``stop`` is set."""
        pause = 0.5
        while not stop.is_set():
            try:
                resource_version = self._list()
                pause = 0.5
                while not stop.is_set():
                    resource_version = self._watch(resource_version)
            except arktos_client.ArktosExpired:
                LOG.info('Watch of %s expired; listing again', self.path)
            except exception.TranslatorException as e:
                LOG.warning('Watch of %s failed (%s); listing again in %.1f s',
                            self.path, e, pause)
                stop.wait(pause)
                pause = min(_MAX_PAUSE, pause * 2)

    def _list(self) -> str:
        objects, params = {}, {**self.params, 'limit': _LIST_CHUNK}
        while True:
            page = self.client.get(self.path, params=params)
            for item in page.get('items') or ():
                objects[object_key(item)] = item
            metadata = page.get('metadata') or {}
            if not metadata.get('continue'):
                break
            params = {**params, 'continue': metadata['continue']}
        with self._lock:
            self._objects = objects
        self.synced.set()
        self.on_change()
        return metadata.get('resourceVersion', '')

    def _watch(self, resource_version: str) -> str:
        """Apply the events of one watch; the resourceVersion to resume from."""
        params = {**self.params, 'resourceVersion': resource_version,
                  'allowWatchBookmarks': 'true'}
        for event in self.client.watch(self.path, params, self.watch_timeout):
            kind, item = event.get('type'), event.get('object') or {}
            if kind == 'ERROR':
                if item.get('code') == 410:
                    raise arktos_client.ArktosExpired(item)
                raise arktos_client.ArktosFailure(item)
            resource_version = (item.get('metadata') or {}).get('resourceVersion',
                                                                  resource_version)
            if kind == 'BOOKMARK':
                continue
            with self._lock:
                if kind == 'DELETED':
                    self._objects.pop(object_key(item), None)
                else:
                    self._objects[object_key(item)] = item
            self.on_change()
        return resource_version
