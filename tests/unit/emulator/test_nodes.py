"""Nodes (objects, heartbeats, cordoning) and the simulated scheduler, on a fake clock."""

import pytest

from tests.unit.emulator.conftest import Client, vm_pod
from translator.emulator.app import make_app
from translator.emulator.lifecycle import Timings
from translator.emulator.nodes import NodeShape
from translator.emulator.objects import rfc3339

NODES = "/api/v1/nodes"
HOST = "kubernetes.io/hostname"


@pytest.fixture
def three(clock):
    """Three nodes of 4 CPUs / 8Gi / 5 pods, as ``arktos-up.sh --nodes 3`` with those sizes."""
    shape = NodeShape(count=3, cpus=4, memory="8Gi", max_pods=5)
    return Client(make_app(timings=Timings(boot=1.0), clock=clock, nodes=shape))


@pytest.fixture
def ns(three):
    tenant = {"metadata": {"name": "acme"}, "spec": {"storageClusterId": "0"}}
    assert three.post("/api/v1/tenants", tenant).code == 201
    assert three.post("/api/v1/tenants/acme/namespaces", {"metadata": {"name": "vms"}}).code == 201
    return "/api/v1/tenants/acme/namespaces/vms"


def pod(name, cpu="1", memory="1Gi", labels=None, **spec):
    body = vm_pod(name, resources={"limits": {"cpu": cpu, "memory": memory},
                                   "requests": {"cpu": cpu, "memory": memory}})
    body["metadata"]["labels"] = labels or {"app": "demo"}
    body["spec"].update(spec)
    return body


def placed(client, ns, name):
    got = client.get(f"{ns}/pods/{name}").json
    scheduled = [c for c in got["status"].get("conditions", []) if c["type"] == "PodScheduled"]
    return got["spec"].get("nodeName"), scheduled[0].get("message") if scheduled else None


def anti(key="group", value="g1", required=True, weight=None):
    term = {"labelSelector": {"matchLabels": {key: value}}, "topologyKey": HOST}
    if required:
        return {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}
    return {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": weight or 100, "podAffinityTerm": term}]}}


def test_default_is_one_node_every_pod_fits_on(client):
    nodes = client.get(NODES).json
    assert nodes["kind"] == "NodeList"
    [node] = nodes["items"]
    assert node["metadata"]["name"] == "arktos-node-1"
    assert node["metadata"]["selfLink"] == "/api/v1/nodes/arktos-node-1"
    assert node["metadata"]["labels"][HOST] == "arktos-node-1"
    assert node["status"]["allocatable"]["cpu"] == "1000"
    assert node["status"]["addresses"] == [
        {"type": "InternalIP", "address": "192.0.2.2"},
        {"type": "Hostname", "address": "arktos-node-1"},
    ]


def test_node_objects(three):
    items = three.get(NODES).json["items"]
    assert [n["metadata"]["name"] for n in items] == [f"arktos-node-{i}" for i in (1, 2, 3)]
    node = three.get(NODES + "/arktos-node-2").json
    assert (node["kind"], node["apiVersion"]) == ("Node", "v1")
    assert "tenant" not in node["metadata"] and "namespace" not in node["metadata"]
    assert node["spec"] == {}
    assert node["status"]["capacity"]["cpu"] == "4"
    assert node["status"]["capacity"]["memory"] == "8Gi"
    assert node["status"]["capacity"]["pods"] == "5"
    ready = node["status"]["conditions"][-1]
    assert (ready["type"], ready["status"], ready["reason"]) == ("Ready", "True", "KubeletReady")
    assert three.get(NODES + "/nope").json["message"] == 'nodes "nope" not found'
    assert three.post(NODES, {"metadata": {"name": "x"}}).code == 405
    assert three.delete(NODES + "/arktos-node-1").code == 405


def test_node_selectors(three):
    def names(query):
        return [n["metadata"]["name"] for n in three.get(NODES + "?" + query).json["items"]]

    assert names("labelSelector=kubernetes.io/hostname%3Darktos-node-3") == ["arktos-node-3"]
    assert names("fieldSelector=metadata.name%3Darktos-node-2") == ["arktos-node-2"]
    assert three.patch(NODES + "/arktos-node-1", {"spec": {"unschedulable": True}}).code == 200
    assert names("fieldSelector=spec.unschedulable%3Dfalse") == ["arktos-node-2", "arktos-node-3"]
    reply = three.get(NODES + "?fieldSelector=status.phase%3Dx")
    assert (reply.code, reply.json["message"]) == (400, "field label not supported: status.phase")
    page = three.get(NODES + "?limit=1").json
    assert len(page["items"]) == 1 and page["metadata"]["continue"]


def test_heartbeat_and_lease_stay_fresh(three, clock):
    start = three.get(NODES + "/arktos-node-1").json
    clock.tick(3600)
    node = three.get(NODES + "/arktos-node-1").json
    beats = {c["lastHeartbeatTime"] for c in node["status"]["conditions"]}
    assert beats == {rfc3339(clock())}
    assert node["status"]["conditions"][-1]["lastTransitionTime"] == (
        start["status"]["conditions"][-1]["lastTransitionTime"])
    lease = three.get(
        "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/arktos-node-1").json
    assert lease["spec"]["renewTime"] == rfc3339(clock())[:-1] + ".000000Z"
    assert lease["spec"]["leaseDurationSeconds"] == 40
    assert lease["metadata"]["ownerReferences"][0]["uid"] == node["metadata"]["uid"]


def test_cordon_with_each_patch_type_and_put_conflicts(three, clock):
    path = NODES + "/arktos-node-1"
    cordoned = three.patch(path, {"spec": {"unschedulable": True}}, kind="strategic-merge").json
    assert cordoned["spec"] == {"unschedulable": True}
    clock.tick(0.1)
    taints = three.get(path).json["spec"]["taints"]
    assert [(t["key"], t["effect"]) for t in taints] == [
        ("node.kubernetes.io/unschedulable", "NoSchedule")]
    ops = [{"op": "remove", "path": "/spec/unschedulable"}]
    assert three.call("PATCH", path, ops, content_type="application/json-patch+json").code == 200
    clock.tick(0.1)
    assert three.get(path).json["spec"] == {}
    labelled = three.patch(path, {"metadata": {"labels": {"zone": "z1"},
                                               "annotations": {"why": "maintenance"}}}).json
    assert labelled["metadata"]["labels"]["zone"] == "z1"
    assert labelled["metadata"]["annotations"]["why"] == "maintenance"
    stale = dict(labelled, metadata=dict(labelled["metadata"], resourceVersion="1"))
    reply = three.put(path, stale)
    assert (reply.code, reply.json["reason"]) == (409, "Conflict")
    fresh = three.put(path, dict(labelled, spec={"unschedulable": True}))
    assert fresh.code == 200 and fresh.json["status"] == labelled["status"]


def test_pods_spread_and_fill_the_nodes(three, clock, ns):
    for i in range(3):
        assert three.post(ns + "/pods", pod(f"vm{i}", cpu="3")).code == 201
    clock.tick(0.1)
    assert sorted(placed(three, ns, f"vm{i}")[0] for i in range(3)) == [
        "arktos-node-1", "arktos-node-2", "arktos-node-3"]
    three.post(ns + "/pods", pod("big", cpu="2", memory="8Gi"))
    clock.tick(0.1)
    assert placed(three, ns, "big") == (
        None, "0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory.")
    got = three.get(ns + "/pods/big").json
    assert got["status"]["phase"] == "Pending"
    assert [(c["type"], c["status"], c["reason"]) for c in got["status"]["conditions"]] == [
        ("PodScheduled", "False", "Unschedulable")]


def test_a_waiting_pod_is_placed_when_room_frees_up(three, clock, ns):
    for i in range(3):
        three.post(ns + "/pods", pod(f"vm{i}", cpu="3"))
    three.post(ns + "/pods", pod("next", cpu="2"))
    clock.tick(0.1)
    assert placed(three, ns, "next")[0] is None
    node = placed(three, ns, "vm1")[0]
    three.delete(ns + "/pods/vm1", {"gracePeriodSeconds": 0})
    clock.tick(0.1)
    assert placed(three, ns, "next")[0] == node
    assert three.get(ns + "/pods/next").json["status"]["conditions"][-1]["status"] == "True"


def test_too_many_pods(three, clock, ns):
    for i in range(15):
        three.post(ns + "/pods", pod(f"vm{i}", cpu="100m", memory="10Mi"))
    three.post(ns + "/pods", pod("one-more", cpu="100m", memory="10Mi"))
    clock.tick(0.1)
    assert placed(three, ns, "one-more") == (None, "0/3 nodes are available: 3 Too many pods.")


def test_cordoned_nodes_and_node_selectors(three, clock, ns):
    three.patch(NODES + "/arktos-node-1", {"spec": {"unschedulable": True}})
    three.post(ns + "/pods", pod("pinned", nodeSelector={HOST: "arktos-node-1"}))
    clock.tick(0.1)
    assert placed(three, ns, "pinned") == (None, (
        "0/3 nodes are available: 1 node(s) were unschedulable, "
        "2 node(s) didn't match node selector."))
    three.patch(NODES + "/arktos-node-1", {"spec": {"unschedulable": None}})
    clock.tick(0.1)
    assert placed(three, ns, "pinned")[0] == "arktos-node-1"
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": HOST, "operator": "NotIn", "values": ["arktos-node-1", "arktos-node-2"]}]}]}}}
    three.post(ns + "/pods", pod("away", affinity=affinity))
    clock.tick(0.1)
    assert placed(three, ns, "away")[0] == "arktos-node-3"


def test_required_anti_affinity(three, clock, ns):
    for i in range(4):
        body = pod(f"m{i}", cpu="100m", labels={"group": "g1"}, affinity=anti())
        three.post(ns + "/pods", body)
        clock.tick(0.1)
    nodes = [placed(three, ns, f"m{i}")[0] for i in range(3)]
    assert sorted(nodes) == ["arktos-node-1", "arktos-node-2", "arktos-node-3"]
    assert placed(three, ns, "m3") == (None, (
        "0/3 nodes are available: 3 node(s) didn't match pod affinity/anti-affinity, "
        "3 node(s) didn't satisfy existing pods anti-affinity rules."))
    # the group's own rule, for a pod the existing members do not select
    three.post(ns + "/pods", pod("outsider", cpu="100m", labels={"group": "g2"},
                                 affinity=anti()))
    clock.tick(0.1)
    assert placed(three, ns, "outsider")[1].endswith(
        "3 node(s) didn't match pod anti-affinity rules.")
    three.delete(ns + "/pods/m0", {"gracePeriodSeconds": 0})
    clock.tick(0.1)
    assert placed(three, ns, "m3")[0] == nodes[0] or placed(three, ns, "outsider")[0] == nodes[0]


def test_required_affinity(three, clock, ns):
    term = {"labelSelector": {"matchExpressions": [
        {"key": "group", "operator": "In", "values": ["g1"]}]}, "topologyKey": HOST}
    affinity = {"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [term]}}
    three.post(ns + "/pods", pod("stranger", labels={"group": "g9"}, affinity=affinity))
    three.post(ns + "/pods", pod("first", labels={"group": "g1"}, affinity=affinity))
    clock.tick(0.1)
    assert placed(three, ns, "stranger")[1] == (
        "0/3 nodes are available: 3 node(s) didn't match pod affinity rules, "
        "3 node(s) didn't match pod affinity/anti-affinity.")
    first = placed(three, ns, "first")[0]
    assert first is not None
    three.post(ns + "/pods", pod("second", labels={"group": "g1"}, affinity=affinity))
    clock.tick(0.1)
    assert placed(three, ns, "second")[0] == first


def test_preferred_anti_affinity_spreads_then_shares(three, clock, ns):
    for i in range(4):
        body = pod(f"s{i}", cpu="100m", labels={"group": "soft"},
                   affinity=anti(value="soft", required=False))
        three.post(ns + "/pods", body)
        clock.tick(0.1)
    nodes = [placed(three, ns, f"s{i}")[0] for i in range(4)]
    assert sorted(nodes[:3]) == ["arktos-node-1", "arktos-node-2", "arktos-node-3"]
    assert nodes[3] is not None


def test_other_tenants_pods_are_not_selected(three, clock, ns):
    three.post("/api/v1/tenants", {"metadata": {"name": "other"}, "spec": {}})
    three.post("/api/v1/tenants/other/namespaces", {"metadata": {"name": "vms"}})
    other = "/api/v1/tenants/other/namespaces/vms"
    for i in range(3):
        three.post(other + "/pods", pod(f"o{i}", cpu="100m", labels={"group": "g1"},
                                        affinity=anti()))
        clock.tick(0.1)
    three.post(ns + "/pods", pod("mine", cpu="100m", labels={"group": "g1"}, affinity=anti()))
    clock.tick(0.1)
    assert placed(three, ns, "mine")[0] is not None


def test_state_file_keeps_nodes_and_placements(three, clock, ns):
    three.patch(NODES + "/arktos-node-2", {"metadata": {"labels": {"zone": "z2"}}})
    for i in range(3):
        three.post(ns + "/pods", pod(f"vm{i}", cpu="3"))
    clock.tick(0.1)
    store = three.app.store
    with store.lock:
        data = store.dump()
        store.load(data, clock())
    assert three.get(NODES + "/arktos-node-2").json["metadata"]["labels"]["zone"] == "z2"
    three.post(ns + "/pods", pod("big", cpu="2"))
    clock.tick(0.1)
    assert placed(three, ns, "big") == (None, "0/3 nodes are available: 3 Insufficient cpu.")
