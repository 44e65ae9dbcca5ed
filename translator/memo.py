"""A bounded memo of computed values."""

import collections.abc


class BoundedMemo:
    """Values computed once per key; when ``size`` keys are held, all are forgotten
    (cheaper than LRU bookkeeping, and forgotten values are simply computed again).
    Safe to share between threads: at worst a value is computed twice."""

    def __init__(self, size: int):
        self._size = size
        self._values: dict = {}

    def get(self, key: collections.abc.Hashable, compute: collections.abc.Callable):
        try:
            return self._values[key]
        except KeyError:
            pass
        value = compute()
        if len(self._values) >= self._size:
            self._values.clear()
        self._values[key] = value
        return value

    def clear(self) -> None:
        self._values.clear()
