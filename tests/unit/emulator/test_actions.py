from tests.unit.emulator.conftest import vm_pod


def action(op, **params):
    body = {"apiVersion": "v1", "kind": "CustomAction", "operation": op}
    if params:
        body[f"{op}Params"] = params
    return body


def test_reboot_action_status_and_completion(client, clock, acme):
    client.post(acme + "/pods", vm_pod())
    clock.tick(1)
    reply = client.post(acme + "/pods/vm1/action", action("reboot", delayInSeconds=3))
    assert reply.code == 201
    status = reply.json
    name = f"reboot-{int(clock.now)}"
    assert status["kind"] == "Status" and status["status"] == "Success"
    assert status["message"] == "Created action 'reboot' for Pod 'vm1'"
    assert status["details"]["name"] == name
    assert status["code"] == 201 and status["metadata"]["resourceVersion"].isdigit()
    obj = client.get(f"{acme}/actions/{name}").json
    assert obj["kind"] == "Action"
    assert obj["metadata"]["uid"] == status["details"]["uid"]
    assert obj["spec"] == {
        "nodeName": "arktos-node-1",
        "podName": "vm1",
        "rebootAction": {"delayInSeconds": 3},
    }
    assert obj["status"] == {}
    clock.tick(0.5)
    assert client.get(f"{acme}/actions/{name}").json["status"] == {
        "complete": True,
        "podName": "vm1",
        "rebootStatus": {"rebootSuccessful": True},
    }


def test_same_operation_in_the_same_second_collides(client, clock, acme):
    client.post(acme + "/pods", vm_pod("a"))
    client.post(acme + "/pods", vm_pod("b"))
    assert client.post(acme + "/pods/a/action", action("reboot")).code == 201
    reply = client.post(acme + "/pods/b/action", action("reboot"))
    assert reply.code == 409
    name = f"reboot-{int(clock.now)}"
    assert reply.json["message"] == f'pods "{name}" already exists'
    assert reply.json["details"] == {"name": name, "kind": "pods"}
    assert client.post(acme + "/pods/b/action", action("snapshot")).code == 201
    clock.tick(1)
    assert client.post(acme + "/pods/b/action", action("reboot")).code == 201


def test_snapshot_and_restore_details_name_quirk(client, clock, acme):
    client.post(acme + "/pods", vm_pod())
    clock.tick(1)
    snap = client.post(acme + "/pods/vm1/action", action("snapshot", snapshotName="snap-1"))
    assert snap.json["details"]["name"] == "snap-1"
    restore = client.post(acme + "/pods/vm1/action", action("restore", snapshotID="snap-1"))
    assert restore.json["details"]["name"] == "snap-1"
    clock.tick(0.5)
    items = client.get(acme + "/actions").json["items"]
    by_uid = {i["metadata"]["uid"]: i for i in items}
    assert by_uid[snap.json["details"]["uid"]]["status"]["snapshotStatus"] == {
        "snapshotID": "snap-1"
    }
    assert by_uid[restore.json["details"]["uid"]]["status"]["restoreStatus"] == {
        "restoreSuccessful": True
    }
    empty = client.post(acme + "/pods/vm1/action", action("snapshot"))
    assert empty.code == 409  # same second as the first snapshot
    clock.tick(1)
    empty = client.post(acme + "/pods/vm1/action", action("snapshot"))
    assert "name" not in empty.json["details"]


def test_unbound_pod_actions_never_complete(client, clock, acme):
    client.post(acme + "/pods", vm_pod(powerSpec="Shutdown"))
    clock.tick(2)
    client.post(acme + "/pods/vm1/action", action("reboot"))
    clock.tick(60)
    items = client.get(acme + "/actions").json["items"]
    assert items[0]["status"] == {} and "nodeName" not in items[0]["spec"]
    incomplete = client.get(acme + "/actions?fieldSelector=status.complete%3Dfalse")
    assert len(incomplete.json["items"]) == 1


def test_action_errors(client, acme):
    client.post(acme + "/pods", vm_pod())
    stop = client.post(acme + "/pods/vm1/action", action("stop"))
    assert (stop.code, stop.json["message"], stop.json["reason"]) == (
        400,
        "Unsupported operation 'stop' for Pod 'vm1'",
        "BadRequest",
    )
    missing = client.post(acme + "/pods/nope/action", action("stop"))
    assert (missing.code, missing.json["message"]) == (404, 'pods "nope" not found')
    assert client.get(acme + "/pods/vm1/action").code == 405


def test_action_field_selectors_and_delete(client, clock, acme):
    client.post(acme + "/pods", vm_pod())
    clock.tick(1)
    name = client.post(acme + "/pods/vm1/action", action("reboot")).json["details"]["name"]
    clock.tick(1)
    done = client.get(
        acme + "/actions?fieldSelector=status.complete%3Dtrue,spec.nodeName%3Darktos-node-1"
    )
    assert [i["metadata"]["name"] for i in done.json["items"]] == [name]
    bad = client.get(acme + "/actions?fieldSelector=spec.podName%3Dvm1")
    assert bad.json["message"] == "field label not supported: spec.podName"
    deleted = client.delete(f"{acme}/actions/{name}")
    assert deleted.json["status"] == "Success"
    assert deleted.json["details"]["kind"] == "actions"
    assert client.get(f"{acme}/actions/{name}").code == 404
