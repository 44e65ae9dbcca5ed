"""In-process client for the emulator's WSGI app, driven by a fake clock."""

import copy
import io
import json

import pytest

from translator.emulator.app import make_app
from translator.emulator.lifecycle import Timings

VM_POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "vm1", "labels": {"app": "demo"}},
    "spec": {
        "virtualMachine": {
            "name": "vm",
            "image": "download.cirros-cloud.net/0.5.1/cirros-0.5.1-x86_64-disk.img",
            "keyPairName": "key",
            "resources": {
                "limits": {"cpu": "1", "memory": "512Mi"},
                "requests": {"cpu": "1", "memory": "512Mi"},
            },
        }
    },
}


def vm_pod(pod_name="vm1", **vm_fields):
    pod = copy.deepcopy(VM_POD)
    pod["metadata"]["name"] = pod_name
    pod["spec"]["virtualMachine"].update(vm_fields)
    return pod


class FakeClock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now

    def tick(self, seconds):
        self.now += seconds


class Client:
    def __init__(self, app):
        self.app = app

    def call(self, method, path, body=None, content_type="application/json", headers=None):
        path, _, query = path.partition("?")
        raw = (
            body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        )
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": content_type if raw else "",
            "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw),
        }
        for key, value in (headers or {}).items():
            environ["HTTP_" + key.upper().replace("-", "_")] = value
        seen = {}

        def start_response(status, response_headers):
            seen["status"], seen["headers"] = status, dict(response_headers)

        data = b"".join(self.app(environ, start_response))
        return Reply(int(seen["status"].split()[0]), seen["headers"], data)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body, **kw):
        return self.call("POST", path, body, **kw)

    def put(self, path, body, **kw):
        return self.call("PUT", path, body, **kw)

    def patch(self, path, body, kind="merge", **kw):
        return self.call("PATCH", path, body, content_type=f"application/{kind}-patch+json", **kw)

    def delete(self, path, body=None, **kw):
        return self.call("DELETE", path, body, **kw)


class Reply:
    def __init__(self, code, headers, data):
        self.code, self.headers, self.data = code, headers, data

    @property
    def json(self):
        return json.loads(self.data)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(clock):
    return make_app(timings=Timings(boot=1.0, stop=0.5, delete=1.0, action=0.5), clock=clock)


@pytest.fixture
def client(app):
    return Client(app)


@pytest.fixture
def acme(client):
    """Tenant ``acme`` with namespace ``vms``; returns the pods collection path."""
    tenant = {"metadata": {"name": "acme"}, "spec": {"storageClusterId": "0"}}
    assert client.post("/api/v1/tenants", tenant).code == 201
    assert (
        client.post("/api/v1/tenants/acme/namespaces", {"metadata": {"name": "vms"}}).code == 201
    )
    return "/api/v1/tenants/acme/namespaces/vms"
