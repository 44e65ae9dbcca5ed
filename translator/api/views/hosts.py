"""Views of compute hosts as hypervisors (``/os-hypervisors``) and of services
(``/os-services``), per microversion.

Ids are stable and need no storage: from 2.53 a hypervisor's id is its node's uid (a UUID)
and a service's is a UUID derived from that uid (``uuid5(node uid, binary)``; a conductor's
is its Lease's uid).  Older microversions show integers: the first 28 bits of that UUID plus
one (``legacy_id``), so an id means the same node for as long as the node exists (two nodes
could only share one by a 1 in 2^28 chance).
"""

import datetime
import uuid

from translator.api.views import common
from translator.backend.models import ComputeHost, ControlService

COMPUTE = 'nova-compute'
HYPERVISOR_TYPE = 'arktos'
HYPERVISOR_VERSION = 1000002  # Arktos v1.0.2, as Nova encodes versions
_MICRO_TIME = '%Y-%m-%dT%H:%M:%S.%fZ'


def is_uuid_like(value: str) -> bool:
    """As oslo's ``uuidutils.is_uuid_like``: a UUID with or without dashes, any case."""
    try:
        return uuid.UUID(value).hex == value.replace('-', '').lower()
    except ValueError:
        return False


def legacy_id(value: str) -> int:
    """The integer id of a UUID before 2.53."""
    return int(uuid.UUID(value).hex[:7], 16) + 1


def service_uuid(host: ComputeHost) -> str:
    return str(uuid.uuid5(uuid.UUID(host.uid), COMPUTE))


def _id(req, value: str):
    return value if req.version >= (2, 53) else legacy_id(value)


def hypervisor_id(req, host: ComputeHost):
    return _id(req, host.uid)


def _time(renew_time: str | None) -> str | None:
    """A Lease's ``renewTime`` as Nova writes ``updated_at``."""
    if not renew_time:
        return None
    for form in (_MICRO_TIME, '%Y-%m-%dT%H:%M:%SZ'):
        try:
            return datetime.datetime.strptime(renew_time, form).strftime('%Y-%m-%dT%H:%M:%S.%f')
        except ValueError:
            continue
    return None


def uptime(host: ComputeHost, now: datetime.datetime | None = None) -> str | None:
    """How long the node has been Ready (since its kubelet last came up), in the format of
    ``uptime`` that Nova passes on (without users and load, which Arktos does not report);
    None while it is not Ready."""
    if not host.ready_since:
        return None
    try:
        since = datetime.datetime.strptime(host.ready_since, '%Y-%m-%dT%H:%M:%SZ')
    except ValueError:
        return None
    now = now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    minutes = max(0, int((now - since).total_seconds()) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    return f' {now:%H:%M:%S} up {days} days, {minutes // 60:2d}:{minutes % 60:02d}'


def hypervisor(req, host: ComputeHost, *, detail: bool, servers: bool = False) -> dict:
    """One hypervisor; ``servers``: with its servers (an empty list from 2.75)."""
    body = {'id': hypervisor_id(req, host), 'hypervisor_hostname': host.name,
            'state': 'up' if host.ready else 'down',
            'status': 'disabled' if host.disabled else 'enabled'}
    if detail:
        body.update(hypervisor_type=HYPERVISOR_TYPE, hypervisor_version=HYPERVISOR_VERSION,
                    host_ip=host.host_ip,
                    service={'id': _id(req, service_uuid(host)), 'host': host.name,
                             'disabled_reason': host.disabled_reason})
        if req.version < (2, 88):
            body.update(
                vcpus=host.vcpus, memory_mb=host.memory_mb, local_gb=host.local_gb,
                vcpus_used=host.vcpus_used, memory_mb_used=host.memory_mb_used,
                local_gb_used=host.local_gb_used,
                free_ram_mb=host.memory_mb - host.memory_mb_used,
                free_disk_gb=host.local_gb - host.local_gb_used, current_workload=0,
                running_vms=len(host.servers), disk_available_least=None,
                cpu_info={} if req.version >= (2, 28) else '')
        else:
            body['uptime'] = uptime(host)
    if servers and host.servers:
        body['servers'] = [{'name': server.name, 'uuid': server.id}
                           for server in host.servers]
    elif servers and req.version >= (2, 75):
        body['servers'] = []
    return body


def hypervisors(req, hosts: list, *, detail: bool, servers: bool = False,
                page_full: bool = False) -> dict:
    body = {'hypervisors': [hypervisor(req, host, detail=detail, servers=servers)
                            for host in hosts]}
    if page_full and hosts:
        path = 'os-hypervisors/detail' if detail else 'os-hypervisors'
        body['hypervisors_links'] = [common.next_link(req, path,
                                                      str(hypervisor_id(req, hosts[-1])))]
    return body


def statistics(hosts: list) -> dict:
    def total(field):
        return sum(getattr(host, field) for host in hosts)

    return {'hypervisor_statistics': {
        'count': len(hosts), 'vcpus': total('vcpus'), 'vcpus_used': total('vcpus_used'),
        'memory_mb': total('memory_mb'), 'memory_mb_used': total('memory_mb_used'),
        'free_ram_mb': total('memory_mb') - total('memory_mb_used'),
        'local_gb': total('local_gb'), 'local_gb_used': total('local_gb_used'),
        'free_disk_gb': total('local_gb') - total('local_gb_used'),
        'current_workload': 0, 'running_vms': sum(len(host.servers) for host in hosts),
        'disk_available_least': None}}


def compute_service(req, host: ComputeHost) -> dict:
    body = {'binary': COMPUTE, 'host': host.name, 'id': _id(req, service_uuid(host)),
            'zone': host.zone, 'status': 'disabled' if host.disabled else 'enabled',
            'state': 'up' if host.alive else 'down', 'updated_at': _time(host.heartbeat),
            'disabled_reason': host.disabled_reason}
    if req.version >= (2, 11):
        body['forced_down'] = host.forced_down
    return body


def control_service(req, service: ControlService) -> dict:
    body = {'binary': service.binary, 'host': service.host, 'id': _id(req, service.uid),
            'zone': 'internal', 'status': 'enabled',
            'state': 'up' if service.alive else 'down', 'updated_at': _time(service.heartbeat),
            'disabled_reason': None}
    if req.version >= (2, 11):
        body['forced_down'] = False
    return body
