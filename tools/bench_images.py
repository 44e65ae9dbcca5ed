#!/usr/bin/env python3
"""Image upload and download through the image API next to copying the file locally,
measured in one run.

Starts its own emulator and translator-api (one gunicorn worker, noauth pipeline, the
file store in the work directory: ``translator.testing.harness``), writes a ``--size-mb``
file of random bytes, then ``--rounds`` times: ``cp`` of the file, ``PUT
/image/v2/images/{id}/file`` streamed from it, and ``GET .../file`` streamed to disk. It
prints the median MB/s of each, the API/cp ratios, the md5 check and how much the API
worker's peak resident memory (VmHWM) grew over the run, and stops every server it
started by PID.

    .venv/bin/python tools/bench_images.py [--size-mb 256] [--rounds 3]
"""

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time

import requests
from bench_api import worker_peak_rss_mb  # tools/, next to this file

from translator.testing import harness

CHUNK = 1 << 20


def random_file(path: str, size_mb: int) -> str:
    """``size_mb`` MiB of random bytes at ``path``; returns their md5."""
    digest = hashlib.md5()
    with open(path, 'wb') as out:
        for _ in range(size_mb):
            block = os.urandom(CHUNK)
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def timed(action, *args):
    """Seconds ``action(*args)`` took, and what it returned."""
    start = time.perf_counter()
    result = action(*args)
    return time.perf_counter() - start, result


def upload(session: requests.Session, url: str, path: str) -> None:
    with open(path, 'rb') as body:
        session.put(url, data=body, timeout=600, headers={
            'Content-Type': 'application/octet-stream'}).raise_for_status()


def download(session: requests.Session, url: str, path: str) -> str:
    """Streams ``url`` to ``path``; returns the md5 of what came."""
    digest = hashlib.md5()
    with session.get(url, stream=True, timeout=600) as response, open(path, 'wb') as out:
        response.raise_for_status()
        for block in response.iter_content(CHUNK):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--size-mb', type=int, default=256)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix='bench-images-')
    emulator = harness.start_emulator(workdir)
    api = None
    try:
        api = harness.start_translator(workdir, emulator.url, conductor=False)
        session = requests.Session()
        session.headers['X-Auth-Token'] = 'bench:bench'
        images = f'{api.url}/image/v2/images'
        source = os.path.join(workdir, 'source.img')
        md5 = random_file(source, args.size_mb)
        baseline_mb = worker_peak_rss_mb(api.process.pid)
        times = {'cp': [], 'upload': [], 'download': []}
        downloaded_md5 = None
        for round_number in range(args.rounds):
            copy = os.path.join(workdir, f'copy-{round_number}.img')
            times['cp'].append(timed(shutil.copyfile, source, copy)[0])
            os.unlink(copy)
            image = session.post(images, json={
                'name': f'bench-{round_number}', 'disk_format': 'raw',
                'container_format': 'bare'}, timeout=30)
            image.raise_for_status()
            data_url = f'{images}/{image.json()["id"]}/file'
            times['upload'].append(timed(upload, session, data_url, source)[0])
            seconds, downloaded_md5 = timed(download, session, data_url,
                                            os.path.join(workdir, 'downloaded.img'))
            times['download'].append(seconds)
            session.delete(f'{images}/{image.json()["id"]}', timeout=30).raise_for_status()
        growth_mb = worker_peak_rss_mb(api.process.pid) - baseline_mb
        rates = {name: args.size_mb / statistics.median(values)
                 for name, values in times.items()}
        print(f'{args.size_mb} MiB, median of {args.rounds} rounds')
        for name, rate in rates.items():
            print(f'{name:>9}: {rate:8.1f} MiB/s')
        print(f'upload/cp: {rates["upload"] / rates["cp"]:.2f}x   '
              f'download/cp: {rates["download"] / rates["cp"]:.2f}x')
        print(f'md5 round trip: {"same" if downloaded_md5 == md5 else "DIFFERENT"}')
        print(f'API worker peak memory growth: {growth_mb:.1f} MiB')
        return 0 if downloaded_md5 == md5 else 1
    finally:
        if api is not None:
            api.stop()
        emulator.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
