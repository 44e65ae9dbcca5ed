"""Policies of the image API (Glance's rule names), also used by Nova's ``/images``."""

from translator.policies import base

GET_IMAGES = 'get_images'
GET_IMAGE = 'get_image'
MODIFY_IMAGE = 'modify_image'
DELETE_IMAGE = 'delete_image'


rules = [
    base.rule(GET_IMAGES, base.PROJECT_READER_OR_ADMIN, 'List images', 'GET', '/v2/images'),
    base.rule(GET_IMAGE, base.PROJECT_READER_OR_ADMIN, 'Show an image', 'GET',
          '/v2/images/{image_id}'),
    base.rule(MODIFY_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Update an image the project owns',
          'PATCH', '/v2/images/{image_id}'),
    base.rule(DELETE_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete an image the project owns',
          'DELETE', '/v2/images/{image_id}'),
]


def list_rules() -> list:
    return rules
