"""Concurrent Arktos calls under a deadline, and which pods of an unfinished create the
conductor deletes."""

import threading
import time

import pytest

from translator import exception
from translator.backend.arktos import batch, names
from translator.conductor import reconciler


def test_results_by_index_and_errors():
    def fail():
        raise exception.BackendUnavailable(reason='down')
    results, errors = batch.run([lambda: 'a', fail, lambda: 'c'], 2, batch.Deadline(5))
    assert results == {0: 'a', 2: 'c'}
    assert [type(e) for e in errors] == [exception.BackendUnavailable]


def test_calls_run_concurrently_and_the_deadline_bounds_the_wait():
    release = threading.Event()
    started = time.monotonic()
    results, errors = batch.run([release.wait] * 4, 4, batch.Deadline(0.3))
    assert time.monotonic() - started < 1
    assert results == {}
    assert len(errors) == 4 and all(e.code == 503 for e in errors)
    release.set()


def test_calls_not_started_are_dropped_once_too_many_failed():
    ran = []

    def fail():
        ran.append(True)
        time.sleep(0.05)
        raise ValueError('no')
    results, errors = batch.run([fail] * 10, 1, batch.Deadline(5), max_failures=1)
    # The call running when the second failure is seen still ends; no more start.
    assert results == {} and 2 <= len(errors) == len(ran) <= 3


def test_late_calls_still_run_when_asked():
    done = threading.Event()
    gate = threading.Event()

    def slow():
        gate.wait()
        done.set()
    batch.run([slow, slow], 1, batch.Deadline(0.1), finish_late=True)
    gate.set()
    assert done.wait(5)


def _pod(committed: bool, min_count: int = 3) -> dict:
    labels = {names.LABEL_RESERVATION: 'r-1'}
    if not committed:
        labels[names.LABEL_UNCOMMITTED] = 'true'
    return {'metadata': {'labels': labels,
                         'annotations': {names.ANN_MIN_COUNT: str(min_count)}}}


@pytest.mark.parametrize('committed,uncommitted,doomed', [
    (0, 2, 2),   # never reached min_count: every pod goes
    (2, 2, 4),   # committed fewer than min_count (3): the create failed, all go
    (3, 1, 1),   # min_count committed (the create answered them): only the others go
    (3, 0, 0),
])
def test_doomed_pods(committed, uncommitted, doomed):
    members = [_pod(True) for _ in range(committed)] + \
        [_pod(False) for _ in range(uncommitted)]
    assert len(reconciler.doomed_pods(members)) == doomed
