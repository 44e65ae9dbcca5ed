"""Every driver method the API layer calls is declared by ``backend.base.Driver``."""

import ast
import inspect
import pathlib

from translator.backend import base
from translator.backend.arktos import driver

ROOT = pathlib.Path(__file__).resolve().parents[2] / 'translator'


def _is_driver(node: ast.expr) -> bool:
    """``driver``, ``req.driver``, ``common.driver(req)``: how handlers name the driver."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id == 'driver'
    return isinstance(node, ast.Attribute) and node.attr == 'driver'


def _driver_calls() -> dict:
    calls = {}
    for package in ('api', 'image'):
        for path in (ROOT / package).rglob('*.py'):
            for node in ast.walk(ast.parse(path.read_text())):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and
                        _is_driver(node.func.value)):
                    calls.setdefault(node.func.attr, set()).add(path.name)
    return calls


def test_handlers_call_only_declared_methods():
    calls = _driver_calls()
    assert len(calls) > 20  # the scan finds the handlers' calls
    undeclared = {name: files for name, files in calls.items()
                  if name not in base.Driver.__abstractmethods__}
    assert not undeclared


def test_arktos_driver_implements_the_declared_signatures():
    for name in base.Driver.__abstractmethods__:
        declared = inspect.signature(getattr(base.Driver, name))
        implemented = inspect.signature(getattr(driver.ArktosDriver, name))
        assert list(declared.parameters) == list(implemented.parameters), name
