"""Reading the fields of an Arktos pod that may be missing or malformed."""

import datetime

import orjson

TIME_FORMAT = '%Y-%m-%dT%H:%M:%SZ'


def annotations(pod: dict) -> dict:
    return (pod.get('metadata') or {}).get('annotations') or {}


def labels(pod: dict) -> dict:
    return (pod.get('metadata') or {}).get('labels') or {}


def json_annotation(pod: dict, key: str, default):
    """The JSON value of annotation ``key``, or ``default`` when absent or not JSON."""
    raw = annotations(pod).get(key)
    if raw is None:
        return default
    try:
        return orjson.loads(raw)
    except ValueError:
        return default


def condition(status: dict, kind: str) -> dict:
    """The status condition of type ``kind`` (empty when there is none)."""
    for entry in status.get('conditions') or ():
        if entry.get('type') == kind:
            return entry
    return {}


def now() -> str:
    """The current time as Arktos writes timestamps."""
    return datetime.datetime.now(datetime.timezone.utc).strftime(TIME_FORMAT)


def age(timestamp: str, at: datetime.datetime | None = None) -> float:
    """Seconds from a ``YYYY-MM-DDTHH:MM:SSZ`` timestamp to ``at`` (default now);
    infinite when the timestamp is unreadable."""
    try:
        moment = datetime.datetime.strptime(timestamp, TIME_FORMAT)
    except (TypeError, ValueError):
        return float('inf')
    at = at or datetime.datetime.now(datetime.timezone.utc)
    return (at.replace(tzinfo=None) - moment).total_seconds()
