"""Images of the catalog: what a project may see, boot, change and delete.

A snapshot is ``saving`` until the conductor sees its Arktos Action finish; reads
show the record as it is.
"""

import dataclasses

from translator import exception
from translator.backend.arktos import catalog_store, pod_fields
from translator.backend.arktos import client as arktos_client
from translator.backend.models import Image


def visible_image(context, catalog: catalog_store.Catalog, image_id: str) -> Image:
    """The image ``image_id`` of a loaded catalog, if the project may see it."""
    image = catalog.image(image_id)
    if image is None or not image.visible_to(context.project_id, context.is_admin):
        raise exception.ImageNotFound(image_id=image_id)
    return image


def bootable_image(context, catalog: catalog_store.Catalog, image_id: str) -> Image:
    """The image to boot from: visible to the project and active."""
    try:
        image = visible_image(context, catalog, image_id)
    except exception.ImageNotFound as e:
        raise exception.ImageNotFoundForCreate() from e
    if image.status != 'active':
        raise exception.ImageNotActive(image_id=image_id)
    return image


class ImagesMixin:
    """The image methods of ``ArktosDriver``."""

    def list_images(self, context) -> list[Image]:
        """The images the project may see, oldest first."""
        return [image for image in self.catalog.load().images
                if image.visible_to(context.project_id, context.is_admin)]

    def show_image(self, context, image_id: str) -> Image:
        return visible_image(context, self.catalog.load(), image_id)

    def get_image(self, context, image_id: str) -> Image:
        return bootable_image(context, self.catalog.load(), image_id)

    def update_image(self, context, image_id: str, changes: dict) -> Image:
        image = self._owned_image(context, image_id)
        image = dataclasses.replace(image, **changes, updated_at=pod_fields.now())
        self.catalog.update_image(image)
        return image

    def delete_image(self, context, image_id: str) -> None:
        image = self._owned_image(context, image_id)
        if image.protected:
            raise exception.Forbidden(f'Image {image_id} is protected and cannot be deleted.')
        try:
            self.catalog.delete_image(image_id)
        except arktos_client.ArktosNotFound as e:
            raise exception.ImageNotFound(image_id=image_id) from e

    def _owned_image(self, context, image_id: str) -> Image:
        image = self.show_image(context, image_id)
        if image.owner != context.project_id and not context.is_admin:
            raise exception.Forbidden(f'You are not permitted to modify image {image_id}.')
        return image
