"""A project's image quota (``[image] image_count_total``, ``image_size_total``):
what its own images count and hold, read from the catalog when a create or an
upload asks."""

from translator import exception

_MIB = 1024 * 1024


def _owned(req) -> list:
    context = req.context
    return [image for image in req.driver.list_images(context)
            if image.owner == context.project_id]


def check_count(req) -> None:
    """413 when the project owns ``image_count_total`` images already."""
    limit = req.conf.image.image_count_total
    if limit >= 0 and len(_owned(req)) >= limit:
        raise exception.RequestEntityTooLarge(
            f'Maximum number of images exceeded: the project may own {limit}.')


def upload_limit(req, image_id: str) -> int:
    """The most bytes an upload to ``image_id`` may bring: ``[image] max_image_size``,
    or what the project's ``image_size_total`` leaves, whichever is less."""
    limit = req.conf.image.max_image_size
    total = req.conf.image.image_size_total
    if total >= 0:
        used = sum(image.size or 0 for image in _owned(req)
                   if image.id != image_id and image.has_own_data)
        limit = min(limit, max(0, total * _MIB - used))
    return limit
