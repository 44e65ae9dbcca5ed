"""Image data in glance_store, Glance's own storage library.

New data goes to the store of ``[glance_store] default_store`` (the ``file`` store in
``filesystem_store_datadir`` unless configured otherwise); what is stored is read
and deleted through the store of its location's scheme, among ``[glance_store]
stores``. glance_store's module-level registry is left alone: every application
builds its stores from its own configuration (tests load several).

The stores compute the size, md5 checksum and ``os_hash_value`` while the data
streams through, and remove what they wrote when the stream fails.
"""

import contextlib
import dataclasses
import threading
from collections.abc import Iterator

from glance_store import backend, exceptions, location

# Glance's default ``hashing_algorithm``: what ``os_hash_algo`` says.
HASH_ALGO = 'sha512'


@dataclasses.dataclass(frozen=True)
class Stored:
    """Where the store put an image's data, and what it measured on the way."""

    location: str
    size: int
    checksum: str
    os_hash_value: str


class ImageStore:
    """The stores of one configuration, loaded on first use."""

    def __init__(self, conf):
        self.conf = conf
        self._lock = threading.Lock()
        self._by_scheme: dict | None = None

    def _stores(self) -> dict:
        with self._lock:
            if self._by_scheme is None:
                by_scheme = {}
                for entry in self.conf.glance_store.stores:
                    store = backend._load_store(self.conf, entry)
                    if store is None:
                        continue
                    store.configure(re_raise_bsc=False)
                    by_scheme.update((scheme, store) for scheme in store.get_schemes())
                self._by_scheme = by_scheme
            return self._by_scheme

    def _store(self, scheme: str):
        store = self._stores().get(scheme)
        if store is None:
            raise exceptions.UnknownScheme(scheme=scheme)
        return store

    def _location(self, uri: str):
        scheme = uri.partition('://')[0]
        store = self._store(scheme)
        return store, location.Location(scheme, store.get_store_location_class(),
                                        self.conf, uri=uri)

    @property
    def scheme(self) -> str:
        """The scheme new data is stored under (the store ``/v2/info/stores`` names)."""
        return self.conf.glance_store.default_store

    def add(self, image_id: str, data, size: int) -> Stored:
        """Store ``data`` (a file-like object; ``size`` 0 when unknown)."""
        store = self._store(self.scheme)
        uri, written, checksum, os_hash_value, _ = store.add(image_id, data, size, HASH_ALGO)
        return Stored(uri, written, checksum, os_hash_value)

    def get(self, uri: str, offset: int = 0, length: int | None = None) -> Iterator[bytes]:
        """The data at ``uri`` from ``offset``, ``length`` bytes of it (all without)."""
        store, loc = self._location(uri)
        chunks, _ = store.get(loc, offset=offset, chunk_size=length)
        return chunks

    def delete(self, uri: str) -> None:
        """Delete the data at ``uri``; data already gone is no error."""
        store, loc = self._location(uri)
        with contextlib.suppress(exceptions.NotFound):
            store.delete(loc)


# Where the image application puts its ``ImageStore`` in a request's environment.
STORE_KEY = 'translator.image_store'


def of(req) -> ImageStore:
    """The image store of the application serving ``req``."""
    return req.environ[STORE_KEY]
