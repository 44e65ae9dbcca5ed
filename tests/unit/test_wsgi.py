"""Worker start-up: the garbage-collector tuning of ``[api] gc_threshold``."""

import gc

import pytest

from translator import wsgi


@pytest.fixture
def restored_gc():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_threshold_freezes_the_loaded_objects_and_sets_the_youngest_generation(restored_gc):
    older = gc.get_threshold()[1:]
    wsgi.tune_garbage_collector(100000)
    assert gc.get_threshold() == (100000, *older)
    assert gc.get_freeze_count() > 0


def test_zero_leaves_the_collector_alone(restored_gc):
    before = gc.get_threshold()
    wsgi.tune_garbage_collector(0)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
