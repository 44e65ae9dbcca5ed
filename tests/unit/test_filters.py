"""Server list selection: Nova's order, filters, and marker paging over a stream."""

import dataclasses
import random
import tracemalloc

from translator.backend import filters
from translator.backend.arktos import translate
from translator.backend.models import Flavor, Server, ServerFilters

FLAVOR = Flavor(id='1', name='m1.tiny', vcpus=1, ram=512, disk=1)
BASE = Server(id='', name='', project_id='p', user_id='u', vm_state='active', task_state=None,
              power_state=1, created='', updated='', flavor=FLAVOR, image_id='i')


def _servers(count: int) -> list[Server]:
    # Several servers per second, as a batch creates them: the id breaks the ties.
    return [dataclasses.replace(BASE, id=f'{index:08d}', name=f'web-{index % 3}',
                                created=f'2026-01-01T00:{index // 600:02d}:'
                                        f'{index // 10 % 60:02d}Z')
            for index in range(count)]


def test_pages_follow_novas_order_and_cover_everything_once():
    servers = _servers(95)
    expected = sorted(servers, key=filters.sort_key, reverse=True)
    shuffled = random.sample(servers, len(servers))
    seen, after = [], None
    while True:
        page = filters.select(iter(shuffled), ServerFilters(), 10, after)
        seen += page
        if len(page) < 10:
            break
        after = filters.sort_key(page[-1])
    assert seen == expected


def test_filters_apply_before_the_limit():
    page = filters.select(_servers(30), ServerFilters(name='web-1'), 4)
    assert [server.name for server in page] == ['web-1'] * 4
    assert page == sorted(page, key=filters.sort_key, reverse=True)


def test_pod_and_server_sort_keys_agree():
    pod = {'metadata': {'name': 'abc', 'creationTimestamp': '2026-01-01T00:00:01Z'}}
    server = dataclasses.replace(BASE, id='abc', created='2026-01-01T00:00:01Z')
    assert translate.sort_key(pod) == filters.sort_key(server)


def test_memory_grows_with_the_page_not_the_stream():
    def stream(count):
        for index in range(count):
            yield {'metadata': {'name': f'{index:08d}', 'creationTimestamp': f'{index:012d}'},
                   'padding': 'x' * 1000}

    def peak(count: int) -> int:
        tracemalloc.start()
        filters.newest(stream(count), 50, translate.sort_key)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak
    assert peak(20000) < 1.5 * peak(2000)
