"""Status sequence of a VM pod, advanced lazily by a fake clock (boot 1 s, stop 0.5 s)."""

from tests.unit.emulator.conftest import vm_pod


def state(client, path):
    pod = client.get(path).json
    vms = pod["status"].get("virtualMachineStatus") or {}
    return (
        pod["spec"].get("nodeName"),
        pod["status"]["phase"],
        vms.get("state"),
        vms.get("powerState"),
    )


def test_boot_sequence(client, clock, acme):
    path = acme + "/pods/vm1"
    created = client.post(acme + "/pods", vm_pod()).json
    assert state(client, path) == (None, "Pending", None, None)
    clock.tick(0.01)
    assert state(client, path) == ("arktos-node-1", "Pending", None, None)
    pod = client.get(path).json
    assert [c["type"] for c in pod["status"]["conditions"]] == ["PodScheduled"]
    clock.tick(0.04)
    assert state(client, path) == ("arktos-node-1", "Pending", "deleted", "nostate")
    pod = client.get(path).json
    ready = pod["status"]["conditions"][0]
    assert (ready["type"], ready["status"], ready["reason"]) == (
        "Ready",
        "False",
        "VirtualMachineNotReady",
    )
    assert pod["status"]["hostIP"] == "192.0.2.2" and "startTime" in pod["status"]
    assert "ready" not in pod["status"]["virtualMachineStatus"]
    clock.tick(0.45)
    assert state(client, path) == ("arktos-node-1", "Pending", "suspended", "nostate")
    clock.tick(0.5)
    pod = client.get(path).json
    assert state(client, path) == ("arktos-node-1", "Running", "active", "running")
    vms = pod["status"]["virtualMachineStatus"]
    assert vms["ready"] is True
    assert vms["virtualMachineId"] == f"vm1_vms_acme_{created['metadata']['uid']}_0_vm_0"
    assert pod["status"]["podIP"]
    assert [(c["type"], c["status"]) for c in pod["status"]["conditions"]] == [
        ("Ready", "True"),
        ("PodScheduled", "True"),
    ]
    assert int(pod["metadata"]["resourceVersion"]) > int(created["metadata"]["resourceVersion"])


def test_steps_apply_at_their_due_time_even_when_read_late(client, clock, acme):
    client.post(acme + "/pods", vm_pod())
    clock.tick(10)
    pod = client.get(acme + "/pods/vm1").json
    scheduled = pod["status"]["conditions"][1]
    assert scheduled["lastTransitionTime"] == pod["metadata"]["creationTimestamp"]
    assert pod["status"]["virtualMachineStatus"]["state"] == "active"


def test_shutdown_and_start_again(client, clock, acme):
    path = acme + "/pods/vm1"
    client.post(acme + "/pods", vm_pod())
    clock.tick(1)
    reply = client.patch(path, {"spec": {"virtualMachine": {"powerSpec": "Shutdown"}}})
    assert reply.json["status"]["phase"] == "Running"  # the kubelet has not reacted yet
    clock.tick(0.5)
    pod = client.get(path).json
    assert state(client, path) == (None, "NoSchedule", "stopped", "shutdown")
    assert "podIP" not in pod["status"] and "hostIP" not in pod["status"]
    assert "virtualMachineId" not in pod["status"]["virtualMachineStatus"]
    ready = pod["status"]["conditions"][0]
    assert (ready["status"], ready["reason"]) == ("False", "VirtualMachineShutdown")
    assert "message" not in ready
    clock.tick(5)
    assert state(client, path) == (None, "NoSchedule", "stopped", "shutdown")
    client.patch(
        path, {"spec": {"virtualMachine": {"powerSpec": "Running"}}}, kind="strategic-merge"
    )
    clock.tick(0.1)
    assert state(client, path) == (None, "Pending", "stopped", "shutdown")
    clock.tick(0.01)
    assert state(client, path)[0] == "arktos-node-1"
    clock.tick(1)
    pod = client.get(path).json
    assert state(client, path) == ("arktos-node-1", "Running", "active", "running")
    assert pod["status"]["virtualMachineStatus"]["virtualMachineId"].endswith("_1_vm_1")


def test_paused_and_suspended_power_specs_are_ignored(client, clock, acme):
    path = acme + "/pods/vm1"
    client.post(acme + "/pods", vm_pod())
    clock.tick(1)
    for value in ("Paused", "Suspended", "Bogus"):
        assert client.patch(path, {"spec": {"virtualMachine": {"powerSpec": value}}}).code == 200
        clock.tick(2)
        assert state(client, path) == ("arktos-node-1", "Running", "active", "running")


def test_created_shut_down(client, clock, acme):
    client.post(acme + "/pods", vm_pod(powerSpec="Shutdown"))
    clock.tick(1)
    pod = client.get(acme + "/pods/vm1").json
    assert state(client, acme + "/pods/vm1") == (None, "NoSchedule", "deleted", "nostate")
    assert pod["status"]["hostIP"] == "192.0.2.2"


def test_zero_boot_delay_is_active_on_next_read(client, clock, acme, app):
    app.store.timings.boot = 0
    assert client.post(acme + "/pods", vm_pod()).json["status"]["phase"] == "Pending"
    assert state(client, acme + "/pods/vm1") == ("arktos-node-1", "Running", "active", "running")


def test_delete_unbound_pod_is_immediate(client, acme):
    client.post(acme + "/pods", vm_pod())
    reply = client.delete(acme + "/pods/vm1")
    assert reply.code == 200
    assert reply.json["kind"] == "Pod"
    assert reply.json["metadata"]["deletionGracePeriodSeconds"] == 0
    assert client.get(acme + "/pods/vm1").code == 404


def test_delete_running_pod_waits_for_the_kubelet(client, clock, acme):
    client.post(acme + "/pods", vm_pod())
    clock.tick(1)
    reply = client.delete(acme + "/pods/vm1")
    meta = reply.json["metadata"]
    assert meta["deletionGracePeriodSeconds"] == 30
    assert "deletionTimestamp" in meta
    again = client.delete(acme + "/pods/vm1")
    assert again.code == 200
    assert again.json["metadata"]["resourceVersion"] == meta["resourceVersion"]
    clock.tick(0.9)
    assert client.get(acme + "/pods/vm1").code == 200
    clock.tick(0.1)
    assert client.get(acme + "/pods/vm1").code == 404


def test_grace_period_zero_deletes_at_once(client, clock, acme):
    for name in ("a", "b"):
        client.post(acme + "/pods", vm_pod(name))
    clock.tick(1)
    assert client.delete(acme + "/pods/a?gracePeriodSeconds=0").code == 200
    assert client.get(acme + "/pods/a").code == 404
    opts = {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 0}
    assert (
        client.delete(acme + "/pods/b", opts).json["metadata"]["deletionGracePeriodSeconds"] == 0
    )
    assert client.get(acme + "/pods/b").code == 404


def test_namespace_and_tenant_deletion(client, clock, acme):
    client.post(acme + "/pods", vm_pod())
    reply = client.delete("/api/v1/tenants/acme/namespaces/vms")
    assert reply.json["status"] == {"phase": "Terminating"}
    blocked = client.post(acme + "/configmaps", {"metadata": {"name": "c"}})
    assert blocked.code == 403
    assert blocked.json["message"] == (
        'configmaps "c" is forbidden: unable to create new content in namespace acme/vms because '
        "it is being terminated"
    )
    clock.tick(1)
    assert client.get("/api/v1/tenants/acme/namespaces/vms").code == 404
    assert client.get(acme + "/pods/vm1").code == 404
    assert client.delete("/api/v1/tenants/acme").json["status"]["phase"] == "Terminating"
    clock.tick(1)
    assert client.get("/api/v1/tenants/acme").code == 404
    assert client.get("/api/v1/tenants/acme/namespaces").json["items"] == []


def test_system_tenant_and_default_namespaces_may_not_be_deleted(client, acme):
    reply = client.delete("/api/v1/tenants/acme/namespaces/kube-system")
    assert (reply.code, reply.json["message"]) == (
        403,
        'namespaces "acme/kube-system" is forbidden: this namespace may not be deleted',
    )
    assert reply.json["details"] == {"name": "acme/kube-system", "kind": "namespaces"}
    reply = client.delete("/api/v1/tenants/system")
    assert reply.json["message"] == 'tenants "system" is forbidden: this tenant may not be deleted'


def test_terminating_tenant_admits_namespaces_but_no_content(client, clock, acme):
    """As real Arktos: a Terminating tenant still takes namespaces, not namespaced objects."""
    client.post(acme + "/pods", vm_pod())
    assert client.delete("/api/v1/tenants/acme").json["status"]["phase"] == "Terminating"
    late = client.post("/api/v1/tenants/acme/namespaces", {"metadata": {"name": "late"}})
    assert late.code == 201
    blocked = client.post(acme + "/configmaps", {"metadata": {"name": "c"}})
    assert (blocked.code, blocked.json["message"], blocked.json["details"]) == (
        403,
        'configmaps "c" is forbidden: unable to create new content in tenant acme because it '
        "is being terminated",
        {"name": "c", "kind": "configmaps"},
    )
    action = client.post(acme + "/pods/vm1/action", {"operation": "reboot"})
    assert (action.code, action.json["message"], action.json["details"]) == (
        403,
        'pods "Unknown" is forbidden: unable to create new content in tenant acme because it '
        "is being terminated",
        {"name": "Unknown", "kind": "pods"},
    )
    clock.tick(1)
    assert client.get("/api/v1/tenants/acme/namespaces/late").code == 404
