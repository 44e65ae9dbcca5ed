"""Compute backends: the driver of ``[api] compute_driver`` (Arktos or its emulator,
over HTTP)."""

import importlib
import threading

from translator.backend.base import Driver

_DRIVERS: dict = {}
_LOCK = threading.Lock()


def driver_class(reference: str) -> type[Driver]:
    """The ``Driver`` subclass ``module:class`` names."""
    module, _, name = reference.partition(':')
    found = getattr(importlib.import_module(module), name, None) if name else None
    if not (isinstance(found, type) and issubclass(found, Driver)):
        raise ValueError(f'[api] compute_driver: {reference!r} is not module:class of a '
                         'translator.backend.base.Driver')
    return found


def load_driver(conf) -> Driver:
    """The process's driver for ``conf``, shared by the compute and image APIs (one
    connection pool)."""
    with _LOCK:
        if id(conf) not in _DRIVERS:
            _DRIVERS[id(conf)] = driver_class(conf.api.compute_driver)(conf)
        return _DRIVERS[id(conf)]


def reset() -> None:
    """Forget the drivers loaded so far: the next application loaded builds its own
    (tests load it again with another configuration)."""
    with _LOCK:
        _DRIVERS.clear()
