"""The emulator's WSGI application: routing, request decoding and answers shaped like Arktos's.

In-process use (tests, benchmarks)::

    from translator.emulator.app import make_app
    app = make_app(tokens=("secret:alice:acme",), timings=Timings(boot=0), clock=fake_clock)

``make_app(tokens=(), timings=None, clock=time.time, nodes=None, faults=None,
gates=frozenset())`` (``nodes``: a ``NodeShape``, default one node every pod fits on;
``gates``: the Arktos feature gates on, see vertical_scaling.py)
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

from translator.emulator import bodies, selectors
from translator.emulator.auth import Authenticator, authorize
from translator.emulator.errors import (
    ApiError,
    bad_request,
    go_json_syntax_error,
    method_not_allowed,
    unsupported_media_type,
)
from translator.emulator.faults import ConnectionDrop, Faults
from translator.emulator.lifecycle import Timings
from translator.emulator.nodes import NodeShape
from translator.emulator.patch import PATCH_TYPES, PatchDecodeError, PatchError
from translator.emulator.resources import GROUPS, RESOURCES
from translator.emulator.routes import (
    DISCOVERY,
    GROUP_LIST,
    ROOT_PATHS,
    VERSION,
    group_document,
    parse_path,
)
from translator.emulator.store import Store, decode_continue, dumps
from translator.emulator.watch import DEFAULT_TIMEOUT, Watch

LOG = logging.getLogger(__name__)
JSON = bodies.JSON
CONTROL_PREFIX = "/_emulator/"


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
        self,
        tokens=(),
        timings=None,
        clock=time.time,
        nodes: NodeShape | None = None,
        faults=None,
        gates: frozenset = frozenset(),
    ):
        self.clock = clock
        self.store = Store(timings or Timings(), nodes, gates=gates)
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
                    values = json.loads(bodies.read_body(environ) or b"{}")
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
        if route.resource == "nodes" and method in ("POST", "DELETE"):
            raise method_not_allowed()  # the emulator's nodes are fixed (see nodes.py)
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
            body = group_document(parts[1])
            return Response(200, dumps(body))
        return Response(200 if joined == "/" else 404, dumps({"paths": ROOT_PATHS}))

    def _collection(self, method, path, route, query, environ, user):
        res = RESOURCES[route.resource]
        if method == "GET":
            authorize(user, "list", res.plural, route.tenant, route.namespace)
            return self._list(path, route, query)
        if method == "POST" and not route.cross:
            authorize(user, "create", res.plural, route.tenant, route.namespace)
            body = bodies.json_body(environ, res)
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
            body = bodies.json_body(environ, None)
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
            body = bodies.json_body(environ, res)
            with self.store.lock:
                now = self._advance()
                entry = self.store.update(route.resource, key, route.name, body, now, route.sub)
                return _object_response(res, entry.raw)
        if method == "PATCH":
            return self._patch(route, res, environ)
        if method == "DELETE":
            grace, preconditions = self._delete_options(query, environ)
            with self.store.lock:
                now = self._advance()
                result = self.store.delete(
                    route.resource, key, route.name, now, grace, preconditions
                )
                if res.returns_object:
                    return _object_response(res, dumps(result))
                return Response(200, dumps(result))
        raise method_not_allowed()

    def _patch(self, route, res, environ):
        apply = PATCH_TYPES.get(bodies.media_type(environ))
        if apply is None:
            raise unsupported_media_type(details={})
        raw = bodies.read_body(environ)
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
            bodies.check_type_meta(body, res.kind, res.api_version)
            entry = self.store.update(route.resource, route.key, route.name, body, now, route.sub)
            return _object_response(res, entry.raw)

    # --- helpers -----------------------------------------------------------------------------

    def _advance(self):
        now = self.clock()
        self.store.advance(now)
        return now

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
    def _delete_options(query, environ):
        """``(gracePeriodSeconds, preconditions)`` of a DELETE's options (body or query)."""
        grace, preconditions = None, {}
        body = bodies.read_body(environ)
        if body:
            opts = bodies.decode_json(body, "DeleteOptions")
            if isinstance(opts, dict) and opts.get("gracePeriodSeconds") is not None:
                grace = opts["gracePeriodSeconds"]
            if isinstance(opts, dict) and isinstance(opts.get("preconditions"), dict):
                preconditions = opts["preconditions"]
        if "gracePeriodSeconds" in query:
            try:
                grace = int(query["gracePeriodSeconds"][0])
            except ValueError:
                raise bad_request("gracePeriodSeconds must be an integer") from None
        if grace is not None and (isinstance(grace, bool) or not isinstance(grace, int)):
            raise bad_request("gracePeriodSeconds must be an integer")
        return grace, preconditions

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
        grace, _ = self._delete_options(query, environ)
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


def make_app(tokens=(), timings=None, clock=time.time, nodes=None, faults=None, gates=frozenset()):
    """Build the WSGI application (see the module docstring)."""
    return EmulatorApp(tokens, timings, clock, nodes, faults, gates)
