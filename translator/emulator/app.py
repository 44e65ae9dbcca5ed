"""The emulator's WSGI application: routing, request decoding and answers shaped like Arktos's.

In-process use (tests, benchmarks)::

    from translator.emulator.app import make_app
    app = make_app(tokens=("secret:alice:acme",), timings=Timings(boot=0), clock=fake_clock)

``make_app(tokens=(), timings=None, clock=time.time, node_name="arktos-node-1", faults=None)``
returns an :class:`EmulatorApp`, a WSGI callable exposing ``.store`` (see store.py; hold
``store.lock``), ``.faults`` and ``.stopping`` (set it to end every watch stream).  Paths
under ``/_emulator/`` are the control API (faults and reset; never affected by faults or
auth); everything else is the Arktos REST API: the core group under ``/api/v1`` and the
other groups (``coordination.k8s.io`` Leases) under ``/apis/<group>/v1``.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from http import HTTPStatus
from urllib.parse import parse_qs

from translator.emulator import selectors
from translator.emulator.auth import Authenticator, authorize
from translator.emulator.errors import (
    ApiError,
    bad_request,
    go_json_syntax_error,
    method_not_allowed,
    no_route,
    unsupported_media_type,
)
from translator.emulator.faults import ConnectionDrop, Faults
from translator.emulator.lifecycle import Timings
from translator.emulator.patch import PATCH_TYPES, PatchDecodeError, PatchError
from translator.emulator.resources import GROUPS, RESOURCES
from translator.emulator.store import Store, decode_continue, dumps
from translator.emulator.watch import DEFAULT_TIMEOUT, Watch

LOG = logging.getLogger(__name__)
JSON = "application/json"
CONTROL_PREFIX = "/_emulator/"
VERSION = {
    "major": "1",
    "minor": "0",
    "gitVersion": "v1.0.2+arktos-emulator",
    "gitCommit": "",
    "gitTreeState": "clean",
    "buildDate": "",
    "goVersion": "",
    "compiler": "gc",
    "platform": "linux/amd64",
}
ROOT_PATHS = ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"]
VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update"]
SUBRESOURCES = {"pods": ("status", "action"), "actions": ("status",)}


def _discovery(group=""):
    resources = []
    for res in (RESOURCES[name] for name in GROUPS[group]):
        verbs = [v for v in VERBS if not (res.scope != "namespaced" and v == "deletecollection")]
        resources.append(
            {
                "name": res.plural,
                "singularName": "",
                "namespaced": res.scope == "namespaced",
                "kind": res.kind,
                "verbs": verbs,
                "tenanted": res.scope != "cluster",
            }
        )
        for sub in SUBRESOURCES.get(res.plural, ()):
            resources.append(
                {
                    "name": f"{res.plural}/{sub}",
                    "singularName": "",
                    "namespaced": True,
                    "kind": res.kind,
                    "verbs": ["create"] if sub == "action" else ["get", "patch", "update"],
                    "tenanted": True,
                }
            )
    version = f"{group}/v1" if group else "v1"
    return {"kind": "APIResourceList", "groupVersion": version, "resources": resources}


def _group(name):
    version = {"groupVersion": f"{name}/v1", "version": "v1"}
    return {"name": name, "versions": [version], "preferredVersion": version}


DISCOVERY = {group: dumps(_discovery(group)) for group in GROUPS}
GROUP_LIST = dumps(
    {"kind": "APIGroupList", "apiVersion": "v1", "groups": [_group(g) for g in GROUPS if g]}
)


class Route:
    """A parsed API path: resource, bucket key (or list scope), name and subresource."""

    __slots__ = ("resource", "key", "name", "sub", "cross")

    def __init__(self, resource, key, name=None, sub=None, cross=False):
        self.resource, self.key, self.name, self.sub, self.cross = resource, key, name, sub, cross

    @property
    def tenant(self):
        return self.key[0] if self.key else None

    @property
    def namespace(self):
        return self.key[1] if len(self.key) > 1 else None


def parse_path(parts, caller_tenant, group=""):
    """``parts`` are the segments after ``/api/v1`` (``/apis/<group>/v1``); short paths use
    the caller's tenant."""
    if not parts:
        raise no_route()
    if group:
        if parts[0] != "tenants" or len(parts) < 3:
            return _tenant_path(parts, caller_tenant, group)
        return _tenant_path(parts[2:], parts[1], group)
    if parts[0] == "tenants":
        if len(parts) == 1:
            return Route("tenants", ())
        if len(parts) == 2:
            return Route("tenants", (), parts[1])
        if len(parts) == 3 and parts[2] in ("status", "finalize"):
            return Route("tenants", (), parts[1], parts[2])
        return _tenant_path(parts[2:], parts[1])
    return _tenant_path(parts, caller_tenant)


def _tenant_path(parts, tenant, group=""):
    everywhere = tenant == "all"
    namespaced = [r for r in GROUPS[group] if RESOURCES[r].scope == "namespaced"]
    if parts[0] == "namespaces" and group and len(parts) < 3:
        raise no_route()
    if parts[0] == "namespaces":
        if len(parts) == 1:
            return Route("namespaces", () if everywhere else (tenant,), cross=everywhere)
        ns = parts[1]
        if len(parts) == 2:
            return Route("namespaces", (tenant,), ns)
        if len(parts) == 3 and parts[2] in ("status", "finalize"):
            return Route("namespaces", (tenant,), ns, parts[2])
        resource = parts[2]
        if resource not in namespaced or len(parts) > 5:
            raise no_route()
        if len(parts) == 3:
            return Route(resource, (tenant, ns))
        sub = parts[4] if len(parts) == 5 else None
        if sub is not None and sub not in SUBRESOURCES.get(resource, ()):
            raise no_route()
        return Route(resource, (tenant, ns), parts[3], sub)
    if len(parts) == 1 and parts[0] in namespaced:
        return Route(parts[0], () if everywhere else (tenant,), cross=True)
    raise no_route()


def _media_type(environ):
    return environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()


def _read_body(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return environ["wsgi.input"].read(length) if length > 0 else b""


def _decode_json(raw, kind):
    try:
        return json.loads(raw or b"null")
    except ValueError as exc:
        text = raw.decode("utf-8", errors="replace")
        raise bad_request(
            f"the object provided is unrecognized (must be of type {kind}): couldn't get "
            f"version/kind; json parse error: {go_json_syntax_error(raw, exc)} ({text})"
        ) from None


def _check_type_meta(body, kind, api_version="v1"):
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


class Response:
    """An answer; ``body`` is bytes, or an iterable of bytes for a stream (``streaming``)."""

    __slots__ = ("code", "body", "headers", "streaming")

    def __init__(self, code, body, headers=None, content_type=JSON, streaming=False):
        self.code, self.body, self.streaming = code, body, streaming
        self.headers = [("Content-Type", content_type)] + (headers or [])


def _object_response(res, raw, code=200):
    head = b'{"kind":"%s","apiVersion":"%s",' % (res.kind.encode(), res.api_version.encode())
    return Response(code, head + raw[1:])


def _list_response(res, meta, items):
    head = b'{"kind":"%sList","apiVersion":"%s","metadata":%s,"items":[' % (
        res.kind.encode(),
        res.api_version.encode(),
        dumps(meta),
    )
    return Response(200, b"".join((head, b",".join(items), b"]}")))


class EmulatorApp:
    def __init__(
        self, tokens=(), timings=None, clock=time.time, node_name="arktos-node-1", faults=None
    ):
        self.clock = clock
        self.store = Store(timings or Timings(), node_name=node_name)
        self.store.reset(clock())
        self.auth = Authenticator(tokens)
        self.faults = faults or Faults(clock=clock)
        self.stopping = threading.Event()

    # --- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        try:
            resp = self.handle(environ)
        except ConnectionDrop:
            sock = environ.get("gunicorn.socket")
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            resp = Response(503, b"Service Unavailable\n", content_type="text/plain")
        status = HTTPStatus(resp.code)
        if resp.streaming:
            start_response(f"{resp.code} {status.phrase}", resp.headers)
            return resp.body
        headers = resp.headers + [("Content-Length", str(len(resp.body)))]
        start_response(f"{resp.code} {status.phrase}", headers)
        return [resp.body]

    def handle(self, environ) -> Response:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        if path.startswith(CONTROL_PREFIX):
            return self._control(method, path, environ)
        try:
            self.faults.check(method, path)
            user = self.auth.authenticate(environ)
            return self._api(method, path, environ, user)
        except ApiError as err:
            content_type = "text/plain; charset=utf-8" if err.plain else JSON
            return Response(err.code, err.body(), err.headers, content_type)
        except ConnectionDrop:
            raise
        except Exception:  # like the apiserver's panic filter
            LOG.exception("request %s %s failed", method, path)
            body = b"This request caused apiserver to panic. Look in the logs for details.\n"
            return Response(500, body, content_type="text/plain; charset=utf-8")

    # --- control API -------------------------------------------------------------------------

    def _control(self, method, path, environ):
        name = path[len(CONTROL_PREFIX) :].strip("/")
        try:
            if name == "faults":
                if method == "GET":
                    return Response(200, dumps(self.faults.view()))
                if method in ("PUT", "PATCH"):
                    values = json.loads(_read_body(environ) or b"{}")
                    self.faults.configure(values, replace=method == "PUT")
                    return Response(200, dumps(self.faults.view()))
                if method == "DELETE":
                    self.faults.configure({}, replace=True)
                    return Response(200, dumps(self.faults.view()))
            elif name == "reset" and method == "POST":
                self.faults.configure({}, replace=True)
                with self.store.lock:
                    self.store.reset(self.clock())
                return Response(200, b'{"reset":true}')
            else:
                return Response(404, b'{"error":"unknown control path"}')
        except ValueError as exc:
            return Response(400, dumps({"error": str(exc)}))
        return Response(405, b'{"error":"method not allowed"}')

    # --- Arktos API --------------------------------------------------------------------------

    def _api(self, method, path, environ, user):
        parts = [p for p in path.split("/") if p]
        if parts[:2] == ["api", "v1"]:
            group, rest = "", parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 3 and parts[1] in GROUPS and parts[2] == "v1":
            group, rest = parts[1], parts[3:]
        else:
            return self._non_resource(method, parts)
        if not rest:
            if method != "GET":
                raise method_not_allowed()
            return Response(200, DISCOVERY[group])
        route = parse_path(rest, user.tenant, group)
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if method == "GET" and query.get("watch", [""])[0] in ("true", "1"):
            return self._watch(route, query, user)
        if route.name is None:
            return self._collection(method, path, route, query, environ, user)
        return self._item(method, route, query, environ, user)

    def _non_resource(self, method, parts):
        if method != "GET":
            raise method_not_allowed()
        joined = "/" + "/".join(parts)
        if joined in ("/healthz", "/livez", "/readyz"):
            return Response(200, b"ok", content_type="text/plain; charset=utf-8")
        if joined == "/version":
            return Response(200, dumps(VERSION))
        if joined == "/api":
            return Response(200, dumps({"kind": "APIVersions", "versions": ["v1"]}))
        if joined == "/apis":
            return Response(200, GROUP_LIST)
        if len(parts) == 2 and parts[0] == "apis" and parts[1] in GROUPS:
            body = dict(_group(parts[1]), kind="APIGroup", apiVersion="v1")
            return Response(200, dumps(body))
        return Response(200 if joined == "/" else 404, dumps({"paths": ROOT_PATHS}))

    def _collection(self, method, path, route, query, environ, user):
        res = RESOURCES[route.resource]
        if method == "GET":
            authorize(user, "list", res.plural, route.tenant, route.namespace)
            return self._list(path, route, query)
        if method == "POST" and not route.cross:
            authorize(user, "create", res.plural, route.tenant, route.namespace)
            body = self._json_body(environ, res)
            self._check_scope(body, route)
            with self.store.lock:
                now = self._advance()
                entry = self.store.create(route.resource, route.key, body, now)
                return _object_response(res, entry.raw, 201)
        if method == "DELETE" and res.scope == "namespaced" and not route.cross:
            authorize(user, "deletecollection", res.plural, route.tenant, route.namespace)
            return self._delete_collection(path, route, query, environ)
        raise method_not_allowed()

    def _item(self, method, route, query, environ, user):
        res = RESOURCES[route.resource]
        verb = {
            "GET": "get",
            "PUT": "update",
            "PATCH": "patch",
            "DELETE": "delete",
            "POST": "create",
        }.get(method)
        if verb is None:
            raise method_not_allowed()
        authorize(user, verb, res.plural, route.tenant, route.namespace, route.name)
        if route.sub == "action":
            if method != "POST":
                raise method_not_allowed()
            body = self._json_body(environ, None)
            with self.store.lock:
                now = self._advance()
                status = self.store.create_action(route.key, route.name, body, now)
            return Response(201, dumps(status))
        if route.sub == "finalize" or (route.sub and method == "DELETE"):
            raise method_not_allowed()
        key = route.key
        if method == "GET":
            with self.store.lock:
                self._advance()
                entry = self.store.get(route.resource, key, route.name)
                return _object_response(res, entry.raw)
        if method == "PUT":
            body = self._json_body(environ, res)
            with self.store.lock:
                now = self._advance()
                entry = self.store.update(route.resource, key, route.name, body, now, route.sub)
                return _object_response(res, entry.raw)
        if method == "PATCH":
            return self._patch(route, res, environ)
        if method == "DELETE":
            grace = self._grace_period(query, environ)
            with self.store.lock:
                now = self._advance()
                result = self.store.delete(route.resource, key, route.name, now, grace)
                if res.returns_object:
                    return _object_response(res, dumps(result))
                return Response(200, dumps(result))
        raise method_not_allowed()

    def _patch(self, route, res, environ):
        apply = PATCH_TYPES.get(_media_type(environ))
        if apply is None:
            raise unsupported_media_type(details={})
        raw = _read_body(environ)
        try:
            patch = json.loads(raw or b"null")
        except ValueError as exc:
            # Real Arktos: merge patches fail as "Invalid JSON Patch" (500), the others when
            # Go decodes them (400 with encoding/json's message).
            if apply is PATCH_TYPES["application/merge-patch+json"]:
                raise ApiError(500, "Invalid JSON Patch") from None
            raise bad_request(go_json_syntax_error(raw, exc)) from None
        with self.store.lock:
            now = self._advance()
            try:
                body = self.store.patched(
                    route.resource, route.key, route.name, lambda obj: apply(obj, patch)
                )
            except PatchError:
                raise ApiError(
                    422,
                    "the server rejected our request due to an error in our request",
                    "Invalid",
                    {},
                ) from None
            except PatchDecodeError as exc:
                raise bad_request(str(exc)) from None
            except ValueError:
                raise ApiError(500, "Invalid JSON Patch") from None
            _check_type_meta(body, res.kind, res.api_version)
            entry = self.store.update(route.resource, route.key, route.name, body, now, route.sub)
            return _object_response(res, entry.raw)

    # --- helpers -----------------------------------------------------------------------------

    def _advance(self):
        now = self.clock()
        self.store.advance(now)
        return now

    def _json_body(self, environ, res):
        """The decoded body; its kind and apiVersion are checked against ``res`` unless it
        is None (an action)."""
        media = _media_type(environ)
        if media not in ("", JSON):
            raise unsupported_media_type(
                "the body of the request was in an unknown format - accepted media types "
                "include: application/json, application/yaml, application/vnd.kubernetes.protobuf"
            )
        body = _decode_json(_read_body(environ), res.kind if res else "CustomAction")
        if res is not None:
            _check_type_meta(body, res.kind, res.api_version)
        return body

    @staticmethod
    def _check_scope(body, route):
        meta = body.get("metadata")
        if not isinstance(meta, dict):
            return
        for part, value in (("tenant", route.tenant), ("namespace", route.namespace)):
            if value is not None and meta.get(part) not in (None, "", value):
                raise bad_request(
                    f"the {part} of the provided object does not match the {part} sent on the "
                    "request"
                )

    @staticmethod
    def _grace_period(query, environ):
        grace = None
        body = _read_body(environ)
        if body:
            opts = _decode_json(body, "DeleteOptions")
            if isinstance(opts, dict) and opts.get("gracePeriodSeconds") is not None:
                grace = opts["gracePeriodSeconds"]
        if "gracePeriodSeconds" in query:
            try:
                grace = int(query["gracePeriodSeconds"][0])
            except ValueError:
                raise bad_request("gracePeriodSeconds must be an integer") from None
        if grace is not None and (isinstance(grace, bool) or not isinstance(grace, int)):
            raise bad_request("gracePeriodSeconds must be an integer")
        return grace

    def _selectors(self, route, query):
        res = RESOURCES[route.resource]
        field_selector = query.get("fieldSelector", [""])[0]
        if route.name is not None:  # a watch of one object
            field_selector = ",".join(
                filter(None, (f"metadata.name={route.name}", field_selector))
            )
        try:
            labels = selectors.parse_labels(query.get("labelSelector", [""])[0])
            fields = selectors.parse_fields(field_selector, res.field_labels)
        except ValueError as exc:
            raise bad_request(str(exc)) from None
        return labels, fields

    def _watch(self, route, query, user):
        res = RESOURCES[route.resource]
        if route.sub is not None:
            raise method_not_allowed()
        authorize(user, "watch", res.plural, route.tenant, route.namespace, route.name)
        labels, fields = self._selectors(route, query)
        try:
            timeout = int(query.get("timeoutSeconds", [""])[0] or DEFAULT_TIMEOUT)
        except ValueError:
            raise bad_request("timeoutSeconds must be an integer") from None
        stream = Watch(
            self.store,
            route.resource,
            route.key,
            labels,
            fields,
            query.get("resourceVersion", [""])[0],
            max(0, timeout),
            query.get("allowWatchBookmarks", [""])[0] in ("true", "1"),
            self.clock,
            self.stopping,
        )
        return Response(200, iter(stream), streaming=True)

    def _list(self, path, route, query):
        labels, fields = self._selectors(route, query)
        try:
            limit = max(0, int(query.get("limit", ["0"])[0] or 0))
        except ValueError:
            limit = 0
        token = query.get("continue", [""])[0]
        start = decode_continue(token) if token else None
        with self.store.lock:
            self._advance()
            items, cont = self.store.list(route.resource, route.key, labels, fields, limit, start)
            meta = {"selfLink": path, "resourceVersion": str(self.store.rv)}
        if cont:
            meta["continue"] = cont
        return _list_response(RESOURCES[route.resource], meta, items)

    def _delete_collection(self, path, route, query, environ):
        labels, fields = self._selectors(route, query)
        grace = self._grace_period(query, environ)
        with self.store.lock:
            now = self._advance()
            items, _ = self.store.list(route.resource, route.key, labels, fields)
            deleted = []
            for raw in items:
                name = json.loads(raw)["metadata"]["name"]
                result = self.store.delete(route.resource, route.key, name, now, grace)
                deleted.append(dumps(result) if "metadata" in result else raw)
            meta = {"selfLink": path, "resourceVersion": str(self.store.rv)}
        return _list_response(RESOURCES[route.resource], meta, deleted)


def make_app(tokens=(), timings=None, clock=time.time, node_name="arktos-node-1", faults=None):
    """Build the WSGI application (see the module docstring)."""
    return EmulatorApp(tokens, timings, clock, node_name, faults)
