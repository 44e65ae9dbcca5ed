"""Request bodies: media types, reading, JSON decoding and type-meta checks in Go's words."""

from __future__ import annotations

import json

from translator.emulator.errors import bad_request, go_json_syntax_error, unsupported_media_type

JSON = "application/json"


def media_type(environ):
    return environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()


def read_body(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length > 0 else b""


def decode_json(raw, kind):
    try:
        return json.loads(raw or b"null")
    except ValueError as exc:
        text = raw.decode("utf-8", errors="replace")
        raise bad_request(
            f"the object provided is unrecognized (must be of type {kind}): couldn't get "
            f"version/kind; json parse error: {go_json_syntax_error(raw, exc)} ({text})"
        ) from None


def check_type_meta(body, kind, api_version="v1"):
    if not isinstance(body, dict):
        raise bad_request(
            f"the object provided is unrecognized (must be of type {kind}): couldn't get "
            "version/kind; json parse error: cannot unmarshal into Go value of type struct"
        )
    version, got = body.get("apiVersion") or api_version, body.get("kind") or kind
    if version != api_version:
        raise bad_request(
            f'{kind} in version "{version}" cannot be handled as a {kind}: no kind "{kind}" is '
            f'registered for version "{version}" in scheme "pkg/api/legacyscheme/scheme.go:30"'
        )
    if got != kind:
        raise bad_request(
            f'{got} in version "v1" cannot be handled as a {kind}: converting (v1.{got}) to '
            f"(core.{kind}): unknown conversion"
        )
    body.pop("apiVersion", None)
    body.pop("kind", None)


def json_body(environ, res):
    """The decoded body; its kind and apiVersion are checked against ``res`` unless it
    is None (an action)."""
    media = media_type(environ)
    if media not in ("", JSON):
        raise unsupported_media_type(
            "the body of the request was in an unknown format - accepted media types "
            "include: application/json, application/yaml, application/vnd.kubernetes.protobuf"
        )
    body = decode_json(read_body(environ), res.kind if res else "CustomAction")
    if res is not None:
        check_type_meta(body, res.kind, res.api_version)
    return body
