"""Server list selection: Nova's order, filters, and marker paging over a stream."""

import dataclasses
import random
import time

import pytest

from translator import exception
from translator.backend import filters, models
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
    """At most a page of the stream's items is alive at any time (counted, not measured:
    other threads of the test process allocate too)."""
    class Pod(dict):
        alive = peak = 0

        def __init__(self, index):
            super().__init__(metadata={'name': f'{index:08d}',
                                       'creationTimestamp': f'{index:012d}'})
            Pod.alive += 1
            Pod.peak = max(Pod.peak, Pod.alive)

        def __del__(self):
            Pod.alive -= 1

    page = filters.newest((Pod(index) for index in range(20000)), 50, translate.sort_key)
    assert len(page) == 50
    assert Pod.peak <= 52


def _named(*names: str) -> list[Server]:
    return [dataclasses.replace(BASE, id=f'{index:08d}', name=name)
            for index, name in enumerate(names)]


def test_name_is_a_case_blind_regex_search_as_novas_database_regexp():
    servers = _named('web-1', 'Web-10', 'db-1', 'a.b')
    found = lambda pattern: sorted(s.name for s in filters.select(  # noqa: E731
        servers, ServerFilters(name=pattern), 10))
    assert found('web-1') == ['Web-10', 'web-1']
    assert found('^web-1$') == ['web-1']
    assert found('-1$') == ['db-1', 'web-1']
    assert found('a.b') == ['a.b']
    assert found('db|a\\.') == ['a.b', 'db-1']


def test_ip_matches_from_the_start_of_an_address_as_nova_does():
    server = dataclasses.replace(BASE, id='1', addresses={
        'private': [models.Address(addr='10.0.0.12', version=4, mac_addr='fa:16:3e:00:00:01')]})
    found = lambda pattern: filters.select(  # noqa: E731
        [server], ServerFilters(ip=pattern), 10) == [server]
    assert found('10.0.0.12') and found('10\\.0\\.') and found('10.0.0.1')
    assert not found('0.0.12') and not found('^11')


@pytest.mark.parametrize('pattern', ['vm(', '[', '(a)\\1', 'a(?=b)', 'a{1001}',
                                     '(x{1000}){1000}'])
def test_a_pattern_re2_cannot_compile_is_a_400_naming_the_parameter(pattern):
    with pytest.raises(exception.ValidationError) as error:
        filters.select(_named('vm'), ServerFilters(name=pattern), 10)
    assert str(error.value).startswith(
        f"Invalid input for query parameters name. Value: {pattern}. '{pattern}' is not "
        "a 'regex' (RE2: ")


def test_no_pattern_backtracks():
    """``^(a+)+$`` takes Python's re exponential time on ``a…a!``: seconds for these
    (minutes for 30 a)."""
    servers = _named(*('a' * length + '!' for length in (22, 23, 24, 25)))
    started = time.monotonic()
    assert filters.select(servers, ServerFilters(name='^(a+)+$'), 10) == []
    assert time.monotonic() - started < 0.5
