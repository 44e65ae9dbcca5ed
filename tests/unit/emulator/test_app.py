"""Routing, error bodies, auth and fault injection of the WSGI app."""

import pytest

from tests.unit.emulator.conftest import Client, vm_pod
from translator.emulator.app import make_app
from translator.emulator.errors import ApiError, FieldError, invalid_object, not_found
from translator.emulator.faults import Faults
from translator.emulator.quantity import canonical, parse


def test_status_bodies():
    body = not_found("pods", "vm-1").status()
    assert body == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": 'pods "vm-1" not found',
        "reason": "NotFound",
        "details": {"name": "vm-1", "kind": "pods"},
        "code": 404,
    }
    err = invalid_object(
        "Pod",
        "vm-1",
        [
            FieldError("FieldValueRequired", "spec.x", "why"),
            FieldError("FieldValueInvalid", "spec.y", "bad", 3),
        ],
    )
    assert err.code == 422
    assert (
        err.message
        == 'Pod "vm-1" is invalid: [spec.x: Required value: why, spec.y: Invalid value: 3: bad]'
    )
    assert ApiError(500, "boom").status() == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "boom",
        "code": 500,
    }


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1000m", "1"),
        ("0.5", "500m"),
        ("1024Mi", "1Gi"),
        ("1536Mi", "1536Mi"),
        ("2000", "2k"),
        ("1e3", "1e3"),
        ("512", "512"),
        ("100m", "100m"),
    ],
)
def test_quantity_canonical_form(text, expected):
    assert canonical(parse(text)) == expected


def test_discovery_health_and_version(client):
    assert client.get("/healthz").data == b"ok"
    assert client.get("/version").json["major"] == "1"
    assert client.get("/api").json["versions"] == ["v1"]
    names = [r["name"] for r in client.get("/api/v1").json["resources"]]
    assert {"pods", "pods/action", "actions", "tenants", "namespaces", "configmaps"} <= set(names)


def test_unknown_routes_and_verbs(client, acme):
    reply = client.get("/api/v1/tenants/acme/namespaces/vms/widgets")
    assert reply.json == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "the server could not find the requested resource",
        "reason": "NotFound",
        "details": {},
        "code": 404,
    }
    assert client.post(acme + "/pods/vm1", {}).json["reason"] == "MethodNotAllowed"
    assert client.put(acme + "/pods", {}).code == 405
    assert client.post("/api/v1/tenants/acme/pods", vm_pod()).code == 405
    text = client.post(acme + "/pods", vm_pod(), content_type="text/plain")
    assert (text.code, text.json["reason"]) == (415, "UnsupportedMediaType")
    junk = client.post(acme + "/pods", b"notjson")
    assert junk.code == 400 and junk.json["message"].startswith(
        "the object provided is unrecognized"
    )


def test_configmap_crud(client, acme):
    cm = {"metadata": {"name": "cm1", "labels": {"k": "v"}}, "data": {"a": "b"}}
    created = client.post(acme + "/configmaps", cm)
    assert created.code == 201 and created.json["kind"] == "ConfigMap"
    listed = client.get(acme + "/configmaps?labelSelector=k%3Dv").json
    assert listed["kind"] == "ConfigMapList" and len(listed["items"]) == 1
    obj = created.json
    obj["data"]["a"] = "c"
    assert client.put(acme + "/configmaps/cm1", obj).json["data"] == {"a": "c"}
    gone = client.delete(acme + "/configmaps/cm1").json
    assert gone["status"] == "Success" and gone["details"]["kind"] == "configmaps"
    assert client.delete(acme + "/configmaps/cm1").code == 404


def test_tenant_creates_default_namespaces(client):
    reply = client.post(
        "/api/v1/tenants", {"metadata": {"name": "t1"}, "spec": {"storageClusterId": "0"}}
    )
    assert reply.json["spec"] == {"finalizers": ["arktos"], "storageClusterId": "0"}
    assert reply.json["status"] == {"phase": "Active"}
    assert "tenant" not in reply.json["metadata"]
    names = [
        i["metadata"]["name"] for i in client.get("/api/v1/tenants/t1/namespaces").json["items"]
    ]
    assert names == ["default", "kube-public", "kube-system"]
    dup = client.post(
        "/api/v1/tenants", {"metadata": {"name": "t1"}, "spec": {"storageClusterId": "0"}}
    )
    assert (dup.code, dup.json["message"]) == (409, 'tenants "t1" already exists')
    missing = client.post("/api/v1/tenants/nope/namespaces", {"metadata": {"name": "x"}})
    assert (missing.code, missing.json["message"]) == (404, 'tenants "nope" not found')


@pytest.fixture
def secured(clock):
    return Client(make_app(tokens=("root", "bobtok:bob:acme"), clock=clock))


def test_tokens_required(secured):
    reply = secured.get("/api/v1/namespaces")
    assert (reply.code, reply.json["reason"], reply.json["message"]) == (
        401,
        "Unauthorized",
        "Unauthorized",
    )
    assert secured.get("/api/v1/namespaces", headers={"Authorization": "Bearer nope"}).code == 401
    assert secured.get("/api/v1/namespaces", headers={"Authorization": "Bearer root"}).code == 200


def test_tenant_user_short_paths_and_cross_tenant_forbidden(secured):
    root = {"Authorization": "Bearer root"}
    bob = {"Authorization": "Bearer bobtok"}
    tenant = {"metadata": {"name": "acme"}, "spec": {"storageClusterId": "0"}}
    assert secured.post("/api/v1/tenants", tenant, headers=root).code == 201
    created = secured.post("/api/v1/namespaces/default/pods", vm_pod(), headers=bob)
    assert created.code == 201 and created.json["metadata"]["tenant"] == "acme"
    assert secured.get("/api/v1/tenants/acme/namespaces/default/pods/vm1", headers=bob).code == 200
    denied = secured.get("/api/v1/tenants/system/namespaces/default/pods", headers=bob)
    assert denied.code == 403
    assert denied.json["message"] == (
        'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the '
        'namespace "default" in the tenant "system"'
    )
    assert secured.get("/api/v1/tenants/all/pods", headers=bob).code == 403
    assert secured.get("/api/v1/tenants", headers=bob).code == 403
    assert secured.get("/api/v1/tenants/acme", headers=bob).code == 200
    # a system-tenant user may act in any tenant
    assert (
        secured.get("/api/v1/tenants/acme/namespaces/default/pods/vm1", headers=root).code == 200
    )


def test_throttle_fault_is_plain_text(client):
    client.call("PUT", "/_emulator/faults", {"throttle_next": 1})
    reply = client.get("/api/v1/namespaces")
    assert reply.code == 429
    assert reply.data == b"Too many requests, please try again later.\n"
    assert reply.headers["Retry-After"] == "1"
    assert reply.headers["Content-Type"].startswith("text/plain")
    assert client.get("/api/v1/namespaces").code == 200


def test_error_fault_is_internal_error_status(client):
    client.call("PATCH", "/_emulator/faults", {"error_next": 2, "error_code": 503})
    reply = client.get("/api/v1/namespaces")
    assert reply.code == 503 and reply.json["reason"] == "ServiceUnavailable"
    client.call("PUT", "/_emulator/faults", {"error_rate": 1.0})
    reply = client.get("/api/v1/namespaces")
    assert (reply.code, reply.json["reason"], reply.json["kind"]) == (
        500,
        "InternalError",
        "Status",
    )
    assert client.get("/_emulator/faults").json["error_rate"] == 1.0  # control API never fails


def test_down_and_match(client, clock):
    client.call("PUT", "/_emulator/faults", {"down_for_seconds": 5, "match": "/api/v1/namespaces"})
    assert client.get("/api/v1/namespaces").code == 503
    assert client.get("/api/v1/tenants").code == 200
    clock.tick(5)
    assert client.get("/api/v1/namespaces").code == 200
    client.call("PUT", "/_emulator/faults", {"down": True})
    down = client.get("/healthz")
    assert down.code == 503 and down.headers["Content-Type"].startswith("text/plain")


def test_bad_fault_knobs(client):
    assert client.call("PUT", "/_emulator/faults", {"nope": 1}).code == 400
    assert client.call("PUT", "/_emulator/faults", {"latency_ms": "x"}).code == 400
    assert client.call("PUT", "/_emulator/faults", {"down_mode": "x"}).code == 400


def test_latency_fault_sleeps(monkeypatch):
    slept = []
    monkeypatch.setattr("translator.emulator.faults.time.sleep", slept.append)
    faults = Faults(clock=lambda: 0.0)
    faults.configure({"latency_ms": 250})
    faults.check("GET", "/api/v1/pods")
    assert slept == [0.25]


def test_reset_clears_state(client, acme):
    client.post(acme + "/pods", vm_pod())
    client.call("PUT", "/_emulator/faults", {"latency_ms": 1})
    assert client.post("/_emulator/reset", {}).code == 200
    assert client.get("/api/v1/tenants/acme").code == 404
    assert client.get("/_emulator/faults").json["latency_ms"] == 0


def test_unexpected_errors_answer_like_an_apiserver_panic(client, app, monkeypatch):
    def boom(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(app.store, "get", boom)
    reply = client.get("/api/v1/namespaces/default/pods/x")
    assert reply.code == 500
    assert reply.data.startswith(b"This request caused apiserver to panic.")
