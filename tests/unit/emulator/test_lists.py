import base64
import json

import pytest

from tests.unit.emulator.conftest import vm_pod
from translator.emulator.store import decode_continue, encode_continue


def names(reply):
    return [i["metadata"]["name"] for i in reply.json["items"]]


@pytest.fixture
def five(client, acme):
    for i, name in enumerate(["p-c", "p-a", "p-e", "p-b", "p-d"]):
        pod = vm_pod(name)
        pod["metadata"]["labels"] = {"app": "x" if i % 2 else "y", "idx": str(i)}
        assert client.post(acme + "/pods", pod).code == 201
    return acme + "/pods"


def test_list_is_sorted_and_items_have_no_kind(client, five):
    reply = client.get(five)
    body = reply.json
    assert body["kind"] == "PodList" and body["apiVersion"] == "v1"
    assert body["metadata"]["selfLink"] == five
    assert body["metadata"]["resourceVersion"].isdigit()
    assert names(reply) == ["p-a", "p-b", "p-c", "p-d", "p-e"]
    assert "kind" not in body["items"][0]


def test_paging_with_arktos_continue_tokens(client, five):
    first = client.get(five + "?limit=2")
    assert names(first) == ["p-a", "p-b"]
    token = first.json["metadata"]["continue"]
    decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    assert decoded[0]["start"] == "p-b\x00" and decoded[0]["v"] == "meta.k8s.io/v1"
    second = client.get(five + "?limit=2&continue=" + token)
    assert names(second) == ["p-c", "p-d"]
    third = client.get(five + "?limit=2&continue=" + second.json["metadata"]["continue"])
    assert names(third) == ["p-e"]
    assert "continue" not in third.json["metadata"]
    assert len(names(client.get(five + "?limit=5"))) == 5
    assert "continue" not in client.get(five + "?limit=5").json["metadata"]


def test_bad_continue_token(client, five):
    reply = client.get(five + "?limit=2&continue=garbage")
    assert reply.code == 400
    assert reply.json["message"].startswith("invalid continue token")


def test_continue_token_round_trip():
    assert decode_continue(encode_continue(7, "ns/name")) == "ns/name\x00"


@pytest.mark.parametrize(
    "query,expected",
    [
        ("labelSelector=app%3Dx", ["p-a", "p-b"]),
        ("labelSelector=app!%3Dx", ["p-c", "p-d", "p-e"]),
        ("labelSelector=idx+in+(1,2,3)", ["p-a", "p-b", "p-e"]),
        ("labelSelector=idx+notin+(1,2)", ["p-b", "p-c", "p-d"]),
        ("labelSelector=!idx", []),
        ("fieldSelector=metadata.name%3Dp-a", ["p-a"]),
        ("fieldSelector=metadata.name!%3Dp-a", ["p-b", "p-c", "p-d", "p-e"]),
        ("fieldSelector=status.phase%3DPending", ["p-a", "p-b", "p-c", "p-d", "p-e"]),
        ("fieldSelector=metadata.namespace%3Dvms", ["p-a", "p-b", "p-c", "p-d", "p-e"]),
        ("fieldSelector=metadata.tenant%3Dacme", []),
        ("labelSelector=app%3Dx&limit=1", ["p-a"]),
    ],
)
def test_selectors(client, five, query, expected):
    assert names(client.get(f"{five}?{query}")) == expected


def test_field_selector_on_node_name_follows_scheduling(client, clock, five):
    assert len(names(client.get(five + "?fieldSelector=spec.nodeName%3D"))) == 5
    clock.tick(1)
    assert names(client.get(five + "?fieldSelector=spec.nodeName%3D")) == []
    running = client.get(
        five + "?fieldSelector=status.phase%3DRunning,spec.nodeName%3Darktos-node-1"
    )
    assert len(names(running)) == 5


def test_selector_errors(client, five):
    bad = client.get(five + "?fieldSelector=metadata.labels%3Dx")
    assert (bad.code, bad.json["message"]) == (400, "field label not supported: metadata.labels")
    assert client.get(five + "?labelSelector=app+in+(x").code == 400


def test_cross_namespace_and_cross_tenant_lists(client, five):
    client.post("/api/v1/tenants/acme/namespaces", {"metadata": {"name": "a-ns"}})
    client.post("/api/v1/tenants/acme/namespaces/a-ns/pods", vm_pod("zz"))
    client.post("/api/v1/namespaces/default/pods", vm_pod("sys"))
    tenant = client.get("/api/v1/tenants/acme/pods?limit=3")
    assert [(i["metadata"]["namespace"], i["metadata"]["name"]) for i in tenant.json["items"]] == [
        ("a-ns", "zz"),
        ("vms", "p-a"),
        ("vms", "p-b"),
    ]
    token = tenant.json["metadata"]["continue"]
    assert decode_continue(token) == "vms/p-b\x00"
    rest = client.get("/api/v1/tenants/acme/pods?limit=3&continue=" + token)
    assert names(rest) == ["p-c", "p-d", "p-e"]
    everything = client.get("/api/v1/tenants/all/pods")
    assert [i["metadata"]["tenant"] for i in everything.json["items"]] == ["acme"] * 6 + ["system"]
    assert names(client.get("/api/v1/pods")) == ["sys"]


def test_list_in_missing_namespace_is_empty(client):
    reply = client.get("/api/v1/tenants/nope/namespaces/nope/pods")
    assert (reply.code, reply.json["items"]) == (200, [])


def test_namespaces_lists(client, acme):
    ns = names(client.get("/api/v1/tenants/acme/namespaces"))
    assert ns == ["default", "kube-public", "kube-system", "vms"]
    assert names(client.get("/api/v1/namespaces")) == [
        "default",
        "kube-node-lease",
        "kube-public",
        "kube-system",
    ]
    assert len(names(client.get("/api/v1/tenants/all/namespaces"))) == 8
    tenants = client.get("/api/v1/tenants")
    assert tenants.json["kind"] == "TenantList"
    assert names(tenants) == ["acme", "system"]
    assert tenants.json["items"][0]["spec"] == {"finalizers": ["arktos"], "storageClusterId": "0"}


def test_resource_versions_increase(client, acme):
    first = client.post(acme + "/pods", vm_pod("a")).json["metadata"]["resourceVersion"]
    second = client.post(acme + "/pods", vm_pod("b")).json["metadata"]["resourceVersion"]
    listed = client.get(acme + "/pods").json["metadata"]["resourceVersion"]
    assert int(first) < int(second) <= int(listed)


def test_label_index_follows_updates_and_deletes(client, five):
    path = five.rsplit("/", 1)[0]
    assert names(client.get(five + "?labelSelector=app%3Dx")) == ["p-a", "p-b"]
    client.patch(path + "/pods/p-a", {"metadata": {"labels": {"app": "y"}}})
    client.patch(path + "/pods/p-c", {"metadata": {"labels": {"app": "x"}}})
    assert names(client.get(five + "?labelSelector=app%3Dx")) == ["p-b", "p-c"]
    assert names(client.get(five + "?labelSelector=app+in+(x,z),idx!%3D3")) == ["p-c"]
    client.delete(path + "/pods/p-b")
    deleted = client.delete(path + "/pods/p-c")
    assert deleted.json["metadata"]["labels"]["app"] == "x"
    assert names(client.get(five + "?labelSelector=app%3Dx")) == []


def test_label_index_paging(client, acme):
    for i in range(6):
        pod = vm_pod(f"n{i}")
        pod["metadata"]["labels"] = {"g": "a" if i % 3 else "b"}
        client.post(acme + "/pods", pod)
    first = client.get(acme + "/pods?labelSelector=g%3Da&limit=2")
    assert names(first) == ["n1", "n2"]
    rest = client.get(
        acme + "/pods?labelSelector=g%3Da&limit=2&continue=" + first.json["metadata"]["continue"]
    )
    assert names(rest) == ["n4", "n5"]
    assert "continue" not in rest.json["metadata"]
