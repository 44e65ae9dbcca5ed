"""Compute backends. The service has one: Arktos (or its emulator), over HTTP."""

import threading

from translator.backend.base import Driver

_DRIVERS: dict = {}
_LOCK = threading.Lock()


def load_driver(conf) -> Driver:
    """The process's driver for ``conf``, shared by the compute and image APIs (one
    connection pool)."""
    from translator.backend.arktos.driver import ArktosDriver

    with _LOCK:
        if id(conf) not in _DRIVERS:
            _DRIVERS[id(conf)] = ArktosDriver(conf)
        return _DRIVERS[id(conf)]
