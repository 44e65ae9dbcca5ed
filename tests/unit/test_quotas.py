"""Quota arithmetic, usage from pods, and the /limits and /os-quota-sets shapes per
microversion against tempest.lib's schemas."""

import dataclasses
import json
import types

import pytest
from tempest.lib.services.compute import limits_client, quota_classes_client, quotas_client

from tests import contract
from translator import exception
from translator.api.microversion import APIVersion
from translator.api.views import limits as view
from translator.backend.arktos import names, pod_fields, quotas, translate
from translator.backend.models import Flavor, QuotaSet, QuotaUsage

LIMITS = QuotaSet(instances=10, cores=20, ram=51200, metadata_items=128, key_pairs=100,
                  server_groups=10, server_group_members=10)
SMALL = Flavor(id='2', name='m1.small', vcpus=1, ram=2048, disk=20)
MEDIUM = Flavor(id='3', name='m1.medium', vcpus=2, ram=4096, disk=40)


def _pod(flavor: Flavor, deleting: bool = False, reservation: str = 'r-old') -> dict:
    metadata = {'annotations': {translate.ANN_FLAVOR: json.dumps(flavor.to_dict())},
                'labels': {names.LABEL_RESERVATION: reservation}}
    if deleting:
        metadata['deletionTimestamp'] = '2026-01-01T00:00:00Z'
    return {'metadata': metadata}


def _reservation(reservation_id: str, count: int, flavor: Flavor,
                 created_at: str | None = None) -> quotas.Reservation:
    return quotas.Reservation(reservation_id, count, flavor.vcpus, flavor.ram,
                              created_at or pod_fields.now())


def test_usage_counts_server_pods_not_being_deleted():
    usage = quotas.usage(LIMITS, [_pod(SMALL), _pod(MEDIUM), _pod(MEDIUM, deleting=True)])
    assert (usage.instances, usage.cores, usage.ram) == (2, 3, 6144)
    assert usage.reserved == {'instances': 0, 'cores': 0, 'ram': 0}


def test_a_reservation_holds_what_its_create_has_not_created_yet():
    pods = [_pod(SMALL), _pod(MEDIUM, reservation='r-1'), _pod(MEDIUM, reservation='r-1')]
    usage = quotas.usage(LIMITS, pods, [_reservation('r-1', 5, MEDIUM),
                                        _reservation('r-2', 2, SMALL)])
    assert (usage.instances, usage.cores, usage.ram) == (3, 5, 10240)
    assert usage.reserved == {'instances': 5, 'cores': 8, 'ram': 3 * 4096 + 2 * 2048}
    # Created beyond what it reserved (it cannot): never a negative reservation.
    usage = quotas.usage(LIMITS, pods, [_reservation('r-1', 1, MEDIUM)])
    assert usage.reserved['instances'] == 0


def test_reservations_of_a_configmap():
    fresh = _reservation('r-1', 2, SMALL)
    old = _reservation('r-2', 3, SMALL, created_at='2020-01-01T00:00:00Z')
    data = {'r-1': fresh.to_json(), 'r-2': old.to_json(), 'r-3': '{"count": "x"}'}
    live, stale = quotas.reservations(data, timeout=300)
    assert live == [fresh]
    assert sorted(stale) == ['r-2', 'r-3']


def test_limited():
    unlimited = QuotaSet(instances=-1, cores=-1, ram=-1, metadata_items=128, key_pairs=100,
                         server_groups=10, server_group_members=10)
    assert not quotas.limited(unlimited)
    assert quotas.limited(dataclasses.replace(unlimited, ram=4096))
    assert quotas.limited(dataclasses.replace(unlimited, instances=0))


def test_overlay_applies_only_valid_limits():
    values = {'instances': 20, 'cores': -1, 'ram': -2, 'key_pairs': True,
              'metadata_items': '5', 'unknown': 1, 'floating_ips': 0}
    limits = quotas.overlay(LIMITS, values)
    assert (limits.instances, limits.cores, limits.ram, limits.key_pairs,
            limits.metadata_items, limits.floating_ips) == (20, -1, 51200, 100, 128, 0)
    assert quotas.overlay(LIMITS, None) == LIMITS


def test_new_limits_not_below_used_and_reserved():
    usage = QuotaUsage(limits=LIMITS, instances=3, cores=4, ram=1024,
                       reserved={'instances': 2, 'cores': 2, 'ram': 0})
    quotas.check_limits(usage, {'instances': 5, 'cores': -1, 'ram': 1024, 'key_pairs': 0})
    with pytest.raises(exception.QuotaLimitTooLow) as error:
        quotas.check_limits(usage, {'instances': 4})
    assert error.value.code == 400
    assert str(error.value) == ('Quota limit 4 for instances must be greater than or equal '
                                'to already used and reserved 5.')


def test_allowed_count_counts_reserved():
    usage = QuotaUsage(limits=LIMITS, instances=4, reserved={'instances': 5})
    assert quotas.allowed_count(usage, SMALL, 1, 10) == 1
    with pytest.raises(exception.QuotaExceeded, match='Requested 2, but already used 9 of '
                                                      '10 instances'):
        quotas.allowed_count(usage, SMALL, 2, 2)


@pytest.mark.parametrize('used,min_count,max_count,expected', [
    (0, 1, 1, 1),
    (0, 1, 10, 10),
    (9, 1, 3, 1),      # Nova creates as many as fit when min_count fit
    (5, 2, 10, 5),
])
def test_allowed_count(used, min_count, max_count, expected):
    usage = QuotaUsage(limits=LIMITS, instances=used, cores=used, ram=used * 2048)
    assert quotas.allowed_count(usage, SMALL, min_count, max_count) == expected


def test_instances_over_quota_is_novas_403():
    usage = QuotaUsage(limits=LIMITS, instances=9, cores=9, ram=9 * 2048)
    with pytest.raises(exception.QuotaExceeded) as error:
        quotas.allowed_count(usage, SMALL, 3, 3)
    assert error.value.code == 403
    assert str(error.value) == ('Quota exceeded for instances: Requested 3, but already '
                                'used 9 of 10 instances')


def test_cores_and_ram_over_quota():
    usage = QuotaUsage(limits=LIMITS, instances=1, cores=19, ram=1024)
    with pytest.raises(exception.QuotaExceeded, match='Quota exceeded for cores: Requested '
                                                      '2, but already used 19 of 20 cores'):
        quotas.allowed_count(usage, MEDIUM, 1, 1)
    usage = QuotaUsage(limits=LIMITS, instances=1, cores=1, ram=50000)
    with pytest.raises(exception.QuotaExceeded, match='for ram: Requested 4096, but already '
                                                      'used 50000 of 51200 ram'):
        quotas.allowed_count(usage, MEDIUM, 1, 1)


def test_unlimited_quotas():
    unlimited = QuotaSet(instances=-1, cores=-1, ram=-1, metadata_items=-1, key_pairs=-1,
                         server_groups=-1, server_group_members=-1)
    usage = QuotaUsage(limits=unlimited, instances=10 ** 6)
    assert quotas.allowed_count(usage, MEDIUM, 1, 500) == 500
    quotas.check_metadata(unlimited, {str(i): '' for i in range(1000)})


def test_metadata_items():
    quotas.check_metadata(LIMITS, {str(i): '' for i in range(128)})
    with pytest.raises(exception.MetadataLimitExceeded,
                       match='^Maximum number of metadata items exceeds 128$'):
        quotas.check_metadata(LIMITS, {str(i): '' for i in range(129)})


class _Response:
    """Enough of a requests.Response for tests.contract.validate."""

    def __init__(self, body: dict):
        self.status_code = 200
        self.headers = {}
        self.content = b'x'
        self._body = body

    def json(self):
        return self._body


def _request(version: str):
    return types.SimpleNamespace(version=APIVersion(version))


@pytest.mark.parametrize('version', ['2.1', '2.35', '2.36', '2.38', '2.39', '2.56', '2.57',
                                     '2.100'])
def test_limits_shape_per_version(version):
    usage = QuotaUsage(limits=LIMITS, instances=2, cores=3, ram=6144)
    body = view.limits(_request(version), usage)
    schema = contract.client_schema(limits_client.LimitsClient, version, 'get_limit')
    contract.validate(schema, _Response(body))
    absolute = body['limits']['absolute']
    assert body['limits']['rate'] == []
    assert (absolute['totalInstancesUsed'], absolute['totalCoresUsed'],
            absolute['totalRAMUsed']) == (2, 3, 6144)
    assert ('maxSecurityGroups' in absolute) == (APIVersion(version) < (2, 36))
    assert ('maxImageMeta' in absolute) == (APIVersion(version) < (2, 39))
    assert ('maxPersonality' in absolute) == (APIVersion(version) < (2, 57))


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.57', '2.100'])
def test_quota_set_shapes_per_version(version):
    request = _request(version)
    for name, body in (
            ('get_quota_set', view.quota_set(request, 'p1', LIMITS)),
            ('get_quota_set_details', view.quota_set_detail(
                request, 'p1', QuotaUsage(limits=LIMITS, instances=1, cores=2, ram=4096)))):
        schema = contract.client_schema(quotas_client.QuotasClient, version, name)
        contract.validate(schema, _Response(body))
    detail = view.quota_set_detail(request, 'p1', QuotaUsage(limits=LIMITS, instances=1))
    assert detail['quota_set']['instances'] == {'limit': 10, 'in_use': 1, 'reserved': 0}


@pytest.mark.parametrize('version', ['2.1', '2.36', '2.57', '2.100'])
def test_quota_set_update_has_no_id(version):
    body = view.quota_set(_request(version), None, LIMITS)
    schema = contract.client_schema(quotas_client.QuotasClient, version, 'update_quota_set')
    contract.validate(schema, _Response(body))
    assert 'id' not in body['quota_set']
    assert ('floating_ips' in body['quota_set']) == (APIVersion(version) < (2, 36))
    assert ('injected_files' in body['quota_set']) == (APIVersion(version) < (2, 57))


@pytest.mark.parametrize('version', ['2.1', '2.49', '2.50', '2.56', '2.57', '2.100'])
def test_quota_class_shapes_per_version(version):
    request = _request(version)
    for name, body in (('get_quota_class_set', view.quota_class_set(request, 'default',
                                                                     LIMITS)),
                       ('update_quota_class_set', view.quota_class_set(request, None,
                                                                        LIMITS))):
        schema = contract.client_schema(quota_classes_client.QuotaClassesClient, version,
                                        name)
        contract.validate(schema, _Response(body))
    values = view.quota_class_set(request, 'default', LIMITS)['quota_class_set']
    assert ('server_groups' in values) == (APIVersion(version) >= (2, 50))
    assert ('security_groups' in values) == (APIVersion(version) < (2, 50))
    assert ('injected_files' in values) == (APIVersion(version) < (2, 57))


def test_detail_shows_reservations():
    usage = QuotaUsage(limits=LIMITS, instances=1, cores=1, ram=2048,
                       reserved={'instances': 2, 'cores': 2, 'ram': 4096})
    detail = view.quota_set_detail(_request('2.1'), 'p1', usage)['quota_set']
    assert detail['instances'] == {'limit': 10, 'in_use': 1, 'reserved': 2}
    assert detail['ram'] == {'limit': 51200, 'in_use': 2048, 'reserved': 4096}
    assert detail['key_pairs'] == {'limit': 100, 'in_use': 0, 'reserved': 0}
