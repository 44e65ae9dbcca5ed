"""Fault injection for reliability tests (not an Arktos feature).

Knobs (JSON, ``GET``/``PUT``/``PATCH /_emulator/faults``; ``PUT`` replaces, ``PATCH`` merges):

``latency_ms``      sleep this long before answering (thread-safe, outside the store lock)
``error_rate``      share of requests answered with ``error_code`` (5xx: ``InternalError`` Status)
``error_code``      the injected error's HTTP code (default 500; 429 gives the throttle answer)
``throttle_rate``   share of requests answered like max-in-flight: plain-text 429, Retry-After: 1
``error_next`` / ``throttle_next``   answer exactly the next N requests so (deterministic tests)
``down``            refuse every request; ``down_for_seconds`` does so for a while only
``down_mode``       ``"503"`` (default: plain-text 503) or ``"close"`` (drop the connection)
``match``           only requests whose ``"METHOD /path"`` contains this substring are affected
"""

from __future__ import annotations

import random
import threading
import time

from translator.emulator.errors import ApiError, too_many_requests

DEFAULTS = {
    "latency_ms": 0,
    "error_rate": 0.0,
    "error_code": 500,
    "throttle_rate": 0.0,
    "error_next": 0,
    "throttle_next": 0,
    "down": False,
    "down_for_seconds": 0,
    "down_mode": "503",
    "match": "",
}
_TYPES = {
    "latency_ms": (int, float),
    "error_rate": (int, float),
    "error_code": int,
    "throttle_rate": (int, float),
    "error_next": int,
    "throttle_next": int,
    "down": bool,
    "down_for_seconds": (int, float),
    "down_mode": str,
    "match": str,
}
ERROR_REASONS = {500: "InternalError", 503: "ServiceUnavailable", 504: "Timeout"}


class ConnectionDrop(Exception):
    """The server should close the connection without answering."""


class Faults:
    def __init__(self, clock=time.time, rng=None):
        self.clock = clock
        self.rng = rng or random.Random()
        self.lock = threading.Lock()
        self.settings = dict(DEFAULTS)
        self.down_until = 0.0

    def view(self):
        with self.lock:
            out = dict(self.settings)
            out["down_for_seconds"] = max(0.0, round(self.down_until - self.clock(), 3))
            return out

    def configure(self, values: dict, replace=False):
        """Validate and apply knobs; ValueError names the bad one."""
        if not isinstance(values, dict):
            raise ValueError("faults must be a JSON object")
        for key, value in values.items():
            if key not in DEFAULTS:
                raise ValueError(f"unknown fault knob {key!r}")
            if isinstance(value, bool) and _TYPES[key] is not bool:
                raise ValueError(f"bad value for {key!r}")
            if not isinstance(value, _TYPES[key]):
                raise ValueError(f"bad value for {key!r}")
        if values.get("down_mode", "503") not in ("503", "close"):
            raise ValueError("down_mode must be '503' or 'close'")
        with self.lock:
            if replace:
                self.settings = dict(DEFAULTS)
                self.down_until = 0.0
            self.settings.update(values)
            if values.get("down_for_seconds"):
                self.down_until = self.clock() + values["down_for_seconds"]
            self.settings["down_for_seconds"] = 0

    def check(self, method, path):
        """Raise the injected failure for this request, if any; sleep the injected latency."""
        with self.lock:
            s = self.settings
            if s["match"] and s["match"] not in f"{method} {path}":
                return
            down = s["down"] or self.clock() < self.down_until
            latency = s["latency_ms"]
            failure = None
            if not down:
                if s["throttle_next"] > 0:
                    s["throttle_next"] -= 1
                    failure = too_many_requests()
                elif s["error_next"] > 0:
                    s["error_next"] -= 1
                    failure = self._error(s["error_code"])
                elif s["throttle_rate"] and self.rng.random() < s["throttle_rate"]:
                    failure = too_many_requests()
                elif s["error_rate"] and self.rng.random() < s["error_rate"]:
                    failure = self._error(s["error_code"])
            mode = s["down_mode"]
        if down:
            if mode == "close":
                raise ConnectionDrop()
            raise ApiError(503, "Service Unavailable\n", plain=True)
        if latency:
            time.sleep(latency / 1000.0)
        if failure is not None:
            raise failure

    @staticmethod
    def _error(code):
        if code == 429:
            return too_many_requests()
        reason = ERROR_REASONS.get(code, "InternalError")
        message = "Internal error occurred: injected fault"
        return ApiError(code, message, reason, {"causes": [{"message": "injected fault"}]})
