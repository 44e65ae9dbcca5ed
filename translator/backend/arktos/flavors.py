"""Flavors of the catalog: list and show for everyone, create and delete for admins."""

from translator import exception
from translator.backend.arktos import catalog_store
from translator.backend.arktos import client as arktos_client
from translator.backend.models import Flavor


def catalog_flavor(catalog: catalog_store.Catalog, flavor_id: str,
                   for_create: bool = False) -> Flavor:
    """The flavor ``flavor_id`` of a loaded catalog: FlavorNotFound for an unknown id,
    or FlavorNotFoundForCreate (400) ``for_create``."""
    flavor = catalog.flavor(flavor_id)
    if flavor is not None:
        return flavor
    if for_create:
        raise exception.FlavorNotFoundForCreate(flavor_id=flavor_id)
    raise exception.FlavorNotFound(flavor_id=flavor_id)


class FlavorsMixin:
    """The flavor methods of ``ArktosDriver``."""

    def list_flavors(self, context) -> list[Flavor]:
        return self.catalog.load().flavors

    def get_flavor(self, context, flavor_id: str, for_create: bool = False) -> Flavor:
        return catalog_flavor(self.catalog.load(), flavor_id, for_create)

    def create_flavor(self, context, flavor: Flavor) -> Flavor:
        try:
            self.catalog.create_flavor(flavor)
        except arktos_client.ArktosConflict as e:
            raise exception.FlavorExists(flavor_id=flavor.id) from e
        return flavor

    def delete_flavor(self, context, flavor_id: str) -> None:
        try:
            self.catalog.delete_flavor(flavor_id)
        except arktos_client.ArktosNotFound as e:
            raise exception.FlavorNotFound(flavor_id=flavor_id) from e
