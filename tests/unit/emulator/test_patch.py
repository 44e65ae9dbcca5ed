import json

import pytest

from tests.unit.emulator.conftest import vm_pod
from translator.emulator.errors import go_json_syntax_error
from translator.emulator.patch import (
    PatchDecodeError,
    PatchError,
    json_patch,
    merge_patch,
    strategic_merge_patch,
)


def test_merge_patch_rfc7386():
    target = {"a": "b", "c": {"d": "e", "f": "g"}, "l": [1, 2]}
    patch = {"a": "z", "c": {"f": None}, "l": [3], "n": {"x": None}}
    assert merge_patch(target, patch) == {"a": "z", "c": {"d": "e"}, "l": [3], "n": {}}
    assert target["c"] == {"d": "e", "f": "g"}


def test_strategic_merge_nics_by_name():
    spec = {"spec": {"nics": [{"name": "eth1", "portId": "p1"}]}}
    added = strategic_merge_patch(spec, {"spec": {"nics": [{"name": "eth2"}]}})
    assert added["spec"]["nics"] == [{"name": "eth2"}, {"name": "eth1", "portId": "p1"}]
    merged = strategic_merge_patch(added, {"spec": {"nics": [{"name": "eth1", "tag": "t"}]}})
    assert merged["spec"]["nics"][0] == {"name": "eth1", "portId": "p1", "tag": "t"}
    removed = strategic_merge_patch(
        merged, {"spec": {"nics": [{"name": "eth1", "$patch": "delete"}]}}
    )
    assert removed["spec"]["nics"] == [{"name": "eth2"}]


def test_strategic_merge_replace_and_primitive_lists():
    obj = {"metadata": {"finalizers": ["a"]}, "spec": {"x": {"k": 1, "j": 2}}}
    out = strategic_merge_patch(
        obj,
        {"metadata": {"finalizers": ["b", "a"]}, "spec": {"x": {"$patch": "replace", "k": 3}}},
    )
    assert out == {"metadata": {"finalizers": ["a", "b"]}, "spec": {"x": {"k": 3}}}
    out = strategic_merge_patch(out, {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}})
    assert out["metadata"]["finalizers"] == ["b"]


def test_json_patch_operations():
    doc = {"a": {"b": [1, 2]}, "c": "d"}
    ops = [
        {"op": "add", "path": "/a/b/-", "value": 3},
        {"op": "replace", "path": "/c", "value": "e"},
        {"op": "copy", "from": "/c", "path": "/f"},
        {"op": "move", "from": "/a/b/0", "path": "/g"},
        {"op": "remove", "path": "/f"},
        {"op": "test", "path": "/g", "value": 1},
    ]
    assert json_patch(doc, ops) == {"a": {"b": [2, 3]}, "c": "e", "g": 1}
    with pytest.raises(PatchError):
        json_patch(doc, [{"op": "test", "path": "/c", "value": "x"}])
    # As real Arktos (evanphx json-patch v4): replace adds a missing key of an existing object.
    assert json_patch(doc, [{"op": "replace", "path": "/missing", "value": 1}])["missing"] == 1
    with pytest.raises(PatchError):
        json_patch(doc, [{"op": "replace", "path": "/no/such", "value": 1}])
    with pytest.raises(PatchError):
        json_patch(doc, [{"op": "bogus", "path": "/c", "value": 1}])
    with pytest.raises(PatchError):
        json_patch(doc, [{"op": "add", "value": 1}])
    with pytest.raises(PatchDecodeError, match="cannot unmarshal object into Go value of type "
                       "jsonpatch.Patch"):
        json_patch(doc, {"op": "add"})
    with pytest.raises(PatchDecodeError, match="cannot unmarshal number into Go value of type "
                       "jsonpatch.Operation"):
        json_patch(doc, [1])


def test_patch_endpoint_content_types(client, acme):
    client.post(acme + "/pods", vm_pod())
    path = acme + "/pods/vm1"
    labels = client.patch(path, {"metadata": {"labels": {"app": None, "z": "1"}}})
    assert labels.json["metadata"]["labels"] == {"z": "1"}
    nics = client.patch(path, {"spec": {"nics": [{"name": "eth0"}]}}, kind="strategic-merge")
    assert nics.json["spec"]["nics"] == [{"name": "eth0"}]
    ops = [{"op": "replace", "path": "/spec/virtualMachine/powerSpec", "value": "Shutdown"}]
    assert client.patch(path, ops, kind="json").json["spec"]["virtualMachine"]["powerSpec"] == (
        "Shutdown"
    )
    wrong = client.call("PATCH", path, {"a": 1}, content_type="application/json")
    assert (wrong.code, wrong.json["reason"], wrong.json["message"]) == (
        415,
        "UnsupportedMediaType",
        "415: Unsupported Media Type",
    )
    bad = client.call("PATCH", path, b"{bad", content_type="application/merge-patch+json")
    assert (bad.code, bad.json["message"], "reason" in bad.json) == (
        500,
        "Invalid JSON Patch",
        False,
    )
    failed = client.patch(path, [{"op": "test", "path": "/spec", "value": 1}], kind="json")
    assert (failed.code, failed.json["reason"]) == (422, "Invalid")


def test_patch_conflicts_and_immutable_spec(client, acme):
    client.post(acme + "/pods", vm_pod())
    path = acme + "/pods/vm1"
    stale = client.patch(path, {"metadata": {"resourceVersion": "1"}})
    assert (stale.code, stale.json["reason"]) == (409, "Conflict")
    assert stale.json["message"] == (
        'Operation cannot be fulfilled on pods "vm1": the object has been modified; please apply '
        "your changes to the latest version and try again"
    )
    assert client.patch(path, {"spec": {"restartPolicy": "Never"}}).code == 422
    assert client.patch(acme + "/pods/nope", {"a": 1}).code == 404


def test_put_conflict_and_name_mismatch(client, acme):
    pod = client.post(acme + "/pods", vm_pod()).json
    pod["metadata"]["labels"]["x"] = "y"
    assert client.put(acme + "/pods/vm1", pod).code == 200
    assert client.put(acme + "/pods/vm1", pod).json["reason"] == "Conflict"
    pod["metadata"]["name"] = "other"
    mismatch = client.put(acme + "/pods/vm1", pod)
    assert mismatch.json["message"] == (
        "the name of the object (other) does not match the name on the URL (vm1)"
    )
    pod["metadata"]["name"] = "vm1"
    del pod["metadata"]["resourceVersion"]
    assert client.put(acme + "/pods/vm1", pod).code == 200


def test_status_patch_keeps_spec(client, acme):
    client.post(acme + "/pods", vm_pod())
    reply = client.patch(
        acme + "/pods/vm1/status",
        {
            "spec": {"virtualMachine": {"powerSpec": "Shutdown"}},
            "status": {"virtualMachineStatus": {"state": "bogus"}},
        },
    )
    assert reply.code == 200
    assert reply.json["spec"]["virtualMachine"]["powerSpec"] == "Running"
    assert reply.json["status"]["virtualMachineStatus"] == {"state": "bogus"}
    assert client.get(acme + "/pods/vm1/status").json["kind"] == "Pod"


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"{bad", "invalid character 'b' looking for beginning of object key string"),
        (b"[1 2]", "invalid character '2' after array element"),
        (b'{"a": 1 "b"}', "invalid character '\"' after object key:value pair"),
        (b'{"a" 1}', "invalid character '1' after object key"),
        (b"{} x", "invalid character 'x' after top-level value"),
        (b"x", "invalid character 'x' looking for beginning of value"),
        (b'{"a":', "unexpected end of JSON input"),
    ],
)
def test_go_json_syntax_error(raw, message):
    try:
        json.loads(raw)
    except ValueError as exc:
        assert go_json_syntax_error(raw, exc) == message
