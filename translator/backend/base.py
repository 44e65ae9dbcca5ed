"""The interface between the API handlers and a compute backend."""

import abc

from translator.backend.models import Flavor, Image, Server, ServerCreate, ServerFilters


class Driver(abc.ABC):
    """A compute backend. Every method takes the request context first."""

    @abc.abstractmethod
    def list_servers(self, context, filters: ServerFilters) -> list[Server]:
        """The project's servers that pass ``filters``, newest first."""

    @abc.abstractmethod
    def get_server(self, context, server_id: str) -> Server:
        """Raise InstanceNotFound when the project has no such server."""

    @abc.abstractmethod
    def create_server(self, context, request: ServerCreate) -> Server:
        """Create one server; nothing is left behind when it fails."""

    @abc.abstractmethod
    def update_server(self, context, server_id: str, changes: dict) -> Server:
        """Apply Nova field changes (``name``, ``description``, ``access_ipv4``…)."""

    @abc.abstractmethod
    def delete_server(self, context, server_id: str) -> None:
        """Start deleting a server; it answers 404 once it is gone."""

    @abc.abstractmethod
    def list_flavors(self, context) -> list[Flavor]:
        """Every flavor, ordered by id."""

    @abc.abstractmethod
    def get_flavor(self, context, flavor_id: str) -> Flavor:
        """Raise FlavorNotFound for an unknown id."""

    @abc.abstractmethod
    def get_image(self, context, image_id: str) -> Image:
        """Raise ImageNotFoundForCreate for an unknown id."""
