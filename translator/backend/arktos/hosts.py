"""Arktos nodes as Nova's compute hosts (hypervisors, ``nova-compute`` services) and the
conductors as ``nova-conductor`` services.

A node is one host: its capacity is the hypervisor's size, the server pods bound to it
(``spec.nodeName``) its use, its node Lease in ``system/kube-node-lease`` (the kubelet's
heartbeat) whether its service is up.  Disabling the service cordons the node
(``spec.unschedulable``, so the Arktos scheduler places nothing new there) and keeps the
reason in the ``nova.openstack.org/disabled-reason`` annotation; ``forced_down`` is the
``nova.openstack.org/forced-down`` annotation (the service then reads as down).  Every write
is a merge patch conditional on the node's resourceVersion, retried on a conflict.
"""

import re
from fractions import Fraction

from translator import exception
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import names
from translator.backend.models import ComputeHost, ControlService, ServerFilters
from translator.conductor import lease

NODES = '/api/v1/nodes'
NODE_LEASES = '/apis/coordination.k8s.io/v1/tenants/system/namespaces/kube-node-lease/leases'
ANN_DISABLED_REASON = names.PREFIX + 'disabled-reason'
ANN_FORCED_DOWN = names.PREFIX + 'forced-down'
_QUANTITY = re.compile(r'^([0-9.]+)([A-Za-z]*)$')
_SUFFIXES = {'': 1, 'n': Fraction(1, 10**9), 'u': Fraction(1, 10**6), 'm': Fraction(1, 1000),
             'k': 10**3, 'M': 10**6, 'G': 10**9, 'T': 10**12, 'P': 10**15, 'E': 10**18,
             'Ki': 2**10, 'Mi': 2**20, 'Gi': 2**30, 'Ti': 2**40, 'Pi': 2**50, 'Ei': 2**60}
# Every server of the cloud, not a page.
_ALL = 1_000_000
_WRITE_ATTEMPTS = 3


def quantity(text) -> Fraction:
    """A Kubernetes quantity (``16``, ``500m``, ``64Gi``); 0 for what is not one."""
    match = _QUANTITY.match(str(text or '0'))
    if not match or match.group(2) not in _SUFFIXES:
        return Fraction(0)
    try:
        return Fraction(match.group(1)) * _SUFFIXES[match.group(2)]
    except ValueError:
        return Fraction(0)


def _ready(node: dict) -> bool:
    return any(c.get('type') == 'Ready' and c.get('status') == 'True'
               for c in (node.get('status') or {}).get('conditions') or ())


def _ready_since(node: dict) -> str | None:
    for condition in (node.get('status') or {}).get('conditions') or ():
        if condition.get('type') == 'Ready' and condition.get('status') == 'True':
            return condition.get('lastTransitionTime')
    return None


def _internal_ip(node: dict) -> str | None:
    for address in (node.get('status') or {}).get('addresses') or ():
        if address.get('type') == 'InternalIP':
            return address.get('address')
    return None


# The node resources of a host's sizes (vcpus, memory_mb, local_gb) and their units.
_SIZES = (('cpu', 1), ('memory', 2**20), ('ephemeral-storage', 2**30))


def _reserved(size: int, allocatable: dict, index: int) -> int:
    """What of ``size`` the node keeps back: the capacity less the whole units allocatable
    (0 when the node gives no allocatable for it)."""
    key, unit = _SIZES[index]
    if key not in allocatable:
        return 0
    return max(0, size - int(quantity(allocatable[key]) / unit))


def compute_host(node: dict, node_lease: dict | None, servers: list, zone: str) -> ComputeHost:
    """The host of ``node``; ``servers`` are those bound to it."""
    meta, spec = node.get('metadata') or {}, node.get('spec') or {}
    annotations = meta.get('annotations') or {}
    capacity = (node.get('status') or {}).get('capacity') or {}
    allocatable = (node.get('status') or {}).get('allocatable') or capacity
    forced_down = annotations.get(ANN_FORCED_DOWN) == 'true'
    if node_lease is not None:
        alive = lease.is_valid(node_lease)
        heartbeat = (node_lease.get('spec') or {}).get('renewTime')
    else:  # a control plane without node Leases: the status report is the heartbeat
        alive = _ready(node)
        heartbeat = next((c.get('lastHeartbeatTime') for c in
                          (node.get('status') or {}).get('conditions') or ()
                          if c.get('type') == 'Ready'), None)
    vcpus, memory_mb, local_gb = (int(quantity(capacity.get(key)) / unit)
                                  for key, unit in _SIZES)
    return ComputeHost(
        name=meta.get('name', ''), uid=meta.get('uid', ''),
        vcpus=vcpus, memory_mb=memory_mb, local_gb=local_gb,
        vcpus_reserved=_reserved(vcpus, allocatable, 0),
        memory_mb_reserved=_reserved(memory_mb, allocatable, 1),
        local_gb_reserved=_reserved(local_gb, allocatable, 2),
        host_ip=_internal_ip(node), ready=_ready(node), alive=alive and not forced_down,
        disabled=spec.get('unschedulable') is True,
        disabled_reason=annotations.get(ANN_DISABLED_REASON), forced_down=forced_down,
        heartbeat=heartbeat, ready_since=_ready_since(node), zone=zone,
        vcpus_used=sum(server.flavor.vcpus for server in servers),
        memory_mb_used=sum(server.flavor.ram for server in servers),
        local_gb_used=sum(server.flavor.disk + server.flavor.ephemeral for server in servers),
        servers=tuple(servers),
        resource_version=meta.get('resourceVersion', ''))


def service_patch(node: dict, disabled, disabled_reason, forced_down) -> dict:
    """The merge patch of a service update, conditional on the node's resourceVersion."""
    meta = node.get('metadata') or {}
    patch: dict = {'metadata': {'resourceVersion': meta.get('resourceVersion')}}
    annotations = {}
    if disabled is not None:
        patch['spec'] = {'unschedulable': True if disabled else None}
        annotations[ANN_DISABLED_REASON] = disabled_reason if disabled else None
    if forced_down is not None:
        annotations[ANN_FORCED_DOWN] = 'true' if forced_down else None
    if annotations:
        patch['metadata']['annotations'] = annotations
    return patch


class HostsMixin:
    """The compute host and service methods of ``ArktosDriver``."""

    def _zone_of(self, node: dict) -> str:
        conf = self.zones.conf
        if not conf.zones_from_nodes:
            return conf.default_zone
        labels = (node.get('metadata') or {}).get('labels') or {}
        return labels.get(conf.zone_label) or conf.default_zone

    def _node_leases(self) -> dict:
        try:
            items = self.client.get(NODE_LEASES).get('items') or ()
        except arktos_client.ArktosNotFound:
            return {}
        return {(item.get('metadata') or {}).get('name'): item for item in items}

    def _hosts(self, context, nodes: list) -> list[ComputeHost]:
        leases = self._node_leases()
        by_host: dict = {}
        for server in self.list_servers(context, ServerFilters(all_projects=True), _ALL):
            if server.host:
                by_host.setdefault(server.host, []).append(server)
        hosts = []
        for node in nodes:
            name = (node.get('metadata') or {}).get('name', '')
            hosts.append(compute_host(node, leases.get(name), by_host.get(name, []),
                                      self._zone_of(node)))
        return sorted(hosts, key=lambda host: host.name)

    def list_compute_hosts(self, context) -> list[ComputeHost]:
        return self._hosts(context, self.client.get(NODES).get('items') or [])

    def set_compute_service(self, context, host: str, *, disabled: bool | None = None,
                            disabled_reason: str | None = None,
                            forced_down: bool | None = None) -> ComputeHost:
        attempts = _WRITE_ATTEMPTS
        while True:
            node = self._node(host)
            path = f"{NODES}/{node['metadata']['name']}"
            try:
                node = self.client.patch(
                    path, service_patch(node, disabled, disabled_reason, forced_down))
                return self._hosts(context, [node])[0]
            except arktos_client.ArktosConflict:
                attempts -= 1
                if not attempts:
                    raise

    def _node(self, host: str) -> dict:
        """The node named ``host``, found in the node list (the name is the client's)."""
        for node in self.client.get(NODES).get('items') or ():
            if (node.get('metadata') or {}).get('name') == host:
                return node
        raise exception.ComputeHostNotFound(host=host)

    def list_control_services(self, context) -> list[ControlService]:
        namespace = self.catalog.namespace
        try:
            items = self.client.get(
                namespace.leases(),
                params={'labelSelector': f'{lease.LABEL_CONDUCTOR}=true'}).get('items') or ()
        except arktos_client.ArktosNotFound:
            return []
        services = []
        for item in items:
            spec = item.get('spec') or {}
            services.append(ControlService(
                binary='nova-conductor', host=spec.get('holderIdentity') or '',
                uid=(item.get('metadata') or {}).get('uid', ''), alive=lease.is_valid(item),
                heartbeat=spec.get('renewTime')))
        return sorted(services, key=lambda service: service.host)
