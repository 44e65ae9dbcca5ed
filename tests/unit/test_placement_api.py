"""The placement API's microversions, query checks, views and faults."""

import uuid

import pytest
import webob

from translator import exception
from translator.backend.arktos import hosts
from translator.backend.models import Flavor, Server
from translator.placement import faults, query, versions, views
from translator.web import faults as web_faults
from translator.web import wsgi

NODE_UID = str(uuid.uuid4())


def _node(allocatable: dict | None = None, unschedulable: bool = False) -> dict:
    status = {'capacity': {'cpu': '16', 'memory': '64Gi', 'ephemeral-storage': '100Gi'}}
    if allocatable is not None:
        status['allocatable'] = allocatable
    return {'metadata': {'name': 'node-1', 'uid': NODE_UID, 'resourceVersion': '42'},
            'spec': {'unschedulable': unschedulable}, 'status': status}


def _server(server_id='s-1', project='p', user='u', vcpus=2, ram=4096, disk=10,
            ephemeral=5) -> Server:
    return Server(id=server_id, name='vm', project_id=project, user_id=user,
                  vm_state='active', task_state=None, power_state=1, created='', updated='',
                  flavor=Flavor('1', 'f', vcpus, ram, disk, ephemeral), image_id='i',
                  addresses={}, host='node-1')


def _host(servers=(), **node):
    return hosts.compute_host(_node(**node), None, list(servers), 'nova')


def _req(version=(1, 18), query_string=''):
    req = wsgi.Request.blank(f'/placement/resource_providers?{query_string}')
    req.script_name, req.path_info = '/placement', '/resource_providers'
    req.environ[versions.ENV_KEY] = version
    return versions.PlacementRequest(req.environ)


def test_reserved_is_capacity_less_allocatable():
    host = _host(allocatable={'cpu': '15500m', 'memory': '63Gi',
                              'ephemeral-storage': '90Gi'})
    assert (host.vcpus_reserved, host.memory_mb_reserved, host.local_gb_reserved) == (
        1, 1024, 10)
    assert views.inventories(host)['VCPU'] == {
        'total': 16, 'reserved': 1, 'min_unit': 1, 'max_unit': 16, 'step_size': 1,
        'allocation_ratio': 1.0}


def test_no_allocatable_reserves_nothing():
    host = _host()
    assert (host.vcpus_reserved, host.memory_mb_reserved, host.local_gb_reserved) == (0, 0, 0)


def test_usages_and_allocations_are_the_bound_flavors():
    host = _host([_server(), _server('s-2', vcpus=1, ram=512, disk=1, ephemeral=0)])
    assert views.usages(host) == {'VCPU': 3, 'MEMORY_MB': 4608, 'DISK_GB': 16}
    assert views.server_resources(_server()) == {'VCPU': 2, 'MEMORY_MB': 4096, 'DISK_GB': 15}
    assert views.generation(host) == 42


def test_an_empty_host_uses_nothing():
    assert views.usages(_host()) == {'VCPU': 0, 'MEMORY_MB': 0, 'DISK_GB': 0}


def test_a_disabled_host_has_nova_s_trait():
    assert views.traits(_host(unschedulable=True)) == ['COMPUTE_STATUS_DISABLED']
    assert views.traits(_host()) == []


@pytest.mark.parametrize('version, fields, links', [
    ((1, 0), {'uuid', 'name', 'generation', 'links'}, ['self', 'inventories', 'usages']),
    ((1, 6), {'uuid', 'name', 'generation', 'links'},
     ['self', 'inventories', 'usages', 'aggregates', 'traits']),
    ((1, 14), {'uuid', 'name', 'generation', 'links', 'parent_provider_uuid',
               'root_provider_uuid'},
     ['self', 'inventories', 'usages', 'aggregates', 'traits', 'allocations']),
])
def test_provider_view_per_microversion(version, fields, links):
    body = views.provider(_req(version), _host())
    assert set(body) == fields
    assert [link['rel'] for link in body['links']] == links
    assert body['links'][0]['href'] == f'/placement/resource_providers/{NODE_UID}'


@pytest.mark.parametrize('header, expected', [
    (None, (1, 0)), ('placement 1.14', (1, 14)), ('placement latest', versions.MAX_VERSION),
    ('compute 2.90, placement 1.6', (1, 6)), ('compute 2.90', (1, 0)),
    ('PLACEMENT 1.2', (1, 2)),
])
def test_negotiation(header, expected):
    assert versions.negotiate(header) == expected


@pytest.mark.parametrize('header, error', [
    ('placement 1.19', exception.PlacementVersionNotAcceptable),
    ('placement 2.0', exception.PlacementVersionNotAcceptable),
    ('placement 1.01', exception.Invalid), ('placement one', exception.Invalid),
    ('placement ', exception.Invalid),
])
def test_bad_versions(header, error):
    with pytest.raises(error):
        versions.negotiate(header)


@pytest.mark.parametrize('version, query_string, detail', [
    ((1, 2), 'member_of=' + NODE_UID, "('member_of' was unexpected)"),
    ((1, 3), 'resources=VCPU:1', "('resources' was unexpected)"),
    ((1, 13), 'in_tree=' + NODE_UID, "('in_tree' was unexpected)"),
    ((1, 17), 'required=COMPUTE_STATUS_DISABLED', "('required' was unexpected)"),
    ((1, 18), 'limit=1', "('limit' was unexpected)"),
])
def test_filters_start_at_their_microversion(version, query_string, detail):
    with pytest.raises(exception.Invalid, match=detail.replace('(', r'\(').replace(')', r'\)')):
        query.params(_req(version, query_string), query.PROVIDER_FILTERS)


@pytest.mark.parametrize('filters, detail', [
    ({'uuid': 'x'}, "'x' is not a 'uuid'"), ({'in_tree': 'x'}, "'x' is not a 'uuid'"),
    ({'member_of': 'in:x'}, "Expected 'member_of' parameter to contain valid UUID"),
    ({'resources': 'VCPU'}, 'Badly formed resources parameter'),
    ({'resources': 'VCPU:0'}, 'expected positive integer amount. Got: 0.'),
    ({'resources': 'VCPU:-1'}, 'expected positive integer amount'),
    ({'resources': 'PCPU:1'}, 'Invalid resource class in resources parameter'),
    ({'required': 'HW_CPU_X86_AVX'}, r'No such trait\(s\): HW_CPU_X86_AVX'),
    ({'required': 'COMPUTE_STATUS_DISABLED,'}, "Expected 'required' parameter"),
])
def test_bad_filters_are_400(filters, detail):
    with pytest.raises(exception.Invalid, match=detail):
        query.provider_filter(filters, lambda host: set())


def test_filters_select_hosts():
    aggregate = str(uuid.uuid4())
    host = _host([_server()], allocatable={'cpu': '15'})  # 15 usable, 2 used

    def matches(**filters):
        return query.provider_filter(filters, lambda h: {aggregate})(host)
    assert matches() and matches(name='node-1') and not matches(name='node-2')
    assert matches(uuid=NODE_UID) and not matches(uuid=str(uuid.uuid4()))
    assert matches(in_tree=NODE_UID) and not matches(in_tree=str(uuid.uuid4()))
    assert matches(member_of=f'in:{uuid.uuid4()},{aggregate}')
    assert not matches(member_of=str(uuid.uuid4()))
    assert matches(resources='VCPU:13,MEMORY_MB:1024') and not matches(resources='VCPU:14')
    assert not matches(resources='DISK_GB:101')  # above max_unit
    assert not matches(required='COMPUTE_STATUS_DISABLED')


def test_fault_body_is_placements():
    req = webob.Request.blank('/placement/resource_providers')
    req.environ['openstack.request_id'] = 'req-1'
    req.environ[wsgi.FAULT_BODY_KEY] = lambda *args: faults.placement_fault(req.environ, *args)
    response = web_faults.fault_response(req.environ, 404, 'No resource provider.')
    assert response.json == {'errors': [{
        'status': 404, 'title': 'Not Found', 'detail': 'No resource provider.',
        'code': 'placement.undefined_code', 'request_id': 'req-1'}]}


def test_an_unacceptable_version_says_which_are_served():
    [error] = faults.placement_fault({}, 406, 'Unacceptable version header: 1.99', {},
                                     None)['errors']
    assert (error['min_version'], error['max_version']) == ('1.0', '1.18')
