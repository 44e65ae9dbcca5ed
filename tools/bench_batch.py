#!/usr/bin/env python3
"""Wall time of a 1,000-server batch create through the translator, next to 1,000
VM pods created straight on the Arktos emulator (or `--arktos-url`), in one run.

Starts its own emulator and translator-api (noauth, gunicorn) on free loopback ports,
stops them by PID at the end, and prints one table (and ``--json``).

    .venv/bin/python tools/bench_batch.py [--count 1000] [--concurrency 8] [--rounds 3]
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import statistics
import tempfile
import time
import uuid

import requests

from translator.testing import harness

CIRROS = 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'


def _pod(index: int) -> dict:
    """A VM pod as the translator would send it (same size on the wire)."""
    return {
        'apiVersion': 'v1', 'kind': 'Pod',
        'metadata': {'name': str(uuid.uuid4()),
                     'labels': {'nova.openstack.org/server': 'true',
                                'nova.openstack.org/reservation-id': 'r-direct00'},
                     'annotations': {'nova.openstack.org/name': f'direct-{index}'}},
        'spec': {'virtualMachine': {
            'name': f'direct-{index}', 'image': 'download.cirros-cloud.net/0.5.1/cirros.img',
            'keyPairName': 'nova-no-key', 'powerSpec': 'Running',
            'resources': {'limits': {'cpu': '1', 'memory': '512Mi'},
                          'requests': {'cpu': '250m', 'memory': '512Mi'}}},
            'nics': [{'name': 'eth0'}]},
    }


def direct_creates(arktos_url: str, tenant: str, count: int, concurrency: int) -> float:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_maxsize=concurrency)
    session.mount('http://', adapter)
    session.post(f'{arktos_url}/api/v1/tenants', json={
        'apiVersion': 'v1', 'kind': 'Tenant', 'metadata': {'name': tenant},
        'spec': {'storageClusterId': '0'}}).raise_for_status()
    path = f'{arktos_url}/api/v1/tenants/{tenant}/namespaces/default/pods'
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        for response in pool.map(lambda i: session.post(path, json=_pod(i)), range(count)):
            response.raise_for_status()
    return time.perf_counter() - started


def translator_batch(api_url: str, project: str, count: int) -> float:
    started = time.perf_counter()
    response = requests.post(
        f'{api_url}/v2.1/servers', headers={'X-Auth-Token': f'bench:{project}'},
        json={'server': {'name': 'batch', 'flavorRef': '1', 'imageRef': CIRROS,
                         'min_count': count, 'max_count': count}}, timeout=600)
    elapsed = time.perf_counter() - started
    response.raise_for_status()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--count', type=int, default=1000)
    parser.add_argument('--concurrency', type=int, default=8,
                        help='direct creates in parallel (= [arktos] create_concurrency)')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--arktos-url', help='measure against this running Arktos (its insecure '
                        'port, e.g. $ARKTOS_URL of ../shared/arktos) instead of the emulator')
    parser.add_argument('--json', help='also write the results to this file')
    args = parser.parse_args()
    workdir = pathlib.Path(tempfile.mkdtemp(prefix='bench-batch-'))
    arktos = (harness.RunningArktos(args.arktos_url) if args.arktos_url
                else harness.start_emulator(workdir))
    translator = harness.start_translator(
        workdir, arktos.url,
        extra_conf=f'create_concurrency = {args.concurrency}\n'
                   f'[api]\nworkers = {os.cpu_count()}\n'
                   f'max_servers_per_request = {args.count}\n'
                   + harness.UNLIMITED_SERVERS)
    try:
        direct, batch = [], []
        for round_ in range(args.rounds):
            direct.append(direct_creates(arktos.url, f'direct-{round_}', args.count,
                                         args.concurrency))
            batch.append(translator_batch(translator.url, uuid.uuid4().hex, args.count))
    finally:
        translator.stop()
        arktos.stop()
    results = {'count': args.count, 'concurrency': args.concurrency,
               'direct_s': direct, 'translator_batch_s': batch,
               'ratio_median': statistics.median(batch) / statistics.median(direct)}
    print(f'{"":28} {"median s":>9} {"min s":>7} {"per server ms":>14}')
    for label, times in (('direct Arktos creates', direct),
                         ('translator batch create', batch)):
        print(f'{label:28} {statistics.median(times):9.3f} {min(times):7.3f} '
              f'{statistics.median(times) / args.count * 1000:14.2f}')
    print(f'ratio translator / direct (median): {results["ratio_median"]:.2f} '
          f'({args.count} servers, {args.rounds} rounds, concurrency {args.concurrency})')
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == '__main__':
    main()
