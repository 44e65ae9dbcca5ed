"""Arktos error bodies: ``metav1.Status`` JSON and field errors as the apiserver writes them."""

from __future__ import annotations

import json

from translator.emulator.resources import RESOURCES

STATUS_REASON = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "AlreadyExists",
    410: "Expired",
    415: "UnsupportedMediaType",
    422: "Invalid",
    429: "TooManyRequests",
    500: "InternalError",
    503: "ServiceUnavailable",
    504: "Timeout",
}


class ApiError(Exception):
    """An error answered as a ``metav1.Status`` body (or plain text when ``plain`` is set)."""

    def __init__(self, code, message, reason=None, details=None, plain=False, headers=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason
        self.details = details
        self.plain = plain
        self.headers = headers or []

    def body(self) -> bytes:
        if self.plain:
            return self.message.encode()
        return json.dumps(self.status(), separators=(",", ":")).encode()

    def status(self) -> dict:
        st = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure"}
        if self.message:
            st["message"] = self.message
        if self.reason:
            st["reason"] = self.reason
        if self.details is not None:
            st["details"] = self.details
        st["code"] = self.code
        return st


def bad_request(message):
    return ApiError(400, message, "BadRequest")


def _subject(resource, name):
    """How errors name a resource (``leases.coordination.k8s.io`` outside the core group)
    and their ``details``."""
    res = RESOURCES.get(resource)
    if res is None or not res.group:
        return resource, {"name": name, "kind": resource}
    return f"{resource}.{res.group}", {"name": name, "group": res.group, "kind": resource}


def not_found(resource, name):
    subject, details = _subject(resource, name)
    return ApiError(404, f'{subject} "{name}" not found', "NotFound", details)


def no_route():
    return ApiError(404, "the server could not find the requested resource", "NotFound", {})


def already_exists(resource, name):
    subject, details = _subject(resource, name)
    return ApiError(409, f'{subject} "{name}" already exists', "AlreadyExists", details)


def conflict(resource, name):
    subject, details = _subject(resource, name)
    msg = (
        f'Operation cannot be fulfilled on {subject} "{name}": the object has been modified; '
        "please apply your changes to the latest version and try again"
    )
    return ApiError(409, msg, "Conflict", details)


def precondition_failed(kind, name, detail):
    """A DELETE whose preconditions do not match: named by the object's kind, as real."""
    return ApiError(
        409,
        f'Operation cannot be fulfilled on {kind} "{name}": {detail}',
        "Conflict",
        {"name": name, "kind": kind},
    )


def forbidden(resource, name, detail):
    prefix = f'{resource} "{name}"' if name else resource
    details = {"name": name, "kind": resource} if name else {"kind": resource}
    return ApiError(403, f"{prefix} is forbidden: {detail}", "Forbidden", details)


def method_not_allowed():
    msg = "the server does not allow this method on the requested resource"
    return ApiError(405, msg, "MethodNotAllowed", {})


def unauthorized():
    return ApiError(401, "Unauthorized", "Unauthorized")


def unsupported_media_type(message="415: Unsupported Media Type", details=None):
    return ApiError(415, message, "UnsupportedMediaType", details)


def internal(message, reason="InternalError"):
    return ApiError(500, message, reason, {"causes": [{"message": message}]} if reason else None)


def too_many_requests():
    """Max-in-flight rejection: plain text, not a Status (arktos-api.md 6.2)."""
    return ApiError(
        429,
        "Too many requests, please try again later.\n",
        plain=True,
        headers=[("Retry-After", "1")],
    )


class FieldError:
    """One ``field.Error``: renders like k8s.io/apimachinery/pkg/util/validation/field."""

    TYPES = {
        "FieldValueRequired": "Required value",
        "FieldValueInvalid": "Invalid value",
        "FieldValueNotSupported": "Unsupported value",
        "FieldValueForbidden": "Forbidden",
        "FieldValueTooLong": "Too long",
        "FieldValueDuplicate": "Duplicate value",
    }
    WITH_VALUE = ("FieldValueInvalid", "FieldValueNotSupported", "FieldValueDuplicate")

    def __init__(self, reason, field, detail="", value=None):
        self.reason, self.field, self.detail, self.value = reason, field, detail, value

    def body(self) -> str:
        parts = self.TYPES[self.reason]
        if self.reason in self.WITH_VALUE:
            value = self.value
            if isinstance(value, bool):
                shown = str(value).lower()
            elif isinstance(value, (int, float)):
                shown = str(value)
            else:
                shown = json.dumps(value)
            parts += f": {shown}"
        if self.detail:
            parts += f": {self.detail}"
        return parts

    def __str__(self):
        return f"{self.field}: {self.body()}"


def required(field, detail=""):
    return FieldError("FieldValueRequired", field, detail)


def invalid(field, value, detail):
    return FieldError("FieldValueInvalid", field, detail, value)


def not_supported(field, value, allowed):
    detail = "supported values: " + ", ".join(json.dumps(a) for a in allowed)
    return FieldError("FieldValueNotSupported", field, detail, value)


def forbidden_field(field, detail):
    return FieldError("FieldValueForbidden", field, detail)


def too_long(field, limit):
    return FieldError("FieldValueTooLong", field, f"must have at most {limit} characters")


def invalid_object(kind, name, errors, group=""):
    """422 ``Invalid`` Status for a list of FieldErrors, message as ErrorList.ToAggregate."""
    texts = []
    for err in errors:
        if str(err) not in texts:
            texts.append(str(err))
    summary = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
    causes = [{"reason": e.reason, "message": e.body(), "field": e.field} for e in errors]
    details = {"name": name} if name else {}
    if group:
        details["group"] = group
    qualified = f"{kind}.{group}" if group else kind
    return ApiError(
        422,
        f'{qualified} "{name}" is invalid: {summary}',
        "Invalid",
        dict(details, kind=kind, causes=causes),
    )


def go_json_syntax_error(raw: bytes, exc: ValueError) -> str:
    """Go's encoding/json text for a syntax error Python's json module raised (approximate)."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
    pos = getattr(exc, "pos", None)
    msg = getattr(exc, "msg", "")
    if pos is None or pos >= len(text) or not text.strip():
        return "unexpected end of JSON input"
    char = text[pos]
    quoted = "'\\''" if char == "'" else f"'{char}'"
    if msg.startswith("Expecting property name"):
        where = "looking for beginning of object key string"
    elif msg.startswith("Expecting ':'"):
        where = "after object key"
    elif msg.startswith("Expecting ','"):
        where = (
            "after array element"
            if _innermost_open(text[:pos]) == "["
            else ("after object key:value pair")
        )
    elif msg.startswith("Extra data"):
        where = "after top-level value"
    else:
        where = "looking for beginning of value"
    return f"invalid character {quoted} {where}"


def _innermost_open(prefix: str) -> str:
    stack, in_string, escaped = [], False, False
    for char in prefix:
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""
