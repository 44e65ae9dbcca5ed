"""Compute backends. The service has one: Arktos (or its emulator), over HTTP."""

import functools

from translator.backend.base import Driver


@functools.cache
def load_driver(conf) -> Driver:
    """The process's driver, shared by the compute and image APIs (one connection pool)."""
    from translator.backend.arktos.driver import ArktosDriver

    return ArktosDriver(conf)
