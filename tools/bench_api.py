#!/usr/bin/env python3
"""Latency and throughput of the translator next to the same calls sent straight to the
Arktos emulator (or `--arktos-url`), measured in one run with wrk (Debian) on loopback.

Starts its own emulator and translator-api (gunicorn, workers = cores) with the ``noauth``
pipeline and, for ``--pipelines keystone``, a real Keystone (``translator.testing.harness``) with
translator-api behind keystonemiddleware and memcached (one token, cached). For each
pipeline it seeds ``--servers`` servers and, at each concurrency level, measures:

* show: ``GET /v2.1/servers/{id}`` vs ``GET .../pods/{name}``
* list: ``GET /v2.1/servers/detail`` (one page of all servers) vs ``GET .../pods``
* page: ``GET /v2.1/servers/detail?limit=100`` vs ``GET .../pods?limit=100``
* create and delete (a thread pool at the same concurrency, ``--writes`` each)

Then, once: a ``--batch``-server batch create vs as many direct creates
(``tools/bench_batch.py``), and the peak memory (VmHWM) of the API workers while paging
through 2,000 and then ``--paging-servers`` servers (1,000 per page, by marker).

It prints one table with p50/p99 latencies and the translator/direct ratios, writes
``--json`` and a ``--png`` plot (latency percentiles vs concurrency), and stops every
server it started by PID.

    .venv/bin/python tools/bench_api.py [--servers 1000] [--duration 5] [--concurrency 1,4,16]
                                        [--pipelines noauth,keystone] [--paging-servers 10000]
"""

import argparse
import concurrent.futures
import contextlib
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import bench_batch  # tools/, next to this file
import requests

from translator.testing import harness

ROOT = pathlib.Path(__file__).resolve().parent.parent

CIRROS = 'a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01'
_UNIT = {'us': 0.001, 'ms': 1.0, 's': 1000.0}


def wrk(url: str, headers: dict, concurrency: int, duration: int) -> dict:
    """Run wrk; ``{'rps', 'p50', 'p90', 'p99'}`` (milliseconds)."""
    argv = ['wrk', '-t', str(min(concurrency, 2)), '-c', str(concurrency), '-d',
            f'{duration}s', '--latency', '--timeout', '10s']
    for key, value in headers.items():
        argv += ['-H', f'{key}: {value}']
    output = subprocess.run(argv + [url], capture_output=True, text=True, check=True).stdout
    result = {'rps': float(re.search(r'Requests/sec:\s+([\d.]+)', output).group(1))}
    for percent in ('50', '90', '99'):
        value, unit = re.search(rf'^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$', output,
                                re.MULTILINE).groups()
        result[f'p{percent}'] = float(value) * _UNIT[unit]
    errors = re.search(r'Non-2xx or 3xx responses: (\d+)', output)
    result['errors'] = int(errors.group(1)) if errors else 0
    return result


def timed_pool(func, items, concurrency: int) -> dict:
    """Latencies (ms) of ``func(item)`` run by a pool of ``concurrency`` threads."""
    def timed(item):
        started = time.perf_counter()
        func(item)
        return (time.perf_counter() - started) * 1000
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        latencies = sorted(pool.map(timed, items))
        elapsed = time.perf_counter() - started
    return {'rps': len(latencies) / elapsed, 'p50': statistics.median(latencies),
            'p90': latencies[int(len(latencies) * 0.9) - 1],
            'p99': latencies[int(len(latencies) * 0.99) - 1], 'errors': 0}


def _pod(name: str) -> dict:
    return {'apiVersion': 'v1', 'kind': 'Pod',
            'metadata': {'name': name, 'labels': {'nova.openstack.org/server': 'true'}},
            'spec': {'virtualMachine': {
                'name': 'direct', 'image': 'cirros', 'keyPairName': 'k',
                'resources': {'limits': {'cpu': '1', 'memory': '512Mi'}}}}}


class Bench:

    def __init__(self, api_url: str, arktos_url: str, headers: dict, tenant: str):
        self.api = api_url + '/v2.1'
        self.pods = f'{arktos_url}/api/v1/tenants/{tenant}/namespaces/default/pods'
        self.headers = {**headers, 'OpenStack-API-Version': 'compute 2.100'}
        self.session = requests.Session()
        self.session.mount('http://', requests.adapters.HTTPAdapter(pool_maxsize=64))

    def seed(self, count: int) -> str:
        response = self.session.post(self.api + '/servers', headers=self.headers, json={
            'server': {'name': 'bench', 'flavorRef': '1', 'imageRef': CIRROS,
                       'networks': 'auto', 'min_count': count, 'max_count': count}})
        response.raise_for_status()
        return response.json()['server']['id']

    def page_through(self, page_size: int = 1000) -> int:
        """List every server page by page (``limit`` and ``marker``); how many there were."""
        seen, marker = 0, None
        while True:
            query = f'?limit={page_size}' + (f'&marker={marker}' if marker else '')
            response = self.session.get(f'{self.api}/servers/detail{query}',
                                        headers=self.headers, timeout=600)
            response.raise_for_status()
            servers = response.json()['servers']
            seen += len(servers)
            if len(servers) < page_size:
                return seen
            marker = servers[-1]['id']

    def reads(self, server_id: str, concurrency: int, duration: int) -> dict:
        pairs = {
            'show': (f'{self.api}/servers/{server_id}', f'{self.pods}/{server_id}'),
            'list': (f'{self.api}/servers/detail', self.pods),
            'page': (f'{self.api}/servers/detail?limit=100', f'{self.pods}?limit=100'),
        }
        return {op: {'translator': wrk(ours, self.headers, concurrency, duration),
                     'direct': wrk(direct, {}, concurrency, duration)}
                for op, (ours, direct) in pairs.items()}

    def writes(self, count: int, concurrency: int) -> dict:
        created = []

        def create(_):
            response = self.session.post(self.api + '/servers', headers=self.headers, json={
                'server': {'name': 'w', 'flavorRef': '1', 'imageRef': CIRROS,
                           'networks': 'none'}})
            response.raise_for_status()
            created.append(response.json()['server']['id'])

        def delete(server_id):
            self.session.delete(f'{self.api}/servers/{server_id}',
                                headers=self.headers).raise_for_status()

        names = [str(uuid.uuid4()) for _ in range(count)]
        results = {'create': {'translator': timed_pool(create, range(count), concurrency),
                              'direct': timed_pool(
                                  lambda n: self.session.post(self.pods, json=_pod(n))
                                  .raise_for_status(), names, concurrency)}}
        results['delete'] = {'translator': timed_pool(delete, list(created), concurrency),
                             'direct': timed_pool(
                                 lambda n: self.session.delete(
                                     f'{self.pods}/{n}', json={'gracePeriodSeconds': 0})
                                 .raise_for_status(), names, concurrency)}
        return results


def worker_peak_rss_mb(master_pid: int) -> float:
    """The largest peak resident set (VmHWM) of the gunicorn workers of ``master_pid``."""
    children = pathlib.Path(f'/proc/{master_pid}/task/{master_pid}/children').read_text()
    peaks = []
    for pid in children.split():
        status = pathlib.Path(f'/proc/{pid}/status').read_text()
        peaks.append(int(re.search(r'^VmHWM:\s+(\d+) kB', status, re.MULTILINE).group(1)))
    return max(peaks) / 1024


def paging_memory(seeder, pager, arktos_url: str, counts: tuple[int, ...]) -> dict:
    """Peak memory of ``pager``'s workers after paging through ``counts`` servers (new
    projects, in order, created through ``seeder``); flat memory means the larger count
    does not raise the peak."""
    result = {}
    for count in counts:
        project = uuid.uuid4().hex
        headers = {'X-Auth-Token': f'bench:{project}'}
        seeding = Bench(seeder.url, arktos_url, headers, project)
        for start in range(0, count, 1000):
            seeding.seed(min(1000, count - start))
        started = time.perf_counter()
        listed = Bench(pager.url, arktos_url, headers, project).page_through()
        assert listed == count, f'paged through {listed} of {count} servers'
        result[str(count)] = {'peak_rss_mb': worker_peak_rss_mb(pager.process.pid),
                              'seconds': time.perf_counter() - started}
    return result


def _plot(results: dict, path: str) -> None:
    import matplotlib

    matplotlib.use('Agg')
    from matplotlib import pyplot

    levels = sorted(results, key=int)
    ops = list(results[levels[0]])
    figure, axes = pyplot.subplots(1, len(ops), figsize=(4 * len(ops), 3.5))
    for axis, op in zip(axes, ops, strict=True):
        for side, style in (('translator', '-'), ('direct', '--')):
            for percentile in ('p50', 'p99'):
                axis.plot([int(c) for c in levels],
                          [results[c][op][side][percentile] for c in levels], style,
                          marker='o', label=f'{side} {percentile}')
        axis.set_title(op)
        axis.set_xlabel('concurrency')
        axis.set_ylabel('ms')
        axis.set_xscale('log', base=2)
    axes[0].legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)


def _translator_conf(servers: int) -> str:
    return (f'pool_maxsize = 64\ncreate_concurrency = 8\n[api]\nworkers = {os.cpu_count()}\n'
            f'max_servers_per_request = {max(servers, 1000)}\n'
            + harness.UNLIMITED_SERVERS)


def _measure(bench: Bench, args) -> dict:
    """``{'ops': {level: {op: {'translator', 'direct'}}}, 'floor': {level: wrk}}``; the
    floor is the translator's version document (``GET /``: the outer filters, no policy,
    no Arktos call), the least any request of this service costs."""
    server_id = bench.seed(args.servers)
    levels = [int(c) for c in args.concurrency.split(',')]
    return {'ops': {str(level): {**bench.reads(server_id, level, args.duration),
                                 **bench.writes(args.writes, level)} for level in levels},
            'floor': {str(level): wrk(bench.api[:-len('/v2.1')] + '/', {}, level,
                                      args.duration) for level in levels}}


def run(args, workdir: pathlib.Path, arktos) -> dict:
    """Every measurement; each server started here is stopped here."""
    results = {}
    with contextlib.ExitStack() as stack:
        translator = harness.start_translator(workdir, arktos.url,
                                              extra_conf=_translator_conf(args.servers))
        stack.callback(translator.stop)
        project = uuid.uuid4().hex
        results['noauth'] = _measure(Bench(translator.url, arktos.url,
                                           {'X-Auth-Token': f'bench:{project}'}, project), args)
        if 'keystone' in args.pipelines:
            cache = stack.enter_context(harness.memcached())
            env = stack.enter_context(harness.keystone_stack(
                workdir, arktos.url, memcached_servers=cache,
                extra_conf=_translator_conf(args.servers)))
            token = harness.keystone_token(env['KEYSTONE_URL'], 'demo', 'demo')
            results['keystone'] = _measure(Bench(env['TRANSLATOR_URL'], arktos.url,
                                                 {'X-Auth-Token': token},
                                                 env['DEMO_PROJECT_ID']), args)
        if args.batch:
            direct = bench_batch.direct_creates(arktos.url, f'direct-{uuid.uuid4().hex}',
                                                args.batch, 8)
            batch = bench_batch.translator_batch(translator.url, uuid.uuid4().hex, args.batch)
            results['batch'] = {'count': args.batch, 'translator_s': batch, 'direct_s': direct}
        if args.paging_servers:
            # A translator that only pages: no other request's peak hides its growth.
            pager = harness.start_translator(workdir, arktos.url,
                                             extra_conf=_translator_conf(args.servers))
            stack.callback(pager.stop)
            results['paging'] = paging_memory(translator, pager, arktos.url,
                                              (2000, args.paging_servers))
    return results


def report(results: dict, args) -> None:
    print(f'{args.servers} servers; p50/p99 in ms; ratio = translator / direct (p50)')
    print(f'{"pipeline":8} {"conc":>4} {"op":7} {"translator p50/p99":>20} '
          f'{"direct p50/p99":>16} {"ratio":>6} {"rps ours/direct":>16}')
    for pipeline in ('noauth', 'keystone'):
        measured = results.get(pipeline, {'ops': {}, 'floor': {}})
        for level, ops in measured['ops'].items():
            for op, sides in ops.items():
                ours, direct = sides['translator'], sides['direct']
                print(f'{pipeline:8} {level:>4} {op:7} {ours["p50"]:9.2f}/{ours["p99"]:9.2f} '
                      f'{direct["p50"]:7.2f}/{direct["p99"]:7.2f} '
                      f'{ours["p50"] / direct["p50"]:6.2f} '
                      f'{ours["rps"]:7.0f}/{direct["rps"]:7.0f}')
        for level, floor in measured['floor'].items():
            print(f'{pipeline:8} {level:>4} {"floor":7} {floor["p50"]:9.2f}/{floor["p99"]:9.2f} '
                  f'{"GET / (no Arktos call)":>23} {floor["rps"]:7.0f}')
    if 'batch' in results:
        batch = results['batch']
        print(f'batch create of {batch["count"]}: translator {batch["translator_s"]:.2f} s, '
              f'{batch["count"]} direct creates (8 threads) {batch["direct_s"]:.2f} s, ratio '
              f'{batch["translator_s"] / batch["direct_s"]:.2f}')
    for count, paging in results.get('paging', {}).items():
        print(f'paging through {count} servers (1,000 per page): {paging["seconds"]:.1f} s, '
              f'peak API worker memory {paging["peak_rss_mb"]:.0f} MB')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--servers', type=int, default=1000)
    parser.add_argument('--duration', type=int, default=5, help='seconds per wrk run')
    parser.add_argument('--concurrency', default='1,4,16')
    parser.add_argument('--writes', type=int, default=200)
    parser.add_argument('--pipelines', default='noauth,keystone',
                        help='noauth is always measured; keystone adds a real Keystone')
    parser.add_argument('--batch', type=int, default=1000,
                        help='servers of the batch create (0: skip)')
    parser.add_argument('--paging-servers', type=int, default=10000,
                        help='servers to page through for the memory check (0: skip)')
    parser.add_argument('--arktos-url', help='measure against this running Arktos (its insecure '
                        'port, e.g. $ARKTOS_URL of ../shared/arktos) instead of the emulator')
    parser.add_argument('--json', default='bench-api.json')
    parser.add_argument('--png', default='bench-api.png')
    args = parser.parse_args()
    if not shutil.which('wrk'):
        sys.exit('wrk is missing: apt-get install wrk')
    workdir = pathlib.Path(tempfile.mkdtemp(prefix='bench-api-'))
    arktos = (harness.RunningArktos(args.arktos_url) if args.arktos_url
              else harness.start_emulator(workdir, '--threads', '16'))
    try:
        results = run(args, workdir, arktos)
    finally:
        arktos.stop()
    report(results, args)
    pathlib.Path(args.json).write_text(json.dumps(results, indent=2))
    _plot(results['noauth']['ops'], args.png)
    print(f'wrote {args.json} and {args.png}')


if __name__ == '__main__':
    main()
