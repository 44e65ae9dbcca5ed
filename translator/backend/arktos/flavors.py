"""Flavors of the catalog: list and show for the projects they are for, create, change
and delete for admins."""

import dataclasses
from collections.abc import Callable

from translator import exception
from translator.backend.arktos import catalog_store
from translator.backend.arktos import client as arktos_client
from translator.backend.models import Flavor

# Conditional rewrites of one flavor retried after a concurrent one.
_ATTEMPTS = 10


def catalog_flavor(catalog: catalog_store.Catalog, flavor_id: str,
                   for_create: bool = False, context=None) -> Flavor:
    """The flavor ``flavor_id`` of a loaded catalog (one ``context`` may see):
    FlavorNotFound for an unknown id, or FlavorNotFoundForCreate (400) ``for_create``."""
    flavor = catalog.flavor(flavor_id)
    if flavor is not None and (context is None or
                               flavor.visible_to(context.project_id, context.is_admin)):
        return flavor
    if for_create:
        raise exception.FlavorNotFoundForCreate(flavor_id=flavor_id)
    raise exception.FlavorNotFound(flavor_id=flavor_id)


class FlavorsMixin:
    """The flavor methods of ``ArktosDriver``."""

    def list_flavors(self, context) -> list[Flavor]:
        return [flavor for flavor in self.catalog.load().flavors
                if flavor.visible_to(context.project_id, context.is_admin)]

    def get_flavor(self, context, flavor_id: str, for_create: bool = False) -> Flavor:
        return catalog_flavor(self.catalog.load(), flavor_id, for_create, context)

    def update_flavor(self, context, flavor_id: str,
                      change: Callable[[Flavor], dict]) -> Flavor:
        for _ in range(_ATTEMPTS):
            try:
                flavor, resource_version = self.catalog.get_flavor(flavor_id)
            except arktos_client.ArktosNotFound as e:
                raise exception.FlavorNotFound(flavor_id=flavor_id) from e
            updated = dataclasses.replace(flavor, **change(flavor))
            try:
                self.catalog.update_flavor(updated, resource_version)
                return updated
            except arktos_client.ArktosConflict:
                continue
            except arktos_client.ArktosNotFound as e:
                raise exception.FlavorNotFound(flavor_id=flavor_id) from e
        raise exception.Conflict(f'Flavor {flavor_id} kept changing; try again.')

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
