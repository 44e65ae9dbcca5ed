"""Images of the catalog: what a project may see, boot, change and delete.

A snapshot is ``saving`` until the conductor sees its Arktos Action finish; reads
show the record as it is.
"""

import dataclasses
from collections.abc import Callable

from oslo_utils import units

from translator import exception, image_urls
from translator.backend.arktos import catalog_store, pod_fields
from translator.backend.arktos import client as arktos_client
from translator.backend.models import Flavor, Image

# Reads and conditional writes of an image changed concurrently before one gives up.
_ATTEMPTS = 5


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


def check_flavor_fits(image: Image, flavor: Flavor) -> None:
    """Nova's check of the image's ``min_ram`` and ``min_disk`` against the flavor (a
    flavor with no root disk takes any ``min_disk``)."""
    if image.min_ram > flavor.ram:
        raise exception.FlavorMemoryTooSmall()
    if flavor.disk and image.min_disk > flavor.disk:
        raise exception.FlavorDiskSmallerThanMinDisk(flavor_size=flavor.disk * units.Gi,
                                                     image_min_disk=image.min_disk * units.Gi)


def _data_image_id(image: Image) -> str | None:
    """The image whose stored data ``image`` boots from: its own, or for a snapshot of
    a server booted from such an image (the same location), that image's."""
    if image.has_own_data:
        return image.id
    if image.properties.get('image_type') == 'snapshot' and '://' in image.location:
        return image.properties.get('base_image_ref')
    return None


def for_runtime(image_conf, image: Image) -> Image:
    """``image`` as a VM pod names it: data in the image store at a signed URL the
    runtime fetches without a token (``translator.image_urls``), once ``[image]
    download_url_base`` says where this API is reached; other images as they are."""
    data_image_id = _data_image_id(image)
    if data_image_id is None or not image_conf.download_url_base:
        return image
    return dataclasses.replace(image, location=image_urls.sign(image_conf, data_image_id))


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

    def create_image(self, context, image: Image) -> Image:
        try:
            self.catalog.create_image(image)
        except arktos_client.ArktosConflict as e:
            raise exception.Conflict(f'Image with identifier {image.id} already exists!') \
                from e
        return image

    def update_image(self, context, image_id: str, change: Callable[[Image], dict],
                     by_member: bool = False) -> Image:
        if by_member:
            self.show_image(context, image_id)
        else:
            self._owned_image(context, image_id)
        for _ in range(_ATTEMPTS):
            try:
                image, resource_version = self.catalog.get_image(image_id)
            except arktos_client.ArktosNotFound as e:
                raise exception.ImageNotFound(image_id=image_id) from e
            image = dataclasses.replace(image, **change(image), updated_at=pod_fields.now())
            try:
                self.catalog.update_image(image, resource_version)
                return image
            except arktos_client.ArktosConflict:
                continue
            except arktos_client.ArktosNotFound as e:
                raise exception.ImageNotFound(image_id=image_id) from e
        raise exception.Conflict(f'Image {image_id} kept changing; try again.')

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
