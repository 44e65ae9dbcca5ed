"""Renders backend Server models in Nova's shapes, per microversion (§2.4, §2.5)."""

import orjson

from translator import memo
from translator.api.views import common
from translator.backend.models import Server
from translator.policies import servers as policies

# Serialized list items by server revision, microversion and link base: a server that
# has not changed is not rendered again (as many as the driver remembers servers).
_RENDERED = memo.BoundedMemo(1024)
_EXTENDED_KEY = 'translator.extended_server_attributes'

_PROGRESS_STATUSES = frozenset({'ACTIVE', 'BUILD', 'REBUILD', 'RESIZE', 'VERIFY_RESIZE',
                                'MIGRATING'})
_FAULT_STATUSES = frozenset({'ERROR', 'DELETED'})


def basic(req, server: Server) -> dict:
    return {'id': server.id, 'name': server.name,
            'links': common.links(req, 'servers', server.id)}


def _flavor(req, server: Server) -> dict:
    flavor = server.flavor
    if req.version >= (2, 47):
        return {'vcpus': flavor.vcpus, 'ram': flavor.ram, 'disk': flavor.disk,
                'ephemeral': flavor.ephemeral, 'swap': flavor.swap,
                'original_name': flavor.name, 'extra_specs': dict(flavor.extra_specs)}
    return {'id': flavor.id,
            'links': [{'rel': 'bookmark',
                       'href': common.bookmark_link(req, 'flavors', flavor.id)}]}


def _image(req, server: Server):
    if not server.image_id:
        return ''
    image = {'id': server.image_id,
             'links': [{'rel': 'bookmark',
                        'href': common.bookmark_link(req, 'images', server.image_id)}]}
    if req.version >= (2, 98):
        image['properties'] = dict(server.image_properties)
    return image


def _addresses(server: Server) -> dict:
    return {label: [{'version': address.version, 'addr': address.addr,
                     'OS-EXT-IPS:type': address.type,
                     'OS-EXT-IPS-MAC:mac_addr': address.mac_addr}
                    for address in entries]
            for label, entries in server.addresses.items()}


# Left out of the PUT response before 2.75 (nova's ``update`` view).
_NOT_IN_REDUCED = ('OS-EXT-AZ:availability_zone', 'config_drive', 'key_name',
                   'OS-SRV-USG:launched_at', 'OS-SRV-USG:terminated_at',
                   'OS-EXT-STS:task_state', 'OS-EXT-STS:vm_state', 'OS-EXT-STS:power_state',
                   'os-extended-volumes:volumes_attached', 'security_groups')


def _shows_extended_attributes(req) -> bool:
    """Whether the caller sees the extended attributes (one policy check a request)."""
    shown = req.environ.get(_EXTENDED_KEY)
    if shown is None:
        shown = req.environ[_EXTENDED_KEY] = req.context.can_quietly(
            policies.EXTENDED_ATTRIBUTES)
    return shown


def _extended_attributes(version, server: Server) -> dict:
    """What admins see of where and how a server runs (Nova's extended server
    attributes): the Arktos node is its host and hypervisor."""
    attributes = {'OS-EXT-SRV-ATTR:host': server.host,
                  'OS-EXT-SRV-ATTR:hypervisor_hostname': server.host,
                  'OS-EXT-SRV-ATTR:instance_name': f'instance-{server.id}'}
    if version >= (2, 3):
        attributes.update({
            'OS-EXT-SRV-ATTR:reservation_id': server.reservation_id,
            'OS-EXT-SRV-ATTR:launch_index': server.launch_index,
            'OS-EXT-SRV-ATTR:hostname': server.hostname,
            'OS-EXT-SRV-ATTR:kernel_id': '',
            'OS-EXT-SRV-ATTR:ramdisk_id': '',
            'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
            'OS-EXT-SRV-ATTR:user_data': server.user_data,
        })
    if version >= (2, 16):
        attributes['host_status'] = 'UP' if server.host else ''
    return attributes


def show(req, server: Server, *, in_list: bool = False, reduced: bool = False) -> dict:
    """The full server as ``GET /servers/{id}`` (or one item of ``/servers/detail``).

    ``reduced`` gives the smaller shape ``PUT /servers/{id}`` answers before 2.75.
    """
    version = req.version
    body = {
        'id': server.id,
        'name': server.name,
        'status': server.status,
        'tenant_id': server.project_id,
        'user_id': server.user_id,
        'metadata': dict(server.metadata),
        'hostId': server.host_id,
        'image': _image(req, server),
        'flavor': _flavor(req, server),
        'created': server.created,
        'updated': server.updated,
        'addresses': _addresses(server),
        'accessIPv4': server.access_ipv4,
        'accessIPv6': server.access_ipv6,
        'links': common.links(req, 'servers', server.id),
        'OS-DCF:diskConfig': server.disk_config,
        'OS-EXT-AZ:availability_zone': server.availability_zone,
        'config_drive': 'True' if server.config_drive else '',
        'key_name': server.key_name,
        'OS-SRV-USG:launched_at': server.launched_at,
        'OS-SRV-USG:terminated_at': None,
        'OS-EXT-STS:task_state': server.task_state,
        'OS-EXT-STS:vm_state': server.vm_state,
        'OS-EXT-STS:power_state': server.power_state,
        'os-extended-volumes:volumes_attached': [],
    }
    if server.security_groups:
        body['security_groups'] = [{'name': name} for name in server.security_groups]
    if server.status in _PROGRESS_STATUSES:
        body['progress'] = 0
    if server.fault is not None and server.status in _FAULT_STATUSES:
        body['fault'] = dict(server.fault)
    if version >= (2, 9):
        body['locked'] = server.locked
    if version >= (2, 19):
        body['description'] = server.description
    if version >= (2, 26):
        body['tags'] = list(server.tags)
    if version >= (2, 63):
        body['trusted_image_certificates'] = None
    if version >= (2, 71) and not in_list:
        body['server_groups'] = list(server.server_groups)
    if version >= (2, 73):
        body['locked_reason'] = server.locked_reason
    if _shows_extended_attributes(req):
        body.update(_extended_attributes(version, server))
    if version >= (2, 90):
        body['OS-EXT-SRV-ATTR:hostname'] = server.hostname
    if version >= (2, 96):
        body['pinned_availability_zone'] = None
    if version >= (2, 100):
        body['scheduler_hints'] = dict(server.scheduler_hints)
    if reduced:
        for key in _NOT_IN_REDUCED:
            body.pop(key, None)
        for entries in body['addresses'].values():
            for entry in entries:
                del entry['OS-EXT-IPS:type'], entry['OS-EXT-IPS-MAC:mac_addr']
    return body


def created(req, server: Server, admin_pass: str | None) -> dict:
    """The ``POST /servers`` response body (the same at every microversion)."""
    body = {
        'id': server.id,
        'links': common.links(req, 'servers', server.id),
        'OS-DCF:diskConfig': server.disk_config,
        'security_groups': [{'name': name} for name in server.security_groups],
    }
    if admin_pass is not None:
        body['adminPass'] = admin_pass
    return body


def _listed(req, server: Server):
    """One item of ``/servers/detail``: a dict, or the same already serialized."""
    if not server.revision:
        return show(req, server, in_list=True)
    return _RENDERED.get(
        (server.revision, req.version, req.base_url, req.url_project_id,
         _shows_extended_attributes(req)),
        lambda: orjson.Fragment(orjson.dumps(show(req, server, in_list=True))))


def collection(req, servers: list, *, detail: bool, page_full: bool) -> dict:
    return common.paged_collection(req, 'servers', servers, _listed if detail else basic,
                                   detail=detail, page_full=page_full)
