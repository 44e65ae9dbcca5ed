"""Policies of the image API (Glance's rule names), also used by Nova's ``/images``."""

from oslo_policy import policy

from translator.policies import base

GET_IMAGES = 'get_images'
GET_IMAGE = 'get_image'
MODIFY_IMAGE = 'modify_image'
DELETE_IMAGE = 'delete_image'


def _rule(name, check_str, description, method, path):
    return policy.DocumentedRuleDefault(
        name=name, check_str=check_str, description=description,
        operations=[{'method': method, 'path': path}], scope_types=['project'])


rules = [
    _rule(GET_IMAGES, base.PROJECT_READER_OR_ADMIN, 'List images', 'GET', '/v2/images'),
    _rule(GET_IMAGE, base.PROJECT_READER_OR_ADMIN, 'Show an image', 'GET',
          '/v2/images/{image_id}'),
    _rule(MODIFY_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Update an image the project owns',
          'PATCH', '/v2/images/{image_id}'),
    _rule(DELETE_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete an image the project owns',
          'DELETE', '/v2/images/{image_id}'),
]


def list_rules() -> list:
    return rules
