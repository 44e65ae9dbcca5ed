"""The interface between the API handlers and a compute backend."""

import abc
from collections.abc import Callable

from translator.backend.models import (
    Aggregate,
    AvailabilityZone,
    ComputeHost,
    ControlService,
    Flavor,
    Image,
    KeyPair,
    Migration,
    Network,
    QuotaSet,
    QuotaUsage,
    SecurityGroup,
    Server,
    ServerCreate,
    ServerFilters,
    ServerGroup,
)


class Driver(abc.ABC):
    """A compute backend. Every method takes the request context first."""

    @abc.abstractmethod
    def list_servers(self, context, server_filters: ServerFilters, limit: int,
                     marker: str | None = None) -> list[Server]:
        """At most ``limit`` of the project's servers (every project's with
        ``server_filters.all_projects``) that pass ``server_filters``, newest first,
        after the server ``marker`` (MarkerNotFound when there is none)."""

    @abc.abstractmethod
    def get_server(self, context, server_id: str) -> Server:
        """Raise InstanceNotFound when the project has no such server."""

    @abc.abstractmethod
    def find_server_project(self, context, server_id: str) -> str:
        """The project of the server ``server_id``, whichever it is (for admins);
        InstanceNotFound when no project has it."""

    @abc.abstractmethod
    def create_servers(self, context, request: ServerCreate, min_count: int,
                       max_count: int) -> list[Server]:
        """Create ``max_count`` servers (at least ``min_count``), ordered by launch index.

        When fewer than ``min_count`` can be created, none is left behind and the
        first error is raised.
        """

    @abc.abstractmethod
    def update_server(self, context, server_id: str, changes: dict,
                      resource_version: str | None = None) -> Server:
        """Apply Nova field changes (``name``, ``description``, ``access_ipv4``…,
        ``metadata``, ``tags``); with ``resource_version``, only if the server is still
        at it (ServerChanged otherwise)."""

    @abc.abstractmethod
    def delete_server(self, context, server_id: str) -> None:
        """Start deleting a server (callers check it exists and is theirs first);
        it answers 404 once it is gone."""

    # The actions below act on ``server`` as the caller read and checked it: a server
    # that changed since is ServerChanged (409), so of two actions one wins.

    @abc.abstractmethod
    def set_power_state(self, context, server: Server, vm_state: str,
                        task_state: str | None) -> Server:
        """Ask for ``vm_state`` (active, stopped, paused, suspended) and record the task."""

    @abc.abstractmethod
    def reboot_server(self, context, server: Server, hard: bool) -> Server:
        """Reboot a running server; ``task_state`` shows the reboot until it is done."""

    @abc.abstractmethod
    def snapshot_server(self, context, server: Server, name: str, metadata: dict) -> Image:
        """Start a snapshot of a running server: a new image, ``saving`` until done."""

    @abc.abstractmethod
    def rebuild_server(self, context, server: Server, image: Image, changes: dict,
                       guest: dict) -> Server:
        """Restore the server's own snapshot ``image``, or boot it again from another
        image with the Nova field ``changes`` and ``guest`` (``key_name``,
        ``user_data``; None removes them)."""

    @abc.abstractmethod
    def resize_server(self, context, server: Server, flavor: Flavor,
                      disk_config: str | None = None) -> Server:
        """Start resizing a ``resizable`` server to ``flavor`` in place (RESIZE, then
        VERIFY_RESIZE); QuotaExceeded when the growth does not fit."""

    @abc.abstractmethod
    def confirm_resize(self, context, server: Server) -> Server:
        """Keep the new flavor of a resized server."""

    @abc.abstractmethod
    def revert_resize(self, context, server: Server) -> Server:
        """Start resizing a resized server back to its old flavor (REVERT_RESIZE)."""

    @abc.abstractmethod
    def list_migrations(self, context) -> list[Migration]:
        """Every project's resizes, oldest first (a server's in the order made)."""

    @abc.abstractmethod
    def reset_state(self, context, server: Server, vm_state: str) -> Server:
        """An admin's os-resetState: ``error`` or ``active``, no task (ServerChanged
        when the server changed since it was read)."""

    @abc.abstractmethod
    def set_lock(self, context, server: Server, locked: bool, reason: str | None = None,
                 by_admin: bool = False) -> Server:
        """Lock or unlock a server; a lock records whether an admin or the owner set it."""

    @abc.abstractmethod
    def set_security_groups(self, context, server: Server, group_names: tuple) -> Server:
        """Replace the security groups of a server (400 for unknown groups)."""

    @abc.abstractmethod
    def list_flavors(self, context) -> list[Flavor]:
        """The flavors the context may see (``Flavor.visible_to``), ordered by id."""

    @abc.abstractmethod
    def get_flavor(self, context, flavor_id: str, for_create: bool = False) -> Flavor:
        """Raise FlavorNotFound for an unknown id (FlavorNotFoundForCreate, a 400,
        ``for_create``)."""

    @abc.abstractmethod
    def create_flavor(self, context, flavor: Flavor) -> Flavor:
        """Raise FlavorExists when the id is taken."""

    @abc.abstractmethod
    def update_flavor(self, context, flavor_id: str,
                      change: Callable[[Flavor], dict]) -> Flavor:
        """Apply the field changes ``change(flavor)`` returns (``description``,
        ``extra_specs``, ``projects``) to the stored flavor, conditionally on the version
        read and again on a fresh read after a concurrent change; FlavorNotFound."""

    @abc.abstractmethod
    def delete_flavor(self, context, flavor_id: str) -> None:
        """Raise FlavorNotFound for an unknown id."""

    @abc.abstractmethod
    def list_images(self, context) -> list[Image]:
        """The images the project may see, oldest first."""

    @abc.abstractmethod
    def show_image(self, context, image_id: str) -> Image:
        """Raise ImageNotFound unless the project may see the image."""

    @abc.abstractmethod
    def get_image(self, context, image_id: str) -> Image:
        """The image to boot: ImageNotFoundForCreate for an unknown id, ImageNotActive
        unless it is active."""

    @abc.abstractmethod
    def create_image(self, context, image: Image) -> Image:
        """Store a new image record (Conflict when its id is taken)."""

    @abc.abstractmethod
    def update_image(self, context, image_id: str, change: Callable[[Image], dict],
                     by_member: bool = False) -> Image:
        """Apply the ``Image`` field changes ``change(image)`` returns to the stored
        image (Forbidden unless the project owns it, or with ``by_member`` may see it),
        conditionally on the version read and again on a fresh read after a concurrent
        change; ``change`` may raise to refuse the image as it now is."""

    @abc.abstractmethod
    def delete_image(self, context, image_id: str) -> None:
        """Forbidden unless the project owns it and it is not protected."""

    @abc.abstractmethod
    def list_keypairs(self, context, user_id: str) -> list[KeyPair]:
        """The user's key pairs, ordered by name."""

    @abc.abstractmethod
    def get_keypair(self, context, user_id: str, name: str) -> KeyPair:
        """Raise KeypairNotFound when the user has no key pair of that name."""

    @abc.abstractmethod
    def create_keypair(self, context, user_id: str, name: str, key_type: str,
                       public_key: str | None) -> KeyPair:
        """Import ``public_key``, or generate a key (then ``private_key`` is set).

        Raise InvalidKeypair, KeyPairExists, or KeypairLimitExceeded over quota.
        """

    @abc.abstractmethod
    def delete_keypair(self, context, user_id: str, name: str) -> None:
        """Raise KeypairNotFound when the user has no key pair of that name."""

    @abc.abstractmethod
    def list_server_groups(self, context, all_projects: bool = False) -> list[ServerGroup]:
        """The project's server groups (every project's with ``all_projects``), oldest
        first, with their members."""

    @abc.abstractmethod
    def get_server_group(self, context, group_id: str) -> ServerGroup:
        """Raise ServerGroupNotFound when the project has no such group."""

    @abc.abstractmethod
    def create_server_group(self, context, name: str, policy: str,
                            rules: dict) -> ServerGroup:
        """Raise ServerGroupLimitExceeded over the project's ``server_groups`` quota."""

    @abc.abstractmethod
    def delete_server_group(self, context, group_id: str) -> None:
        """Raise ServerGroupNotFound when the project has no such group (its members
        stay, no longer in a group)."""

    @abc.abstractmethod
    def get_quotas(self, context) -> QuotaSet:
        """The project's limits."""

    @abc.abstractmethod
    def get_quota_usage(self, context) -> QuotaUsage:
        """The project's limits and what its servers use of them."""

    @abc.abstractmethod
    def get_default_quotas(self, context) -> QuotaSet:
        """The limits of a project that has none of its own."""

    @abc.abstractmethod
    def update_quotas(self, context, values: dict, force: bool) -> QuotaSet:
        """Set some of the project's limits; unless ``force``, QuotaLimitTooLow for one
        below what is used and reserved."""

    @abc.abstractmethod
    def delete_quotas(self, context) -> None:
        """Give the project the default limits again."""

    @abc.abstractmethod
    def get_quota_class(self, context, name: str) -> QuotaSet:
        """A quota class's limits (class ``default`` gives the defaults)."""

    @abc.abstractmethod
    def update_quota_class(self, context, name: str, values: dict) -> QuotaSet:
        """Set some of a quota class's limits."""

    @abc.abstractmethod
    def list_availability_zones(self, context) -> list[AvailabilityZone]:
        """The zones servers can ask for; ``hosts`` is set when they come from nodes."""

    @abc.abstractmethod
    def list_compute_hosts(self, context) -> list[ComputeHost]:
        """Every Arktos node as a compute host, by name."""

    @abc.abstractmethod
    def set_compute_service(self, context, host: str, *, disabled: bool | None = None,
                            disabled_reason: str | None = None,
                            forced_down: bool | None = None) -> ComputeHost:
        """Disable (cordon) or enable the node ``host``, keep the reason, force it down or
        up; ``None`` leaves a setting as it is.  Conditional on the node's
        resourceVersion (retried on a conflict).  ComputeHostNotFound for another name."""

    @abc.abstractmethod
    def list_control_services(self, context) -> list[ControlService]:
        """The translator's own services that renew a Lease (the conductors)."""

    @abc.abstractmethod
    def list_aggregates(self, context) -> list[Aggregate]:
        """Every host aggregate, by id."""

    @abc.abstractmethod
    def get_aggregate(self, context, aggregate_id: int) -> Aggregate:
        """AggregateNotFound for an unknown id."""

    @abc.abstractmethod
    def create_aggregate(self, context, name: str, availability_zone: str | None) -> Aggregate:
        """A new aggregate (AggregateNameExists when the name is taken)."""

    @abc.abstractmethod
    def update_aggregate(self, context, aggregate_id: int, name: str | None = None,
                         metadata: dict | None = None) -> Aggregate:
        """Rename it and/or change its metadata (a None value deletes a key;
        ``availability_zone`` moves its hosts to that zone)."""

    @abc.abstractmethod
    def delete_aggregate(self, context, aggregate_id: int) -> None:
        """InvalidAggregateAction while it has hosts."""

    @abc.abstractmethod
    def add_aggregate_host(self, context, aggregate_id: int, host: str) -> Aggregate:
        """ComputeHostNotFound, AggregateHostExists, InvalidAggregateActionAdd (the host is
        in another zone)."""

    @abc.abstractmethod
    def remove_aggregate_host(self, context, aggregate_id: int, host: str) -> Aggregate:
        """AggregateHostNotFound when the host is not in it."""

    @abc.abstractmethod
    def list_networks(self, context) -> list[Network]:
        """The networks servers can attach to."""

    @abc.abstractmethod
    def get_network(self, context, network_id: str) -> Network:
        """Raise NetworkNotFoundItem for an unknown id."""

    @abc.abstractmethod
    def list_security_groups(self, context) -> list[SecurityGroup]:
        """The project's security groups."""

    @abc.abstractmethod
    def get_security_group(self, context, group_id: str) -> SecurityGroup:
        """Raise SecurityGroupNotFound for an unknown id."""
