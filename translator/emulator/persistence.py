"""Optional state file: loaded at start, saved atomically (temp file + rename) when dirty."""

from __future__ import annotations

import logging
import os
import tempfile
import threading

LOG = logging.getLogger(__name__)


class StateFile:
    def __init__(self, path, store, clock, interval=1.0):
        self.path, self.store, self.clock, self.interval = path, store, clock, interval
        self._stop = threading.Event()
        self._thread = None

    def load(self):
        """Load the file if it exists; returns whether it did."""
        if not os.path.exists(self.path):
            return False
        with open(self.path, "rb") as f:
            data = f.read()
        with self.store.lock:
            self.store.load(data, self.clock())
        LOG.info("loaded state from %s", self.path)
        return True

    def save(self, force=False):
        with self.store.lock:
            if not (self.store.dirty or force):
                return False
            data = self.store.dump()
            self.store.dirty = False
        directory = os.path.dirname(os.path.abspath(self.path))
        fd, tmp = tempfile.mkstemp(prefix=".emulator-state-", dir=directory)
        try:
            os.chmod(tmp, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self.path)
        except BaseException:
            os.unlink(tmp)
            raise
        return True

    def start(self):
        """Save at most once per ``interval`` seconds after a change, in a daemon thread."""
        self._thread = threading.Thread(target=self._run, name="emulator-autosave", daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.wait(self.interval):
            try:
                self.save()
            except OSError:
                LOG.exception("saving %s failed", self.path)

    def stop(self):
        """Stop the autosave thread and write a final copy."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.save(force=True)
