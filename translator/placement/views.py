"""Compute hosts as Placement's resource providers, their inventories, usages and
allocations.

A host is a root provider without children. Its inventory is the node's: totals are its
capacity, ``reserved`` what its allocatable keeps back, no overcommit (Arktos schedules on
requests); a server bound to it consumes its flavor (VCPU, MEMORY_MB, and root plus
ephemeral disk as DISK_GB, as Nova allocates). The generation is the node's
resourceVersion. ``COMPUTE_STATUS_DISABLED`` is the one trait: Nova's for a disabled
compute service.
"""

from translator.backend.models import ComputeHost, Server

RESOURCE_CLASSES = ('VCPU', 'MEMORY_MB', 'DISK_GB')
TRAIT_DISABLED = 'COMPUTE_STATUS_DISABLED'
TRAITS = (TRAIT_DISABLED,)


def generation(host: ComputeHost) -> int:
    return int(host.resource_version) if host.resource_version.isdigit() else 0


def _sizes(host: ComputeHost) -> dict:
    return {'VCPU': (host.vcpus, host.vcpus_reserved),
            'MEMORY_MB': (host.memory_mb, host.memory_mb_reserved),
            'DISK_GB': (host.local_gb, host.local_gb_reserved)}


def inventories(host: ComputeHost) -> dict:
    """The host's inventory records by resource class (none for a size of 0)."""
    return {rc: {'total': total, 'reserved': reserved, 'min_unit': 1, 'max_unit': total,
                 'step_size': 1, 'allocation_ratio': 1.0}
            for rc, (total, reserved) in _sizes(host).items() if total > 0}


def server_resources(server: Server) -> dict:
    """What a server bound to a host consumes of it."""
    flavor = server.flavor
    resources = {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.ram,
                 'DISK_GB': flavor.disk + flavor.ephemeral}
    return {rc: amount for rc, amount in resources.items() if amount}


def usages(host: ComputeHost) -> dict:
    """The host's usage of each class of its inventory."""
    used = dict.fromkeys(inventories(host), 0)
    for server in host.servers:
        for rc, amount in server_resources(server).items():
            used[rc] = used.get(rc, 0) + amount
    return used


def capacities(host: ComputeHost, classes) -> dict:
    """Placement's provider summary of ``classes``: capacity and use of each."""
    inventory, used = inventories(host), usages(host)
    return {rc: {'capacity': int((inventory[rc]['total'] - inventory[rc]['reserved'])
                                 * inventory[rc]['allocation_ratio']),
                 'used': used[rc]} for rc in classes}


def traits(host: ComputeHost) -> list[str]:
    return [TRAIT_DISABLED] if host.disabled else []


def provider(req, host: ComputeHost) -> dict:
    url = f'{req.script_name}/resource_providers/{host.uid}'
    links = [('self', url), ('inventories', f'{url}/inventories'),
             ('usages', f'{url}/usages')]
    if req.version >= (1, 1):
        links.append(('aggregates', f'{url}/aggregates'))
    if req.version >= (1, 6):
        links.append(('traits', f'{url}/traits'))
    if req.version >= (1, 11):
        links.append(('allocations', f'{url}/allocations'))
    body = {'uuid': host.uid, 'name': host.name, 'generation': generation(host),
            'links': [{'rel': rel, 'href': href} for rel, href in links]}
    if req.version >= (1, 14):
        body.update(parent_provider_uuid=None, root_provider_uuid=host.uid)
    return body


def resource_class(req, name: str) -> dict:
    return {'name': name, 'links': [
        {'rel': 'self', 'href': f'{req.script_name}/resource_classes/{name}'}]}
