"""Watches (``?watch=1``): newline-delimited JSON events, as the apiserver's watch cache sends.

A watch from ``resourceVersion`` unset or ``0`` starts with an ``ADDED`` event for every
object that matches, then streams every later change; a watch from a resourceVersion
resumes after it, or answers one ``ERROR`` event with a 410 ``Expired`` Status when that
resourceVersion has left the store's event window.  Selectors are applied to the object
before and after each change, so an object that starts matching is ``ADDED`` and one that
stops matching is ``DELETED`` (its previous state at the new resourceVersion).  The stream
ends after ``timeoutSeconds``.

While it waits, a watch applies the store's due lifecycle steps at their due time, so VMs
boot, stop and finish actions with no other request arriving.
"""

from __future__ import annotations

import json
import threading
import time

from translator.emulator.errors import ApiError
from translator.emulator.resources import RESOURCES
from translator.emulator.selectors import match_fields
from translator.emulator.store import Store, dumps

DEFAULT_TIMEOUT = 1800  # the apiserver's --min-request-timeout
BOOKMARK_INTERVAL = 60.0


class Watch:
    """One watch stream: iterate it for the lines of the response body."""

    def __init__(
        self,
        store: Store,
        resource: str,
        scope: tuple,
        labels,
        fields,
        since: str,
        timeout: float,
        bookmarks: bool,
        clock=time.time,
        stopping: threading.Event | None = None,
    ):
        self.store, self.resource, self.scope = store, resource, scope
        self.res = RESOURCES[resource]
        self.labels, self.fields = labels, fields
        self.since, self.timeout, self.bookmarks = since, timeout, bookmarks
        self.clock = clock
        self.stopping = stopping or threading.Event()
        self._head = b'{"kind":"%s","apiVersion":"%s",' % (
            self.res.kind.encode(),
            self.res.api_version.encode(),
        )

    # --- matching ----------------------------------------------------------------------------

    def _matches(self, obj) -> bool:
        if self.labels is not None and not self.labels(obj["metadata"].get("labels")):
            return False
        return not self.fields or match_fields(self.fields, self.res.fields(obj))

    def _line(self, type_: str, raw: bytes) -> bytes:
        return b'{"type":"%s","object":%s%s}\n' % (type_.encode(), self._head, raw[1:])

    def _event_line(self, event) -> bytes | None:
        if event.resource != self.resource or event.scope[: len(self.scope)] != self.scope:
            return None
        new = json.loads(event.new)
        now_matches = event.type != "DELETED" and self._matches(new)
        old = json.loads(event.old) if event.old is not None else None
        was_matching = old is not None and self._matches(old)
        if event.type == "DELETED":
            return self._line("DELETED", event.new) if was_matching else None
        if now_matches:
            return self._line("MODIFIED" if was_matching else "ADDED", event.new)
        if was_matching:
            # Leaving the selection: the previous state at this change's resourceVersion.
            old["metadata"]["resourceVersion"] = str(event.rv)
            return self._line("DELETED", dumps(old))
        return None

    # --- the stream --------------------------------------------------------------------------

    def _start(self) -> tuple[list[bytes], int]:
        """The first lines and the resourceVersion to stream from (under the lock)."""
        store = self.store
        if self.since in ("", "0"):
            items, _ = store.list(self.resource, self.scope, self.labels, self.fields)
            return [self._line("ADDED", raw) for raw in items], store.rv
        try:
            cursor = int(self.since)
        except ValueError:
            raise ApiError(
                400, f'strconv.ParseUint: parsing "{self.since}": invalid syntax', "BadRequest"
            ) from None
        if cursor < store.compacted:
            return [self._expired(cursor)], -1
        return [], cursor

    def _expired(self, cursor: int) -> bytes:
        status = ApiError(
            410,
            f"too old resource version: {cursor} ({self.store.compacted + 1})",
            "Expired",
        ).status()
        return b'{"type":"ERROR","object":%s}\n' % dumps(status)

    def __iter__(self):
        store = self.store
        deadline = self.clock() + self.timeout
        with store.lock:
            store.advance(self.clock())
            lines, cursor = self._start()
            store.watchers += 1
        try:
            yield b""  # the status line and headers go out now, as the apiserver flushes them
            yield from lines
            if cursor >= 0:
                yield from self._follow(cursor, deadline)
        finally:
            with store.lock:
                store.watchers -= 1

    def _follow(self, cursor: int, deadline: float):
        store = self.store
        bookmark_at = self.clock() + BOOKMARK_INTERVAL
        while not self.stopping.is_set():
            lines, events = None, ()
            with store.lock:
                now = self.clock()
                store.advance(now)
                if cursor < store.compacted:
                    lines, cursor = [self._expired(cursor)], -1
                elif events := store.events_since(cursor):
                    cursor = events[-1].rv
                elif now >= deadline:
                    return
                elif self.bookmarks and now >= bookmark_at:
                    cursor, bookmark_at = store.rv, now + BOOKMARK_INTERVAL
                    lines = [self._bookmark(cursor)]
                else:
                    due = store.next_due()
                    wake = min(deadline, bookmark_at, due if due is not None else deadline)
                    store.changed.wait(max(0.0, min(wake - now, 1.0)))
            for event in events:  # parsed outside the lock: events never change
                if line := self._event_line(event):
                    yield line
            if lines:
                yield from lines
            if cursor < 0:
                return

    def _bookmark(self, rv: int) -> bytes:
        meta = dumps({"resourceVersion": str(rv)})
        return b'{"type":"BOOKMARK","object":%s"metadata":%s}}\n' % (self._head, meta)
