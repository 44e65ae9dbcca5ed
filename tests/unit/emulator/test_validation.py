import base64

import pytest

from tests.unit.emulator.conftest import vm_pod


def causes(reply):
    return [(c["field"], c["reason"], c["message"]) for c in reply.json["details"]["causes"]]


def test_valid_vm_pod_is_created_with_arktos_defaults(client, acme):
    reply = client.post(acme + "/pods", vm_pod())
    assert reply.code == 201
    pod = reply.json
    vm = pod["spec"]["virtualMachine"]
    assert (vm["imagePullPolicy"], vm["shutdownBehavior"], vm["powerSpec"]) == (
        "IfNotPresent",
        "stop",
        "Running",
    )
    spec = pod["spec"]
    assert spec["restartPolicy"] == "Always"
    assert spec["terminationGracePeriodSeconds"] == 30
    assert spec["dnsPolicy"] == "ClusterFirst"
    assert spec["schedulerName"] == "default-scheduler"
    assert spec["workloadInfo"] == [
        {
            "name": "vm",
            "image": vm["image"],
            "resources": vm["resources"],
            "imagePullPolicy": "IfNotPresent",
        }
    ]
    assert [t["key"] for t in spec["tolerations"]] == [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ]
    assert pod["status"] == {"phase": "Pending", "qosClass": "Guaranteed"}
    meta = pod["metadata"]
    assert meta["tenant"] == "acme" and meta["namespace"] == "vms"
    assert meta["selfLink"] == "/api/v1/tenants/acme/namespaces/vms/pods/vm1"
    assert isinstance(meta["hashKey"], int) and meta["uid"] and meta["resourceVersion"].isdigit()
    assert "containers" not in spec


def test_self_link_omits_system_tenant(client):
    reply = client.post("/api/v1/namespaces/default/pods", vm_pod())
    assert reply.json["metadata"]["selfLink"] == "/api/v1/namespaces/default/pods/vm1"
    assert reply.json["metadata"]["tenant"] == "system"


@pytest.mark.parametrize(
    "resources,qos",
    [({}, "BestEffort"), ({"limits": {"cpu": "1", "memory": "1Gi"}}, "Burstable")],
)
def test_qos_class_does_not_default_requests_for_vms(client, acme, resources, qos):
    reply = client.post(acme + "/pods", vm_pod(resources=resources))
    assert reply.json["status"]["qosClass"] == qos


def test_quantities_are_canonicalized(client, acme):
    res = {"limits": {"cpu": "1000m", "memory": "1024Mi"}, "requests": {"cpu": "0.5"}}
    reply = client.post(acme + "/pods", vm_pod(resources=res))
    assert reply.json["spec"]["virtualMachine"]["resources"] == {
        "limits": {"cpu": "1", "memory": "1Gi"},
        "requests": {"cpu": "500m"},
    }


def test_both_workloads_forbidden(client, acme):
    pod = vm_pod()
    pod["spec"]["containers"] = []
    reply = client.post(acme + "/pods", pod)
    assert reply.code == 422
    assert reply.json["message"] == (
        'Pod "vm1" is invalid: containers,virtualMachine: Forbidden: containers and '
        "virtualMachine workloads in same pod"
    )
    assert causes(reply) == [
        (
            "containers,virtualMachine",
            "FieldValueForbidden",
            "Forbidden: containers and virtualMachine workloads in same pod",
        )
    ]


def test_no_workload(client, acme):
    reply = client.post(acme + "/pods", {"metadata": {"name": "x"}, "spec": {}})
    assert reply.json["message"] == 'Pod "x" is invalid: spec.containers: Required value'
    assert reply.json["details"] == {
        "name": "x",
        "kind": "Pod",
        "causes": [
            {
                "reason": "FieldValueRequired",
                "message": "Required value",
                "field": "spec.containers",
            }
        ],
    }


def test_key_pair_or_public_key_required(client, acme):
    reply = client.post(acme + "/pods", vm_pod(keyPairName=""))
    assert reply.code == 422
    assert causes(reply) == [
        (
            "spec.virtualMachine.keyPairName",
            "FieldValueRequired",
            "Required value: KeyPairName and PublicKey can't be both empty",
        )
    ]
    assert client.post(acme + "/pods", vm_pod(keyPairName="", publicKey="ssh-rsa A")).code == 201


def test_vm_name_is_checked_twice_like_arktos(client, acme):
    reply = client.post(acme + "/pods", vm_pod(name="Bad.VM"))
    fields = [c[0] for c in causes(reply)]
    assert fields == ["spec.workloadInfo[0].name", "spec.virtualMachine.name"]
    assert reply.json["message"].startswith(
        'Pod "vm1" is invalid: [spec.workloadInfo[0].name: Invalid value: "Bad.VM": a DNS-1123 '
        "label must consist of lower case alphanumeric characters"
    )


def test_empty_vm_name_and_missing_key_give_three_causes(client, acme):
    reply = client.post(acme + "/pods", vm_pod(name="", keyPairName=""))
    assert [c[2] for c in causes(reply)] == [
        "Required value: commonInfo name cannot be empty",
        "Required value: virtual machine name cannot be empty",
        "Required value: KeyPairName and PublicKey can't be both empty",
    ]


def test_pod_name_must_be_dns_subdomain(client, acme):
    reply = client.post(acme + "/pods", vm_pod("Bad_Name"))
    assert causes(reply)[0][:2] == ("metadata.name", "FieldValueInvalid")
    assert "a DNS-1123 subdomain must consist of" in reply.json["message"]
    long = client.post(acme + "/pods", vm_pod("a" * 254))
    assert long.json["details"]["causes"][0]["message"].endswith(
        "must be no more than 253 characters"
    )


def test_missing_name(client, acme):
    reply = client.post(acme + "/pods", vm_pod(""))
    assert reply.json["message"] == (
        'Pod "" is invalid: metadata.name: Required value: name or generateName is required'
    )
    assert "name" not in reply.json["details"]


def test_generate_name(client, acme):
    pod = vm_pod("")
    pod["metadata"]["generateName"] = "gen-"
    reply = client.post(acme + "/pods", pod)
    assert reply.code == 201
    assert reply.json["metadata"]["name"].startswith("gen-")
    assert len(reply.json["metadata"]["name"]) == 9


def test_user_data_too_long(client, acme):
    data = base64.b64encode(b"x" * 65536).decode()
    reply = client.post(acme + "/pods", vm_pod(userData=data))
    assert causes(reply) == [
        (
            "spec.virtualMachine.userData",
            "FieldValueTooLong",
            "Too long: must have at most 65535 characters",
        )
    ]
    ok = base64.b64encode(b"x" * 65535).decode()
    assert client.post(acme + "/pods", vm_pod("vm2", userData=ok)).code == 201


def test_requests_above_limits(client, acme):
    res = {"limits": {"cpu": "1"}, "requests": {"cpu": "2"}}
    reply = client.post(acme + "/pods", vm_pod(resources=res))
    assert causes(reply) == [
        (
            "spec.virtualMachine.resources.requests",
            "FieldValueInvalid",
            'Invalid value: "2": must be less than or equal to cpu limit',
        )
    ]


def test_negative_and_unknown_resources(client, acme):
    neg = client.post(acme + "/pods", vm_pod(resources={"requests": {"cpu": "-1"}}))
    assert causes(neg)[0][0] == "spec.virtualMachine.resources.requests[cpu]"
    bogus = client.post(acme + "/pods", vm_pod(resources={"limits": {"bogus": "1"}}))
    assert [c[2] for c in causes(bogus)] == [
        'Invalid value: "bogus": must be a standard resource type or fully qualified',
        'Invalid value: "bogus": must be a standard resource for containers',
    ]


def test_bad_quantity_is_a_decode_error(client, acme):
    reply = client.post(acme + "/pods", vm_pod(resources={"limits": {"cpu": "abc"}}))
    assert reply.code == 400
    assert reply.json["reason"] == "BadRequest"
    assert "quantities must match the regular expression" in reply.json["message"]


def test_image_pull_policy(client, acme):
    reply = client.post(acme + "/pods", vm_pod(imagePullPolicy="Sometimes"))
    assert reply.json["message"].endswith(
        'spec.virtualMachine.imagePullPolicy: Unsupported value: "Sometimes": supported values: '
        '"Always", "IfNotPresent", "Never"'
    )


def test_scope_mismatch_and_missing_parents(client, acme):
    pod = vm_pod()
    pod["metadata"]["tenant"] = "other"
    reply = client.post(acme + "/pods", pod)
    assert (reply.code, reply.json["message"]) == (
        400,
        "the tenant of the provided object does not match the tenant sent on the request",
    )
    pod = vm_pod()
    pod["metadata"]["namespace"] = "other"
    assert client.post(acme + "/pods", pod).json["message"].startswith("the namespace of")
    missing_ns = client.post("/api/v1/tenants/acme/namespaces/nope/pods", vm_pod())
    assert (missing_ns.code, missing_ns.json["message"]) == (404, 'namespaces "nope" not found')
    missing_t = client.post("/api/v1/tenants/nope/namespaces/vms/pods", vm_pod())
    assert (missing_t.code, missing_t.json["details"]) == (
        404,
        {"name": "nope", "kind": "tenants"},
    )


def test_wrong_api_version_and_duplicate(client, acme):
    pod = vm_pod()
    pod["apiVersion"] = "v2"
    reply = client.post(acme + "/pods", pod)
    assert reply.code == 400
    assert reply.json["message"].startswith('Pod in version "v2" cannot be handled as a Pod')
    assert client.post(acme + "/pods", vm_pod()).code == 201
    dup = client.post(acme + "/pods", vm_pod())
    assert dup.code == 409
    assert dup.json["message"] == 'pods "vm1" already exists'
    assert dup.json["details"] == {"name": "vm1", "kind": "pods"}


@pytest.mark.parametrize(
    "spec,message",
    [
        ({}, "spec.storageClusterId: Required value: must specify storage cluster id"),
        (
            {"storageClusterId": "64"},
            'spec.storageClusterId: Invalid value: "64": must be integer',
        ),
        ({"storageClusterId": "x"}, 'spec.storageClusterId: Invalid value: "x": must be integer'),
    ],
)
def test_tenant_storage_cluster_id(client, spec, message):
    reply = client.post("/api/v1/tenants", {"metadata": {"name": "t1"}, "spec": spec})
    assert reply.code == 422
    assert reply.json["message"].startswith(f'Tenant "t1" is invalid: {message}')


def test_tenant_name_all_is_reserved(client):
    reply = client.post(
        "/api/v1/tenants", {"metadata": {"name": "all"}, "spec": {"storageClusterId": "0"}}
    )
    assert reply.json["details"]["causes"][0]["message"] == (
        'Invalid value: "all": is not an acceptable tenant name'
    )


def test_pod_update_may_only_change_vm_and_nics(client, acme):
    pod = client.post(acme + "/pods", vm_pod()).json
    pod["spec"]["restartPolicy"] = "Never"
    reply = client.put(acme + "/pods/vm1", pod)
    assert reply.code == 422
    assert reply.json["details"]["causes"][0]["field"] == "spec"
    assert "pod updates may not change fields other than" in reply.json["message"]
    pod["spec"]["restartPolicy"] = "Always"
    pod["spec"]["nics"] = [{"name": "eth0"}]
    pod["spec"]["virtualMachine"]["image"] = "other"
    assert client.put(acme + "/pods/vm1", pod).code == 200


def test_configmap_and_secret_decoding(client, acme):
    cm = {"metadata": {"name": "cm"}, "data": {"a": 1}}
    assert client.post(acme + "/configmaps", cm).code == 400
    bad_key = {"metadata": {"name": "cm"}, "data": {"a b": "x"}}
    assert client.post(acme + "/configmaps", bad_key).code == 422
    secret = {"metadata": {"name": "s"}, "data": {"a": "!!"}}
    assert client.post(acme + "/secrets", secret).code == 400
    secret = {"metadata": {"name": "s"}, "stringData": {"b": "xyz"}}
    reply = client.post(acme + "/secrets", secret)
    assert reply.json["data"] == {"b": "eHl6"} and reply.json["type"] == "Opaque"
