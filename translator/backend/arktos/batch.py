"""Arktos calls run concurrently under one deadline.

A call still running at the deadline is not waited for: it goes on in the background (it
ends within the client's own timeouts) and counts as failed.
"""

import concurrent.futures
import time

from translator import exception


class Deadline:

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())


def late() -> exception.BackendUnavailable:
    return exception.BackendUnavailable(reason='not answering within the request\'s time')


def run(calls: list, workers: int, deadline: Deadline, max_failures: int | None = None,
        finish_late: bool = False) -> tuple[dict, list]:
    """Run ``calls`` (no arguments each) ``workers`` at a time: their results by index,
    and the errors. Once more than ``max_failures`` failed the calls not started yet are
    not run; at the deadline neither are they, unless ``finish_late``."""
    results: dict = {}
    errors: list = []
    if not calls:
        return results, errors
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(workers, len(calls)))
    futures = {pool.submit(call): index for index, call in enumerate(calls)}
    try:
        for future in concurrent.futures.as_completed(futures, timeout=deadline.remaining()):
            if future.cancelled():
                continue
            try:
                results[futures[future]] = future.result()
            except Exception as e:  # every failure is the caller's to judge
                errors.append(e)
                if max_failures is not None and len(errors) > max_failures:
                    for pending in futures:
                        pending.cancel()
    except concurrent.futures.TimeoutError:
        errors += [late() for future in futures if not future.done()]
    finally:
        pool.shutdown(wait=False, cancel_futures=not finish_late)
    return results, errors
