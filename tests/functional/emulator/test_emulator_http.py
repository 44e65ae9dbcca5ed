"""The emulator CLI over real HTTP: tenants, pods, lists, power, actions, auth, faults, state."""

import base64
import json
import time
import uuid

import pytest

VM_POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "vm1", "labels": {"app": "demo"}},
    "spec": {
        "virtualMachine": {
            "name": "vm",
            "image": "download.cirros-cloud.net/0.5.1/cirros-0.5.1-x86_64-disk.img",
            "keyPairName": "key",
            "resources": {"limits": {"cpu": "1", "memory": "512Mi"}},
        }
    },
}


def pod(name, **labels):
    body = json.loads(json.dumps(VM_POD))
    body["metadata"]["name"] = name
    body["metadata"]["labels"].update(labels)
    return body


@pytest.fixture
def ns(emulator):
    """A fresh tenant + namespace; returns the namespace path."""
    tenant = "t" + uuid.uuid4().hex[:8]
    code, _ = emulator.json(
        "POST",
        "/api/v1/tenants",
        {"metadata": {"name": tenant}, "spec": {"storageClusterId": "1"}},
    )
    assert code == 201
    code, _ = emulator.json(
        "POST", f"/api/v1/tenants/{tenant}/namespaces", {"metadata": {"name": "vms"}}
    )
    assert code == 201
    return f"/api/v1/tenants/{tenant}/namespaces/vms"


def active(code, obj):
    return code == 200 and obj["status"].get("virtualMachineStatus", {}).get("state") == "active"


def test_tenant_and_namespace_lifecycle(emulator):
    code, body = emulator.json("POST", "/api/v1/tenants", {"metadata": {"name": "acme1"}})
    assert code == 422 and body["reason"] == "Invalid"
    tenant = {"metadata": {"name": "acme1"}, "spec": {"storageClusterId": "0"}}
    assert emulator.json("POST", "/api/v1/tenants", tenant)[0] == 201
    assert emulator.json("POST", "/api/v1/tenants", tenant)[0] == 409
    names = [
        n["metadata"]["name"]
        for n in emulator.json("GET", "/api/v1/tenants/acme1/namespaces")[1]["items"]
    ]
    assert names == ["default", "kube-public", "kube-system"]
    code, body = emulator.json(
        "POST", "/api/v1/tenants/nope/namespaces", {"metadata": {"name": "x"}}
    )
    assert (code, body["message"]) == (404, 'tenants "nope" not found')
    assert emulator.json("DELETE", "/api/v1/tenants/acme1")[1]["status"]["phase"] == "Terminating"
    emulator.wait_for("/api/v1/tenants/acme1", lambda c, o: c == 404)


def test_pod_crud_and_boot(emulator, ns):
    code, created = emulator.json("POST", ns + "/pods", pod("vm1"))
    assert code == 201
    assert created["status"] == {"phase": "Pending", "qosClass": "Burstable"}
    running = emulator.wait_for(ns + "/pods/vm1", active)
    assert running["status"]["phase"] == "Running" and running["spec"]["nodeName"]
    running["metadata"]["labels"]["x"] = "y"
    code, updated = emulator.json("PUT", ns + "/pods/vm1", running)
    assert code == 200 and updated["metadata"]["labels"]["x"] == "y"
    code, stale = emulator.json("PUT", ns + "/pods/vm1", running)
    assert (code, stale["reason"]) == (409, "Conflict")
    code, deleted = emulator.json("DELETE", ns + "/pods/vm1")
    assert code == 200 and deleted["metadata"]["deletionGracePeriodSeconds"] == 30
    emulator.wait_for(ns + "/pods/vm1", lambda c, o: c == 404, timeout=5)


def test_validation_error_over_http(emulator, ns):
    body = pod("vm1")
    body["spec"]["virtualMachine"]["keyPairName"] = ""
    code, status = emulator.json("POST", ns + "/pods", body)
    assert code == 422
    assert status["message"] == (
        'Pod "vm1" is invalid: spec.virtualMachine.keyPairName: Required value: KeyPairName and '
        "PublicKey can't be both empty"
    )


def test_paging_and_selectors(emulator, ns):
    for i in range(7):
        assert emulator.json("POST", ns + "/pods", pod(f"p{i}", parity=str(i % 2)))[0] == 201
    seen, token = [], ""
    while True:
        code, page = emulator.json("GET", f"{ns}/pods?limit=3&continue={token}")
        seen += [i["metadata"]["name"] for i in page["items"]]
        token = page["metadata"].get("continue")
        if not token:
            break
    assert seen == [f"p{i}" for i in range(7)]
    code, odd = emulator.json("GET", ns + "/pods?labelSelector=parity%3D1")
    assert [i["metadata"]["name"] for i in odd["items"]] == ["p1", "p3", "p5"]
    code, notin = emulator.json("GET", ns + "/pods?labelSelector=parity+notin+(1),app")
    assert len(notin["items"]) == 4
    code, one = emulator.json("GET", ns + "/pods?fieldSelector=metadata.name%3Dp4")
    assert [i["metadata"]["name"] for i in one["items"]] == ["p4"]
    code, bad = emulator.json("GET", ns + "/pods?fieldSelector=spec.foo%3Dx")
    assert (code, bad["message"]) == (400, "field label not supported: spec.foo")


def test_power_off_and_on(emulator, ns):
    emulator.json("POST", ns + "/pods", pod("vm1"))
    emulator.wait_for(ns + "/pods/vm1", active)
    off = {"spec": {"virtualMachine": {"powerSpec": "Shutdown"}}}
    code, _ = emulator.json(
        "PATCH", ns + "/pods/vm1", off, content_type="application/merge-patch+json"
    )
    assert code == 200
    stopped = emulator.wait_for(
        ns + "/pods/vm1",
        lambda c, o: o["status"]["phase"] == "NoSchedule" and "nodeName" not in o["spec"],
    )
    assert stopped["status"]["virtualMachineStatus"]["state"] == "stopped"
    assert "podIP" not in stopped["status"]
    on = {"spec": {"virtualMachine": {"powerSpec": "Running"}}}
    ctype = "application/strategic-merge-patch+json"
    assert emulator.json("PATCH", ns + "/pods/vm1", on, content_type=ctype)[0] == 200
    emulator.wait_for(ns + "/pods/vm1", active)


def test_actions_and_collision(emulator, ns):
    emulator.json("POST", ns + "/pods", pod("vm1"))
    emulator.wait_for(ns + "/pods/vm1", active)
    reboot = {"apiVersion": "v1", "kind": "CustomAction", "operation": "reboot"}
    for _ in range(3):  # make sure both POSTs land in the same second
        if time.time() % 1 < 0.7:
            break
        time.sleep(0.3)
    code, status = emulator.json("POST", ns + "/pods/vm1/action", reboot)
    assert code == 201 and status["details"]["name"].startswith("reboot-")
    code, clash = emulator.json("POST", ns + "/pods/vm1/action", reboot)
    assert (code, clash["reason"], clash["details"]["kind"]) == (409, "AlreadyExists", "pods")
    name = status["details"]["name"]
    done = emulator.wait_for(f"{ns}/actions/{name}", lambda c, o: o["status"].get("complete"))
    assert done["status"]["rebootStatus"] == {"rebootSuccessful": True}
    code, bad = emulator.json("POST", ns + "/pods/vm1/action", dict(reboot, operation="stop"))
    assert (code, bad["message"]) == (400, "Unsupported operation 'stop' for Pod 'vm1'")


def test_auth_required_with_tokens(start_emulator):
    emu = start_emulator("--token", "s3cret", "--token", "bob:bob:acme", token="s3cret")
    assert emu.request("GET", "/api/v1/namespaces")[0] == 200
    emu.token = None
    code, headers, body = emu.request("GET", "/api/v1/namespaces")
    assert code == 401 and json.loads(body)["reason"] == "Unauthorized"
    bob = {"Authorization": "Bearer bob"}
    code, _, body = emu.request("GET", "/api/v1/namespaces", headers=bob)
    assert code == 200 and json.loads(body)["items"] == []  # short path: bob's own tenant
    code, _, body = emu.request("GET", "/api/v1/tenants/system/namespaces", headers=bob)
    assert code == 403 and json.loads(body)["reason"] == "Forbidden"


def test_fault_knobs(emulator):
    try:
        code, _, _ = emulator.request("PUT", "/_emulator/faults", {"throttle_next": 1})
        assert code == 200
        code, headers, body = emulator.request("GET", "/api/v1/namespaces")
        assert (code, body, headers["Retry-After"]) == (
            429,
            b"Too many requests, please try again later.\n",
            "1",
        )
        assert headers["Content-Type"].startswith("text/plain")
        emulator.request("PUT", "/_emulator/faults", {"error_next": 1})
        code, _, body = emulator.request("GET", "/api/v1/namespaces")
        assert code == 500 and json.loads(body)["reason"] == "InternalError"
        emulator.request("PUT", "/_emulator/faults", {"latency_ms": 300})
        t0 = time.monotonic()
        assert emulator.request("GET", "/api/v1/namespaces")[0] == 200
        assert time.monotonic() - t0 >= 0.3
        emulator.request("PUT", "/_emulator/faults", {"down_for_seconds": 0.5})
        assert emulator.request("GET", "/api/v1/namespaces")[0] == 503
        time.sleep(0.6)
        assert emulator.request("GET", "/api/v1/namespaces")[0] == 200
        emulator.request("PUT", "/_emulator/faults", {"down": True, "down_mode": "close"})
        with pytest.raises(OSError):
            emulator.request("GET", "/api/v1/namespaces")
    finally:
        emulator.request("DELETE", "/_emulator/faults")
    assert emulator.request("GET", "/api/v1/namespaces")[0] == 200


def test_faults_from_the_command_line(start_emulator):
    emu = start_emulator("--faults", '{"throttle_rate": 1.0, "match": "/api/v1/pods"}')
    assert emu.request("GET", "/api/v1/pods")[0] == 429
    assert emu.request("GET", "/api/v1/namespaces")[0] == 200


def test_state_file_survives_restart(start_emulator, tmp_path):
    state = tmp_path / "state.json"
    emu = start_emulator("--state-file", str(state), "--boot-delay", "0")
    assert emu.json("POST", "/api/v1/namespaces/default/pods", pod("keep"))[0] == 201
    cm = {"metadata": {"name": "flavors"}, "data": {"m1.tiny": json.dumps({"vcpus": 1})}}
    assert emu.json("POST", "/api/v1/namespaces/default/configmaps", cm)[0] == 201
    secret = {"metadata": {"name": "kp"}, "data": {"key": base64.b64encode(b"ssh-rsa A").decode()}}
    assert emu.json("POST", "/api/v1/namespaces/default/secrets", secret)[0] == 201
    emu.wait_for("/api/v1/namespaces/default/pods/keep", active)
    rv = emu.json("GET", "/api/v1/namespaces/default/pods")[1]["metadata"]["resourceVersion"]
    code, output = emu.stop()
    assert code == 0, output
    assert "listening on http://127.0.0.1" in output
    saved = json.loads(state.read_text())
    assert [p["metadata"]["name"] for p in saved["objects"]["pods"]] == ["keep"]

    again = start_emulator("--state-file", str(state))
    code, kept = again.json("GET", "/api/v1/namespaces/default/pods/keep")
    assert code == 200 and kept["status"]["virtualMachineStatus"]["state"] == "active"
    assert again.json("GET", "/api/v1/namespaces/default/configmaps/flavors")[0] == 200
    assert again.json("GET", "/api/v1/namespaces/default/secrets/kp")[1]["data"]["key"]
    new = again.json("POST", "/api/v1/namespaces/default/pods", pod("new"))[1]
    assert int(new["metadata"]["resourceVersion"]) > int(rv)
