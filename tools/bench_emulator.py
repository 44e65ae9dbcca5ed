#!/usr/bin/env python3
"""Benchmark the Arktos emulator in-process: 100,000 VM pods, then list/get/create timings.

Usage: python tools/bench_emulator.py [--pods 100000] [--repeat 20]

Layout: namespace ``bulk`` holds pods-1000 pods (label ``group=g<i % 100>``), namespace ``team``
holds 1,000 (label ``group=team``).  Each row is the median wall time of one WSGI call, including
routing, the store lock, lazy lifecycle and building the JSON body.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import statistics
import time

from translator.emulator.app import make_app
from translator.emulator.lifecycle import Timings

POD = {
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {"name": "", "labels": {}},
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


class Clock:
    now = 1_800_000_000.0

    def __call__(self):
        return self.now


def call(app, method, path, body=None):
    path, _, query = path.partition("?")
    raw = json.dumps(body).encode() if body is not None else b""
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": "application/json" if raw else "",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
    }
    status = []
    data = b"".join(app(env, lambda s, h: status.append(s)))
    return int(status[0].split()[0]), data


def pod(name, group):
    p = copy.deepcopy(POD)
    p["metadata"]["name"] = name
    p["metadata"]["labels"] = {"group": group}
    return p


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pods", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    clock = Clock()
    app = make_app(timings=Timings(boot=1.0), clock=clock)
    call(app, "POST", "/api/v1/namespaces", {"metadata": {"name": "bulk"}})
    call(app, "POST", "/api/v1/namespaces", {"metadata": {"name": "team"}})
    bulk = args.pods - 1000
    t0 = time.perf_counter()
    for i in range(bulk):
        code, _ = call(
            app, "POST", "/api/v1/namespaces/bulk/pods", pod(f"vm-{i:06d}", f"g{i % 100}")
        )
        assert code == 201
    for i in range(1000):
        call(app, "POST", "/api/v1/namespaces/team/pods", pod(f"vm-{i:04d}", "team"))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    clock.now += 2  # every pod boots: 4 status steps each
    call(app, "GET", "/healthz")
    call(app, "GET", "/api/v1/namespaces/team/pods?limit=1")
    settle = time.perf_counter() - t0

    code, page = call(app, "GET", "/api/v1/namespaces/bulk/pods?limit=1000")
    token = json.loads(page)["metadata"]["continue"]
    mid = json.loads(call(app, "GET", f"/api/v1/namespaces/bulk/pods?limit={bulk // 2}")[1])
    mid_token = mid["metadata"]["continue"]
    rows = []

    def row(label, method, path, body=None, expect=200, count=True):
        def once():
            code, data = call(app, method, path, body() if callable(body) else body)
            assert code == expect, (code, data[:200])
            return data

        data = once()
        items = len(json.loads(data).get("items", [])) if count else "-"
        median, worst = timed(once, args.repeat)
        rows.append((label, items, median, worst))

    row(f"list namespace team (1,000 of {args.pods:,})", "GET", "/api/v1/namespaces/team/pods")
    row(
        "list team, labelSelector group=team",
        "GET",
        "/api/v1/namespaces/team/pods?labelSelector=group%3Dteam",
    )
    row(
        "list team, labelSelector group in (team,x)",
        "GET",
        "/api/v1/namespaces/team/pods?labelSelector=group+in+(team,x)",
    )
    row(
        "list team, fieldSelector status.phase=Running",
        "GET",
        "/api/v1/namespaces/team/pods?fieldSelector=status.phase%3DRunning",
    )
    row("page limit=1000 of bulk (first)", "GET", "/api/v1/namespaces/bulk/pods?limit=1000")
    row(
        "page limit=1000 of bulk (continue)",
        "GET",
        "/api/v1/namespaces/bulk/pods?limit=1000&continue=" + token,
    )
    row(
        "page limit=1000 of bulk (continue at the middle)",
        "GET",
        "/api/v1/namespaces/bulk/pods?limit=1000&continue=" + mid_token,
    )
    row("page limit=1000 of all tenants", "GET", "/api/v1/tenants/all/pods?limit=1000")
    row(
        f"bulk labelSelector group=g7 (1% of {bulk:,}, label index)",
        "GET",
        "/api/v1/namespaces/bulk/pods?labelSelector=group%3Dg7",
    )
    row(
        "bulk labelSelector group notin (g7), limit=1000 (scan)",
        "GET",
        "/api/v1/namespaces/bulk/pods?labelSelector=group+notin+(g7)&limit=1000",
    )
    row(
        f"bulk labelSelector !absent (all {bulk:,} items, full scan)",
        "GET",
        "/api/v1/namespaces/bulk/pods?labelSelector=!absent",
    )
    row("get one pod", "GET", f"/api/v1/namespaces/bulk/pods/vm-{bulk // 2:06d}", count=False)
    counter = iter(range(10**9))
    row(
        "create one pod",
        "POST",
        "/api/v1/namespaces/team/pods",
        lambda: pod(f"new-{next(counter)}", "new"),
        expect=201,
        count=False,
    )

    print(
        f"loaded {args.pods:,} pods in {load:.1f} s ({load / args.pods * 1e6:.0f} µs/pod); "
        f"booting them all took {settle:.1f} s"
    )
    print(f"{'operation':<55} {'items':>6} {'median ms':>10} {'max ms':>8}")
    for label, items, median, worst in rows:
        print(f"{label:<55} {items!s:>6} {median:>10.2f} {worst:>8.2f}")


if __name__ == "__main__":
    main()
