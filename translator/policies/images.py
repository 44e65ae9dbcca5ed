"""Policies of the image API (Glance's rule names), also used by Nova's ``/images``."""

from translator.policies import base

GET_IMAGES = 'get_images'
GET_IMAGE = 'get_image'
ADD_IMAGE = 'add_image'
MODIFY_IMAGE = 'modify_image'
PUBLICIZE_IMAGE = 'publicize_image'
DELETE_IMAGE = 'delete_image'
UPLOAD_IMAGE = 'upload_image'
DOWNLOAD_IMAGE = 'download_image'
DEACTIVATE = 'deactivate'
REACTIVATE = 'reactivate'


rules = [
    base.rule(GET_IMAGES, base.PROJECT_READER_OR_ADMIN, 'List images', 'GET', '/v2/images'),
    base.rule(GET_IMAGE, base.PROJECT_READER_OR_ADMIN, 'Show an image', 'GET',
              '/v2/images/{image_id}'),
    base.rule(ADD_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Create an image', 'POST',
              '/v2/images'),
    base.rule(MODIFY_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Update an image the project owns',
              'PATCH', '/v2/images/{image_id}'),
    base.rule(PUBLICIZE_IMAGE, base.ADMIN, 'Make an image public', 'PATCH',
              '/v2/images/{image_id}'),
    base.rule(DELETE_IMAGE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete an image the project owns',
              'DELETE', '/v2/images/{image_id}'),
    base.rule(UPLOAD_IMAGE, base.PROJECT_MEMBER_OR_ADMIN,
              'Upload the data of an image the project owns', 'PUT',
              '/v2/images/{image_id}/file'),
    base.rule(DOWNLOAD_IMAGE, base.PROJECT_READER_OR_ADMIN, 'Download the data of an image',
              'GET', '/v2/images/{image_id}/file'),
    base.rule(DEACTIVATE, base.PROJECT_MEMBER_OR_ADMIN, 'Deactivate an image', 'POST',
              '/v2/images/{image_id}/actions/deactivate'),
    base.rule(REACTIVATE, base.PROJECT_MEMBER_OR_ADMIN, 'Reactivate an image', 'POST',
              '/v2/images/{image_id}/actions/reactivate'),
]


def list_rules() -> list:
    return rules
