"""Every driver method the API layer calls is declared by ``backend.base.Driver``, and the
drivers (Arktos's, the tests' in-memory one) implement each."""

import ast
import inspect
import pathlib

import pytest

from tests.unit import fake_driver
from translator import backend
from translator.backend import base
from translator.backend.arktos import driver
from translator.conf import api as api_conf

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


def _own_methods(cls) -> dict:
    """The methods ``cls`` gets from somewhere other than ``base.Driver``."""
    return {name: getattr(cls, name) for name in base.Driver.__abstractmethods__
            if getattr(cls, name) is not getattr(base.Driver, name)}


def test_the_fake_driver_implements_every_declared_method():
    implemented = _own_methods(fake_driver.FakeDriver)
    assert set(implemented) == set(base.Driver.__abstractmethods__)
    assert not fake_driver.FakeDriver.__abstractmethods__
    for name, method in implemented.items():
        declared = inspect.signature(getattr(base.Driver, name))
        assert list(declared.parameters) == list(inspect.signature(method).parameters), name


def _default(name: str) -> str:
    return next(opt.default for opt in api_conf.api_opts if opt.name == name)


def test_compute_driver_names_the_class_to_load():
    assert backend.driver_class('tests.unit.fake_driver:FakeDriver') is \
        fake_driver.FakeDriver
    assert backend.driver_class(_default('compute_driver')) is driver.ArktosDriver
    for reference in ('translator.backend.models:Server', 'translator.backend.arktos.driver',
                      'translator.backend.arktos.driver:Missing'):
        with pytest.raises(ValueError, match='compute_driver'):
            backend.driver_class(reference)
