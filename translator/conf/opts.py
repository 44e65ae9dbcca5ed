"""Entry point for oslo-config-generator: every option group of the service."""

import importlib
import pkgutil

import translator.conf


def _group_modules():
    for info in pkgutil.iter_modules(translator.conf.__path__):
        if info.name != 'opts':
            yield importlib.import_module(f'translator.conf.{info.name}')


def list_opts() -> list:
    """Merge ``list_opts()`` of every module in this package."""
    merged = {}
    for module in _group_modules():
        for group, opts in module.list_opts().items():
            merged.setdefault(group, []).extend(opts)
    return sorted(merged.items(), key=lambda item: item[0].name)
