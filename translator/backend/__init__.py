"""Compute backends. The service has one: Arktos (or its emulator), over HTTP."""

from translator.backend.base import Driver


def load_driver(conf) -> Driver:
    from translator.backend.arktos.driver import ArktosDriver

    return ArktosDriver(conf)
