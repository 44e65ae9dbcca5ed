"""Backend-neutral models the driver returns and the views render."""

import dataclasses
import functools
import uuid
from dataclasses import field

from translator import states


@functools.cache
def _field_names(cls) -> frozenset:
    return frozenset(f.name for f in dataclasses.fields(cls))


def _known_fields(cls, data: dict) -> dict:
    """The items of ``data`` that are fields of the dataclass ``cls``."""
    names = _field_names(cls)
    return {key: value for key, value in data.items() if key in names}


@dataclasses.dataclass(frozen=True)
class Flavor:
    id: str
    name: str
    vcpus: int
    ram: int
    disk: int
    ephemeral: int = 0
    swap: int = 0
    is_public: bool = True
    description: str | None = None
    extra_specs: dict = field(default_factory=dict)
    rxtx_factor: float = 1.0
    # The projects a private flavor is for (Nova's flavor access list).
    projects: tuple = ()

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> 'Flavor':
        fields = _known_fields(cls, data)
        fields['projects'] = tuple(fields.get('projects') or ())
        return cls(**fields)

    def visible_to(self, project_id: str, is_admin: bool = False) -> bool:
        """Public flavors are everyone's, private ones their projects' and admins'."""
        return self.is_public or is_admin or project_id in self.projects


@dataclasses.dataclass(frozen=True)
class Image:
    """A Glance-like image: a disk Arktos can boot, or a snapshot of a server."""

    id: str
    name: str
    location: str
    min_disk: int = 0
    min_ram: int = 0
    properties: dict = field(default_factory=dict)
    status: str = 'active'
    visibility: str = 'public'
    owner: str | None = None
    protected: bool = False
    size: int | None = None
    disk_format: str | None = 'qcow2'
    container_format: str | None = 'bare'
    created_at: str = '2026-01-01T00:00:00Z'
    updated_at: str = '2026-01-01T00:00:00Z'
    tags: tuple = ()
    os_hidden: bool = False
    # Set when data was uploaded or imported into the image store: the data at
    # ``location`` is then the image's own (a snapshot shares its base's location).
    checksum: str | None = None
    os_hash_algo: str | None = None
    os_hash_value: str | None = None
    # The projects a ``shared`` image is shared with: ``{'member_id', 'status',
    # 'created_at', 'updated_at'}`` each, status ``pending``, ``accepted`` or ``rejected``.
    members: tuple = ()

    def to_dict(self) -> dict:
        record = dataclasses.asdict(self)
        record['tags'] = list(self.tags)
        record['members'] = [dict(member) for member in self.members]
        return record

    @classmethod
    def from_dict(cls, data: dict) -> 'Image':
        record = _known_fields(cls, data)
        record['tags'] = tuple(record.get('tags') or ())
        record['members'] = tuple(record.get('members') or ())
        return cls(**record)

    def member(self, project_id: str) -> dict | None:
        """The membership of ``project_id``, while the image is ``shared``."""
        if self.visibility != 'shared':
            return None
        return next((m for m in self.members if m['member_id'] == project_id), None)

    def visible_to(self, project_id: str, is_admin: bool = False) -> bool:
        """Whether the project may see and boot the image (Glance: its owner, anyone
        for public and community images, the members of a shared one)."""
        return is_admin or self.visibility in ('public', 'community') or \
            self.owner == project_id or self.member(project_id) is not None

    @property
    def has_own_data(self) -> bool:
        """Whether ``location`` holds data uploaded or imported for this image."""
        return self.checksum is not None


@dataclasses.dataclass(frozen=True)
class Address:
    addr: str
    version: int
    mac_addr: str
    type: str = 'fixed'


@dataclasses.dataclass(frozen=True)
class ServerCreate:
    """A validated server create request, independent of any backend."""

    name: str
    flavor_ref: str
    image_ref: str
    project_id: str
    user_id: str
    metadata: dict = field(default_factory=dict)
    user_data: str | None = None
    key_name: str | None = None
    availability_zone: str | None = None
    description: str | None = None
    tags: tuple = ()
    access_ipv4: str = ''
    access_ipv6: str = ''
    config_drive: bool = False
    security_groups: tuple = ('default',)
    disk_config: str = 'MANUAL'
    hostname: str | None = None
    networks: object = 'auto'
    scheduler_hints: dict = field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class ServerFilters:
    """List filters; ``None`` means "do not filter on this"."""

    name: str | None = None
    statuses: frozenset | None = None
    image: str | None = None
    flavor: str | None = None
    reservation_id: str | None = None
    changes_since: str | None = None
    ip: str | None = None
    changes_before: str | None = None
    # ``(Server attribute, accepted values as text)``: exact-match filters.
    fields: tuple = ()
    # Tags all / any of which a server has, all / any of which it must not have.
    tags: tuple | None = None
    tags_any: tuple | None = None
    not_tags: tuple | None = None
    not_tags_any: tuple | None = None
    # ``(Server attribute, descending)`` keys; None is Nova's default order, newest
    # first (``created``, then ``id``).
    sort: tuple | None = None
    # Every project's servers (admins' ``all_tenants``), not only the caller's.
    all_projects: bool = False

    def need_servers(self) -> bool:
        """Whether the filters look at more than the reservation id (a label Arktos
        selects on)."""
        return bool(self.fields) or any(value is not None for value in (
            self.name, self.statuses, self.image, self.flavor, self.changes_since, self.ip,
            self.changes_before, self.tags, self.tags_any, self.not_tags, self.not_tags_any,
            self.sort))


# Port ids are derived from the server and the network label: stable, and unique
# per NIC (Arktos attaches one NIC per network).
_PORT_NAMESPACE = uuid.UUID('5b8f0a6e-2d43-4c1e-9a57-0f3c6d2e8b41')


def port_id(server_id: str, network_label: str) -> str:
    return str(uuid.uuid5(_PORT_NAMESPACE, f'{server_id}/{network_label}'))


@dataclasses.dataclass(frozen=True)
class Nic:
    """One of a server's NICs (a Neutron port): on the network ``network_label``."""

    port_id: str
    network_label: str
    mac_address: str


@dataclasses.dataclass(frozen=True)
class Server:
    id: str
    name: str
    project_id: str
    user_id: str
    vm_state: str
    task_state: str | None
    power_state: int
    created: str
    updated: str
    flavor: Flavor
    image_id: str
    launched_at: str | None = None
    host: str | None = None
    host_id: str = ''
    addresses: dict = field(default_factory=dict)
    metadata: dict = field(default_factory=dict)
    key_name: str | None = None
    availability_zone: str = ''
    description: str | None = None
    tags: tuple = ()
    access_ipv4: str = ''
    access_ipv6: str = ''
    config_drive: bool = False
    security_groups: tuple = ()
    disk_config: str = 'MANUAL'
    hostname: str = ''
    locked: bool = False
    locked_by: str | None = None
    locked_reason: str | None = None
    reservation_id: str = ''
    launch_index: int = 0
    user_data: str | None = None
    scheduler_hints: dict = field(default_factory=dict)
    fault: dict | None = None
    image_properties: dict = field(default_factory=dict)
    # Nova's instance actions, oldest first: dicts of ``action``, ``request_id``,
    # ``user_id``, ``project_id``, ``start_time`` and, once known, ``finish_time`` and
    # ``result`` (see ``translator.backend.actions_log``).
    actions: tuple = ()
    # The ids of the server groups the server is a member of.
    server_groups: tuple = ()
    # Whether the backend can resize the server in place; its resizes (``Migration``
    # dicts, oldest first).
    resizable: bool = False
    migrations: tuple = ()
    # The backend's version of this record: servers of equal revisions render alike.
    revision: str = ''
    # What a write that depends on this record's state is conditional on.
    resource_version: str = ''
    # The pod's NICs in order (``addresses`` has the IPs Arktos reports for the first).
    nics: tuple = ()

    @property
    def status(self) -> str:
        return states.status_from_state(self.vm_state, self.task_state)


@dataclasses.dataclass(frozen=True)
class KeyPair:
    """A user's SSH (or x509) public key; ``private_key`` only when just generated."""

    name: str
    user_id: str
    public_key: str
    fingerprint: str
    type: str = 'ssh'
    created_at: str = ''
    id: int = 0
    private_key: str | None = None


@dataclasses.dataclass(frozen=True)
class Migration:
    """A resize of a server (Nova's migration record): ``status`` ``migrating``,
    ``finished`` (to confirm or revert), ``confirmed``, ``reverting``, ``reverted`` or
    ``error``; the host does not change."""

    id: int
    uuid: str
    instance_uuid: str
    status: str
    old_flavor_id: str
    new_flavor_id: str
    project_id: str
    user_id: str
    created_at: str
    updated_at: str | None = None
    node: str | None = None
    migration_type: str = 'resize'

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> 'Migration':
        return cls(**_known_fields(cls, data))


@dataclasses.dataclass(frozen=True)
class ServerGroup:
    """A Nova server group: its policy (``affinity``, ``anti-affinity``, ``soft-affinity``,
    ``soft-anti-affinity``), ``rules`` (``max_server_per_host``) and member server ids."""

    id: str
    name: str
    policy: str
    project_id: str
    user_id: str
    rules: dict = field(default_factory=dict)
    members: tuple = ()
    created_at: str = ''

    @property
    def hard(self) -> bool:
        """Whether a server that cannot follow the policy is not booted at all."""
        return not self.policy.startswith('soft-')


@dataclasses.dataclass(frozen=True)
class QuotaSet:
    """A project's limits; -1 means unlimited. The last seven are the limits of features
    the service does not have (nova-network, personality files): stored and shown as
    Nova does until the microversions that drop them, enforced nowhere."""

    instances: int
    cores: int
    ram: int
    metadata_items: int
    key_pairs: int
    server_groups: int
    server_group_members: int
    fixed_ips: int = -1
    floating_ips: int = 10
    security_groups: int = 10
    security_group_rules: int = 20
    injected_files: int = 5
    injected_file_content_bytes: int = 10240
    injected_file_path_bytes: int = 255

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


#: Every quota resource, in the order of QuotaSet.
QUOTA_RESOURCES = tuple(field.name for field in dataclasses.fields(QuotaSet))


@dataclasses.dataclass(frozen=True)
class QuotaUsage:
    """What a project uses of its quota; ``reserved`` is what creates in flight have
    claimed and not created yet (``instances``, ``cores``, ``ram``)."""

    limits: QuotaSet
    instances: int = 0
    cores: int = 0
    ram: int = 0
    server_groups: int = 0
    reserved: dict = dataclasses.field(default_factory=dict)

    def in_use(self, resource: str) -> int:
        return getattr(self, resource, 0) if resource in _COUNTED else 0


_COUNTED = frozenset({'instances', 'cores', 'ram', 'server_groups'})


@dataclasses.dataclass(frozen=True)
class AvailabilityZone:
    """``hosts`` maps host names to whether the host is ready (detail only)."""

    name: str
    available: bool = True
    hosts: dict | None = None


@dataclasses.dataclass(frozen=True)
class ComputeHost:
    """An Arktos node as Nova's compute host: its hypervisor and its ``nova-compute``.

    Sizes come from the node's capacity, ``*_reserved`` from what its allocatable keeps
    back of it; ``*_used`` and ``servers`` from the server pods bound to it (flavor sizes,
    as Nova counts them); ``ready`` is its Ready condition,
    ``alive`` whether its kubelet renewed its node Lease in time (``heartbeat``),
    ``disabled`` its ``spec.unschedulable``.
    """

    name: str
    uid: str
    vcpus: int
    memory_mb: int
    local_gb: int
    host_ip: str | None
    ready: bool
    alive: bool
    disabled: bool
    disabled_reason: str | None = None
    forced_down: bool = False
    heartbeat: str | None = None
    ready_since: str | None = None  # when its Ready condition last turned True
    zone: str = 'nova'
    vcpus_used: int = 0
    memory_mb_used: int = 0
    local_gb_used: int = 0
    vcpus_reserved: int = 0
    memory_mb_reserved: int = 0
    local_gb_reserved: int = 0
    servers: tuple = ()  # the Servers bound to it
    resource_version: str = ''


@dataclasses.dataclass(frozen=True)
class Aggregate:
    """A host aggregate: a named set of compute hosts with metadata (``availability_zone``
    among them)."""

    id: int
    uuid: str
    name: str
    metadata: dict = field(default_factory=dict)
    hosts: tuple = ()
    created_at: str = ''
    updated_at: str | None = None
    resource_version: str = ''

    @property
    def availability_zone(self) -> str | None:
        return self.metadata.get('availability_zone')


@dataclasses.dataclass(frozen=True)
class ControlService:
    """A translator service that renews a Lease (the conductors): ``binary`` on ``host``."""

    binary: str
    host: str
    uid: str
    alive: bool
    heartbeat: str | None = None


@dataclasses.dataclass(frozen=True)
class Network:
    """A network servers attach to: an Arktos subnet (and VPC) under a Nova id."""

    id: str
    label: str
    subnet: str | None = None
    vpc: str | None = None
    cidr: str | None = None
    default: bool = False

    @property
    def subnet_id(self) -> str | None:
        """The Neutron id of the subnet of ``cidr`` (none without one)."""
        return str(uuid.uuid5(uuid.UUID(self.id), self.cidr)) if self.cidr else None


@dataclasses.dataclass(frozen=True)
class SecurityGroup:
    id: str
    name: str
    project_id: str
    description: str = ''
