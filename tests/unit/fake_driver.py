"""An in-memory compute backend for in-process tests of the API
(``[api] compute_driver = tests.unit.fake_driver:FakeDriver``).

It keeps the Arktos driver's rules in dictionaries: a project's servers with Nova's
states and conditional claims (admins find any project's), the catalog's flavors and
images (seeded with the built-in ones), a user's key pairs and the server groups per
project (members: its servers booted into them), the limits of
``[quota]`` overlaid by the quota classes' and the project's own, the usage of the
servers, the zones of ``[availability_zone]``, the networks of ``[network]`` and each
project's ``default`` security group. The backend-neutral rules (list filters, quota
arithmetic, network attachment, key generation) are the Arktos driver's own functions,
and networks and zones (read from the configuration alone) are its mixins.

Work Arktos and translator-conductor finish later shows as Nova's task until
``settle()`` finishes it: booting, powering off and on, rebooting, snapshots (the
image is ``saving`` until then), rebuilds and deletes. Pausing and suspending show
at once, as they do on Arktos.
"""

import dataclasses
import hashlib
import itertools
import threading
import uuid

from translator import exception, states
from translator.backend import aggregates, base, catalog, filters
from translator.backend.arktos import (
    actions,
    catalog_store,
    flavors,
    hosts,
    images,
    keypairs,
    networks,
    pod_fields,
    pod_spec,
    quotas,
    resize,
    server_create,
    zones,
)
from translator.backend.models import (
    Address,
    Aggregate,
    ComputeHost,
    ControlService,
    Flavor,
    Image,
    KeyPair,
    Migration,
    QuotaSet,
    QuotaUsage,
    Server,
    ServerCreate,
    ServerFilters,
    ServerGroup,
)

HOST = 'fake-node-1'
HOST_UID = '0b3c2f4e-6f2a-4d1e-9a57-3a1b2c3d4e5f'
CONDUCTOR_UID = '7d9e1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b'

# task_state → the (vm_state, power_state) a settled server is in.
_SETTLED = {
    states.SCHEDULING: (states.ACTIVE, states.RUNNING),
    states.POWERING_OFF: (states.STOPPED, states.SHUTDOWN),
    states.POWERING_ON: (states.ACTIVE, states.RUNNING),
    states.REBOOTING: (states.ACTIVE, states.RUNNING),
    states.REBOOTING_HARD: (states.ACTIVE, states.RUNNING),
    states.IMAGE_SNAPSHOT: (states.ACTIVE, states.RUNNING),
    states.REBUILDING: (states.ACTIVE, states.RUNNING),
}
_POWER = {states.ACTIVE: states.RUNNING, states.STOPPED: states.SHUTDOWN,
          states.PAUSED: states.POWER_PAUSED, states.SUSPENDED: states.POWER_SUSPENDED}


@dataclasses.dataclass
class _Record:
    """A server and what the backend keeps beside it."""

    server: Server
    networks: object
    network_labels: list
    # The snapshot image a pending snapshot saves.
    image_id: str | None = None
    # A resize's flavor and vm_state before it (until it is confirmed or reverted).
    old_flavor: Flavor | None = None
    pre_resize_state: str | None = None


class FakeDriver(zones.ZonesMixin, networks.NetworksMixin, base.Driver):

    def __init__(self, conf):
        self.quota_conf = conf.quota
        self.networks = networks.NetworkTable.from_conf(conf.network)
        # ``[availability_zone] zones_from_nodes`` needs Arktos's nodes: not here.
        self.zones = zones.Zones(conf.availability_zone, client=None)
        self._lock = threading.RLock()
        self._versions = itertools.count(1)
        self._addresses = itertools.count()
        self.reset()

    def reset(self) -> None:
        """Forget every server, key pair and catalog change."""
        with self._lock:
            self._records: dict[tuple, _Record] = {}
            self._keypairs: dict[tuple, KeyPair] = {}
            self._groups: dict[tuple, ServerGroup] = {}
            self._flavors = {flavor.id: flavor for flavor in catalog.FLAVORS}
            self._images = {image.id: image for image in catalog.IMAGES}
            # Limits set by os-quota-class-sets (by class) and os-quota-sets (by project).
            self._class_limits: dict[str, dict] = {}
            self._project_limits: dict[str, dict] = {}
            # The one node, as Arktos reports it (its service is changed by merge patches).
            self._node = {
                'metadata': {'name': HOST, 'uid': HOST_UID, 'resourceVersion': '1'},
                'spec': {},
                'status': {'capacity': {'cpu': '16', 'memory': '64Gi',
                                        'ephemeral-storage': '264212084Ki'},
                           'conditions': [{'type': 'Ready', 'status': 'True',
                                           'lastHeartbeatTime': '2026-01-01T00:00:00Z',
                                           'lastTransitionTime': '2026-01-01T00:00:00Z'}],
                           'addresses': [{'type': 'InternalIP', 'address': '192.0.2.2'}]}}
            self._aggregates: dict[int, Aggregate] = {}
            # Set to make every call fail as an unreachable Arktos does.
            self.unavailable: str | None = None
            # Whether new servers can be resized in place (Arktos's
            # InPlacePodVerticalScaling).
            self.resize_in_place = True

    # --- helpers --------------------------------------------------------------------

    def _available(self) -> None:
        if self.unavailable is not None:
            raise exception.BackendUnavailable(reason=self.unavailable, retry_after=2)

    def _catalog(self) -> catalog_store.Catalog:
        self._available()
        return catalog_store.Catalog(list(self._flavors.values()),
                                     list(self._images.values()), seeded=True)

    def _record(self, context, server_id: str) -> _Record:
        self._available()
        record = self._records.get((context.project_id, server_id))
        if record is None:
            raise exception.InstanceNotFound(instance_id=server_id)
        return record

    def _write(self, record: _Record, **changes) -> Server:
        """Apply Server field changes as one write: a new resourceVersion."""
        version = str(next(self._versions))
        record.server = dataclasses.replace(
            record.server, **changes, updated=pod_fields.now(), resource_version=version,
            revision=f'{record.server.id}/{version}')
        return record.server

    def _claim(self, context, server: Server, **changes) -> Server:
        """Write ``changes`` if the server is still in the state the caller checked."""
        with self._lock:
            record = self._record(context, server.id)
            if (record.server.resource_version != server.resource_version and
                    actions._checked_state(record.server) != actions._checked_state(server)):
                raise exception.ServerChanged(server_id=server.id)
            return self._write(record, **changes)

    def _project_servers(self, context) -> list[Server]:
        return [record.server for (project_id, _), record in self._records.items()
                if project_id == context.project_id]

    def _check_key_name(self, context, key_name: str | None) -> None:
        """400 unless ``key_name`` is None or a key pair of the caller."""
        if key_name is None:
            return
        try:
            self.get_keypair(context, context.user_id, key_name)
        except exception.KeypairNotFound as e:
            raise exception.InvalidKeyName() from e

    def _addresses_of(self, record: _Record) -> dict:
        if record.networks == 'none' or not record.network_labels:
            return {}
        number = next(self._addresses)
        ip = f'10.0.{number // 250}.{number % 250 + 2}'
        mac = 'fa:16:3e:' + ':'.join(
            f'{byte:02x}' for byte in hashlib.sha256(record.server.id.encode()).digest()[:3])
        return {record.network_labels[0]: [Address(addr=ip, version=4, mac_addr=mac)]}

    # --- the test's side: what Arktos and the conductor would do --------------------

    def settle(self) -> None:
        """Finish every task in progress, as Arktos and translator-conductor would."""
        with self._lock:
            for key, record in list(self._records.items()):
                server = record.server
                if server.task_state == states.DELETING:
                    del self._records[key]
                    continue
                if server.task_state in (states.RESIZE_FINISH, states.RESIZE_REVERTING):
                    self._settle_resize(record)
                    continue
                if server.task_state not in _SETTLED:
                    continue
                vm_state, power_state = _SETTLED[server.task_state]
                changes = {'vm_state': vm_state, 'task_state': None, 'power_state': power_state}
                if vm_state == states.ACTIVE and not server.addresses:
                    changes['addresses'] = self._addresses_of(record)
                if server.vm_state == states.BUILDING:
                    changes.update(launched_at=pod_fields.now().rstrip('Z') + '.000000',
                                   host=HOST, host_id=hashlib.sha224(
                                       (server.project_id + HOST).encode()).hexdigest())
                if vm_state == states.STOPPED:
                    changes['addresses'] = {}
                if record.image_id is not None:
                    image = self._images.get(record.image_id)
                    if image is not None:
                        self._images[image.id] = dataclasses.replace(
                            image, status='active', updated_at=pod_fields.now())
                    record.image_id = None
                self._write(record, **changes)

    def _settle_resize(self, record: _Record) -> None:
        reverted = record.server.task_state == states.RESIZE_REVERTING
        migrations = list(record.server.migrations)
        migrations[-1] = {**migrations[-1], 'status': 'reverted' if reverted else 'finished',
                          'updated_at': pod_fields.now()}
        self._write(record, task_state=None, migrations=tuple(migrations),
                    vm_state=record.pre_resize_state if reverted else states.RESIZED)

    # --- servers --------------------------------------------------------------------

    def _find(self, server_id: str) -> _Record:
        """The server ``server_id`` of whichever project has it."""
        self._available()
        for (_, found_id), record in self._records.items():
            if found_id == server_id:
                return record
        raise exception.InstanceNotFound(instance_id=server_id)

    def list_servers(self, context, server_filters: ServerFilters, limit: int,
                     marker: str | None = None) -> list[Server]:
        with self._lock:
            self._available()
            servers = ([record.server for record in self._records.values()]
                       if server_filters.all_projects else self._project_servers(context))
            after = None
            if marker is not None:
                try:
                    record = (self._find(marker) if server_filters.all_projects
                              else self._record(context, marker))
                except exception.InstanceNotFound as e:
                    raise exception.MarkerNotFound(marker=marker) from e
                after = filters.sort_key(record.server)
            return filters.select(servers, server_filters, limit, after)

    def find_server_project(self, context, server_id: str) -> str:
        with self._lock:
            return self._find(server_id).server.project_id

    def get_server(self, context, server_id: str) -> Server:
        with self._lock:
            return self._record(context, server_id).server

    def create_servers(self, context, request: ServerCreate, min_count: int,
                       max_count: int) -> list[Server]:
        with self._lock:
            loaded = self._catalog()
            flavor = flavors.catalog_flavor(loaded, request.flavor_ref, True, context)
            image = images.bootable_image(context, loaded, request.image_ref)
            images.check_flavor_fits(image, flavor)
            self._check_key_name(context, request.key_name)
            zone, _ = self.zones.placement(request.availability_zone)
            groups = self.security_group_names(context, request.security_groups)
            attachment = self.networks.attach(request.networks)
            usage = self.get_quota_usage(context)
            quotas.check_metadata(usage.limits, request.metadata)
            group = self._boot_group(context, request.scheduler_hints.get('group'),
                                     max_count)
            count = quotas.allowed_count(usage, flavor, min_count, max_count)
            reservation_id = server_create.new_reservation_id()
            now = pod_fields.now()
            created = []
            for index in range(count):
                name = request.name if count == 1 else f'{request.name}-{index + 1}'
                server_id = str(uuid.uuid4())
                server = Server(
                    id=server_id, name=name, project_id=context.project_id,
                    user_id=context.user_id, vm_state=states.BUILDING,
                    task_state=states.SCHEDULING, power_state=states.NOSTATE, created=now,
                    updated=now, flavor=flavor, image_id=image.id,
                    image_properties=dict(image.properties), metadata=dict(request.metadata),
                    key_name=request.key_name, availability_zone=zone,
                    description=request.description, tags=request.tags,
                    access_ipv4=request.access_ipv4, access_ipv6=request.access_ipv6,
                    config_drive=request.config_drive, security_groups=groups,
                    disk_config=request.disk_config,
                    hostname=pod_spec.sanitize_hostname(request.hostname or name,
                                                        f'server-{server_id}'),
                    reservation_id=reservation_id,
                    scheduler_hints=dict(request.scheduler_hints),
                    server_groups=(group.id,) if group else (),
                    resizable=self.resize_in_place)
                record = _Record(server, request.networks, attachment.labels)
                self._records[(context.project_id, server_id)] = record
                created.append(self._write(record))
            return created

    def update_server(self, context, server_id: str, changes: dict,
                      resource_version: str | None = None) -> Server:
        with self._lock:
            record = self._record(context, server_id)
            if 'metadata' in changes:
                quotas.check_metadata(self.get_quotas(context), changes['metadata'])
            if resource_version not in (None, record.server.resource_version):
                raise exception.ServerChanged(server_id=server_id)
            return self._write(record, **changes)

    def delete_server(self, context, server_id: str) -> None:
        with self._lock:
            self._write(self._record(context, server_id), task_state=states.DELETING)

    # --- actions --------------------------------------------------------------------

    def set_power_state(self, context, server: Server, vm_state: str,
                        task_state: str | None) -> Server:
        if task_state is None:
            # Arktos shows a pause or suspend it accepted at once.
            return self._claim(context, server, vm_state=vm_state, task_state=None,
                               power_state=_POWER[vm_state], fault=None)
        return self._claim(context, server, task_state=task_state, fault=None)

    def reboot_server(self, context, server: Server, hard: bool) -> Server:
        return self._claim(context, server, task_state=(states.REBOOTING_HARD if hard
                                                        else states.REBOOTING))

    def snapshot_server(self, context, server: Server, name: str, metadata: dict) -> Image:
        with self._lock:
            base_image = self._catalog().image(server.image_id)
            now = pod_fields.now()
            image = Image(
                id=str(uuid.uuid4()), name=name,
                location=base_image.location if base_image else '',
                min_disk=server.flavor.disk, min_ram=base_image.min_ram if base_image else 0,
                status='saving', visibility='private', owner=context.project_id,
                created_at=now, updated_at=now,
                properties={**metadata, 'image_type': 'snapshot', 'instance_uuid': server.id,
                            'base_image_ref': server.image_id, 'user_id': context.user_id})
            self._claim(context, server, task_state=states.IMAGE_SNAPSHOT)
            self._images[image.id] = image
            self._record(context, server.id).image_id = image.id
            return image

    def rebuild_server(self, context, server: Server, image: Image, changes: dict,
                       guest: dict) -> Server:
        with self._lock:
            fields = {**changes, 'image_id': image.id}
            if 'key_name' in guest:
                self._check_key_name(context, guest['key_name'])
                fields['key_name'] = guest['key_name']
            if image.properties.get('instance_uuid') != server.id:
                fields['image_properties'] = dict(image.properties)
                if server.vm_state != states.ACTIVE:
                    # A stopped server boots from the new image when it starts.
                    return self._claim(context, server, **fields)
            return self._claim(context, server, task_state=states.REBUILDING, **fields)

    def resize_server(self, context, server: Server, flavor: Flavor,
                      disk_config: str | None = None) -> Server:
        with self._lock:
            resize.check_quota(self.get_quota_usage(context), server.flavor, flavor)
            record = self._record(context, server.id)
            now = pod_fields.now()
            migrations = (*server.migrations, resize.new_migration(context, server, flavor,
                                                                   now))
            claimed = self._claim(context, server, task_state=states.RESIZE_FINISH,
                                  flavor=flavor, migrations=migrations[-resize.MAX_MIGRATIONS:],
                                  disk_config=disk_config or server.disk_config)
            record.old_flavor, record.pre_resize_state = server.flavor, server.vm_state
            return claimed

    def _resized(self, context, server: Server, status: str, **changes) -> Server:
        migrations = list(server.migrations)
        migrations[-1] = {**migrations[-1], 'status': status, 'updated_at': pod_fields.now()}
        return self._claim(context, server, migrations=tuple(migrations), **changes)

    def confirm_resize(self, context, server: Server) -> Server:
        with self._lock:
            record = self._record(context, server.id)
            confirmed = self._resized(context, server, 'confirmed',
                                      vm_state=record.pre_resize_state)
            record.old_flavor = None
            return confirmed

    def revert_resize(self, context, server: Server) -> Server:
        with self._lock:
            record = self._record(context, server.id)
            resize.check_quota(self.get_quota_usage(context), server.flavor, record.old_flavor)
            return self._resized(context, server, 'reverting', flavor=record.old_flavor,
                                 task_state=states.RESIZE_REVERTING)

    def list_migrations(self, context) -> list:
        with self._lock:
            self._available()
            return sorted((Migration.from_dict(item) for record in self._records.values()
                           for item in record.server.migrations),
                          key=lambda m: m.created_at)

    def reset_state(self, context, server: Server, vm_state: str) -> Server:
        return self._claim(context, server, vm_state=vm_state, task_state=None, fault=None)

    def set_lock(self, context, server: Server, locked: bool, reason: str | None = None,
                 by_admin: bool = False) -> Server:
        locked_by = ('admin' if by_admin else 'owner') if locked else None
        return self._claim(context, server, locked=locked, locked_by=locked_by,
                           locked_reason=reason if locked else None)

    def set_security_groups(self, context, server: Server, group_names: tuple) -> Server:
        return self._claim(context, server,
                           security_groups=self.security_group_names(context, group_names))

    # --- flavors --------------------------------------------------------------------

    def list_flavors(self, context) -> list[Flavor]:
        with self._lock:
            return [flavor for flavor in self._catalog().flavors
                    if flavor.visible_to(context.project_id, context.is_admin)]

    def get_flavor(self, context, flavor_id: str, for_create: bool = False) -> Flavor:
        with self._lock:
            return flavors.catalog_flavor(self._catalog(), flavor_id, for_create, context)

    def update_flavor(self, context, flavor_id: str, change) -> Flavor:
        with self._lock:
            self._available()
            flavor = self._flavors.get(flavor_id)
            if flavor is None:
                raise exception.FlavorNotFound(flavor_id=flavor_id)
            flavor = self._flavors[flavor_id] = dataclasses.replace(flavor, **change(flavor))
            return flavor

    def create_flavor(self, context, flavor: Flavor) -> Flavor:
        with self._lock:
            self._available()
            if flavor.id in self._flavors:
                raise exception.FlavorExists(flavor_id=flavor.id)
            self._flavors[flavor.id] = flavor
            return flavor

    def delete_flavor(self, context, flavor_id: str) -> None:
        with self._lock:
            self._available()
            if self._flavors.pop(flavor_id, None) is None:
                raise exception.FlavorNotFound(flavor_id=flavor_id)

    # --- images ---------------------------------------------------------------------

    def list_images(self, context) -> list[Image]:
        with self._lock:
            return [image for image in self._catalog().images
                    if image.visible_to(context.project_id, context.is_admin)]

    def show_image(self, context, image_id: str) -> Image:
        with self._lock:
            return images.visible_image(context, self._catalog(), image_id)

    def get_image(self, context, image_id: str) -> Image:
        with self._lock:
            return images.bootable_image(context, self._catalog(), image_id)

    def _owned_image(self, context, image_id: str) -> Image:
        image = self.show_image(context, image_id)
        if image.owner != context.project_id and not context.is_admin:
            raise exception.Forbidden(f'You are not permitted to modify image {image_id}.')
        return image

    def create_image(self, context, image: Image) -> Image:
        with self._lock:
            self._available()
            if image.id in self._images:
                raise exception.Conflict(f'Image with identifier {image.id} already exists!')
            self._images[image.id] = image
            return image

    def update_image(self, context, image_id: str, change, by_member: bool = False) -> Image:
        with self._lock:
            image = (self.show_image if by_member else self._owned_image)(context, image_id)
            image = dataclasses.replace(image, **change(image), updated_at=pod_fields.now())
            self._images[image_id] = image
            return image

    def delete_image(self, context, image_id: str) -> None:
        with self._lock:
            if self._owned_image(context, image_id).protected:
                raise exception.Forbidden(
                    f'Image {image_id} is protected and cannot be deleted.')
            del self._images[image_id]

    # --- key pairs ------------------------------------------------------------------

    def list_keypairs(self, context, user_id: str) -> list[KeyPair]:
        with self._lock:
            self._available()
            return sorted((keypair for (project_id, owner, _), keypair
                           in self._keypairs.items()
                           if (project_id, owner) == (context.project_id, user_id)),
                          key=lambda keypair: keypair.name)

    def get_keypair(self, context, user_id: str, name: str) -> KeyPair:
        with self._lock:
            self._available()
            keypair = self._keypairs.get((context.project_id, user_id, name))
            if keypair is None:
                raise exception.KeypairNotFound(name=name, user_id=user_id)
            return keypair

    def create_keypair(self, context, user_id: str, name: str, key_type: str,
                       public_key: str | None) -> KeyPair:
        keypair = keypairs.new_keypair(user_id, name, key_type, public_key)
        with self._lock:
            limit = self.get_quotas(context).key_pairs
            if 0 <= limit <= len(self.list_keypairs(context, user_id)):
                raise exception.KeypairLimitExceeded()
            key = (context.project_id, user_id, name)
            if key in self._keypairs:
                raise exception.KeyPairExists(key_name=name)
            stored = dataclasses.replace(
                keypair, private_key=None, id=next(self._versions),
                created_at=pod_fields.now().rstrip('Z') + '.000000')
            self._keypairs[key] = stored
            return dataclasses.replace(stored, private_key=keypair.private_key)

    def delete_keypair(self, context, user_id: str, name: str) -> None:
        with self._lock:
            self.get_keypair(context, user_id, name)
            del self._keypairs[(context.project_id, user_id, name)]

    # --- server groups --------------------------------------------------------------

    def _members(self, group: ServerGroup) -> ServerGroup:
        return dataclasses.replace(group, members=tuple(
            record.server.id for (project_id, _), record in self._records.items()
            if project_id == group.project_id and group.id in record.server.server_groups
            and record.server.task_state != states.DELETING))

    def _boot_group(self, context, group_id: str | None, count: int) -> ServerGroup | None:
        if group_id is None:
            return None
        try:
            group = self.get_server_group(context, group_id)
        except exception.ServerGroupNotFound as e:
            raise exception.ServerGroupNotFoundForCreate(group_id=group_id) from e
        if 0 <= self.get_quotas(context).server_group_members < len(group.members) + count:
            raise exception.GroupMemberLimitExceeded()
        return group

    def list_server_groups(self, context, all_projects: bool = False) -> list[ServerGroup]:
        with self._lock:
            self._available()
            return [self._members(group) for (project_id, _), group in self._groups.items()
                    if all_projects or project_id == context.project_id]

    def get_server_group(self, context, group_id: str) -> ServerGroup:
        with self._lock:
            self._available()
            group = self._groups.get((context.project_id, group_id))
            if group is None:
                raise exception.ServerGroupNotFound(group_id=group_id)
            return self._members(group)

    def create_server_group(self, context, name: str, policy: str,
                            rules: dict) -> ServerGroup:
        with self._lock:
            limit = self.get_quotas(context).server_groups
            if 0 <= limit <= len(self.list_server_groups(context)):
                raise exception.ServerGroupLimitExceeded()
            group = ServerGroup(id=str(uuid.uuid4()), name=name, policy=policy,
                                project_id=context.project_id, user_id=context.user_id,
                                rules=dict(rules), created_at=pod_fields.now())
            self._groups[(context.project_id, group.id)] = group
            return group

    def delete_server_group(self, context, group_id: str) -> None:
        with self._lock:
            self.get_server_group(context, group_id)
            del self._groups[(context.project_id, group_id)]

    # --- quotas ---------------------------------------------------------------------

    def get_quota_class(self, context, name: str) -> QuotaSet:
        self._available()
        return quotas.overlay(quotas.conf_defaults(self.quota_conf),
                              self._class_limits.get(name))

    def update_quota_class(self, context, name: str, values: dict) -> QuotaSet:
        with self._lock:
            self._available()
            self._class_limits[name] = {**self._class_limits.get(name, {}), **values}
            return self.get_quota_class(context, name)

    def get_default_quotas(self, context) -> QuotaSet:
        return self.get_quota_class(context, 'default')

    def get_quotas(self, context) -> QuotaSet:
        return quotas.overlay(self.get_default_quotas(context),
                              self._project_limits.get(context.project_id))

    def update_quotas(self, context, values: dict, force: bool) -> QuotaSet:
        with self._lock:
            if not force:
                quotas.check_limits(self.get_quota_usage(context), values)
            own = self._project_limits.get(context.project_id, {})
            self._project_limits[context.project_id] = {**own, **values}
            return self.get_quotas(context)

    def delete_quotas(self, context) -> None:
        with self._lock:
            self._available()
            self._project_limits.pop(context.project_id, None)

    def get_quota_usage(self, context) -> QuotaUsage:
        with self._lock:
            counted = [server.flavor for server in self._project_servers(context)
                       if server.task_state != states.DELETING]
            return QuotaUsage(limits=self.get_quotas(context), instances=len(counted),
                              cores=sum(flavor.vcpus for flavor in counted),
                              ram=sum(flavor.ram for flavor in counted),
                              server_groups=len(self.list_server_groups(context)))

    # --- compute hosts and services -------------------------------------------------

    def list_compute_hosts(self, context) -> list[ComputeHost]:
        with self._lock:
            self._available()
            servers = [record.server for record in self._records.values()
                       if record.server.host == HOST]
            return [hosts.compute_host(self._node, None, servers,
                                       self.zones.conf.default_zone)]

    def set_compute_service(self, context, host: str, *, disabled: bool | None = None,
                            disabled_reason: str | None = None,
                            forced_down: bool | None = None) -> ComputeHost:
        with self._lock:
            self._available()
            if host != HOST:
                raise exception.ComputeHostNotFound(host=host)
            patch = hosts.service_patch(self._node, disabled, disabled_reason, forced_down)
            version = int(self._node['metadata']['resourceVersion'])
            self._node = _merged(self._node, patch)
            self._node['metadata']['resourceVersion'] = str(version + 1)
            return self.list_compute_hosts(context)[0]

    def list_control_services(self, context) -> list[ControlService]:
        self._available()
        return [ControlService(binary='nova-conductor', host='fake-conductor',
                               uid=CONDUCTOR_UID, alive=True,
                               heartbeat=pod_fields.now().rstrip('Z') + '.000000Z')]

    # --- aggregates (by the shared rules; a zone is kept as on Arktos, as node label) --

    def list_aggregates(self, context) -> list[Aggregate]:
        with self._lock:
            self._available()
            return sorted(self._aggregates.values(), key=lambda aggregate: aggregate.id)

    def get_aggregate(self, context, aggregate_id: int) -> Aggregate:
        with self._lock:
            self._available()
            if aggregate_id not in self._aggregates:
                raise exception.AggregateNotFound(aggregate_id=aggregate_id)
            return self._aggregates[aggregate_id]

    def _save(self, aggregate: Aggregate, **changes) -> Aggregate:
        changes.setdefault('updated_at', aggregates.now())
        self._aggregates[aggregate.id] = dataclasses.replace(aggregate, **changes)
        self._zone_labels()
        return self._aggregates[aggregate.id]

    def _zone_labels(self) -> None:
        zone = aggregates.zone_of(list(self._aggregates.values()), HOST)
        labels = {self.zones.conf.zone_label: zone}
        self._node = _merged(self._node, {'metadata': {'labels': labels}})

    def create_aggregate(self, context, name: str, availability_zone: str | None) -> Aggregate:
        with self._lock:
            existing = self.list_aggregates(context)
            aggregates.check_unique_name(existing, name)
            aggregate_id = max(self._aggregates, default=0) + 1
            metadata = {aggregates.ZONE: availability_zone} if availability_zone else {}
            aggregate = Aggregate(id=aggregate_id, uuid=str(uuid.uuid4()), name=name,
                                  metadata=metadata, created_at=aggregates.now())
            return self._save(aggregate, updated_at=None)

    def update_aggregate(self, context, aggregate_id: int, name: str | None = None,
                         metadata: dict | None = None) -> Aggregate:
        with self._lock:
            aggregate = self.get_aggregate(context, aggregate_id)
            existing = self.list_aggregates(context)
            if name is not None:
                aggregates.check_unique_name(existing, name, aggregate_id)
            new_metadata = aggregates.merged(aggregate.metadata, metadata or {})
            if new_metadata.get(aggregates.ZONE) != aggregate.availability_zone:
                aggregates.check_zone_change(existing, aggregate,
                                             new_metadata.get(aggregates.ZONE))
            return self._save(aggregate, name=aggregate.name if name is None else name,
                              metadata=new_metadata)

    def delete_aggregate(self, context, aggregate_id: int) -> None:
        with self._lock:
            aggregates.check_delete(self.get_aggregate(context, aggregate_id))
            del self._aggregates[aggregate_id]

    def add_aggregate_host(self, context, aggregate_id: int, host: str) -> Aggregate:
        with self._lock:
            aggregate = self.get_aggregate(context, aggregate_id)
            if host != HOST:
                raise exception.ComputeHostNotFound(host=host)
            aggregates.check_add(self.list_aggregates(context), aggregate, host)
            return self._save(aggregate, hosts=(*aggregate.hosts, host))

    def remove_aggregate_host(self, context, aggregate_id: int, host: str) -> Aggregate:
        with self._lock:
            aggregate = self.get_aggregate(context, aggregate_id)
            if host not in aggregate.hosts:
                raise exception.AggregateHostNotFound(aggregate_id=aggregate_id, host=host)
            return self._save(aggregate, hosts=tuple(h for h in aggregate.hosts if h != host))


def _merged(target: dict, patch: dict) -> dict:
    """A JSON merge patch (RFC 7386) applied to a copy of ``target``."""
    merged = dict(target)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict):
            merged[key] = _merged(merged.get(key) or {}, value)
        else:
            merged[key] = value
    return merged
