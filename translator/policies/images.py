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
ADD_MEMBER = 'add_member'
GET_MEMBERS = 'get_members'
GET_MEMBER = 'get_member'
MODIFY_MEMBER = 'modify_member'
DELETE_MEMBER = 'delete_member'
GET_METADEF_NAMESPACES = 'get_metadef_namespaces'
GET_METADEF_NAMESPACE = 'get_metadef_namespace'
ADD_METADEF_NAMESPACE = 'add_metadef_namespace'
MODIFY_METADEF_NAMESPACE = 'modify_metadef_namespace'
DELETE_METADEF_NAMESPACE = 'delete_metadef_namespace'
LIST_METADEF_RESOURCE_TYPES = 'list_metadef_resource_types'


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
    base.rule(ADD_MEMBER, base.PROJECT_MEMBER_OR_ADMIN,
              'Share an image the project owns with another project', 'POST',
              '/v2/images/{image_id}/members'),
    base.rule(GET_MEMBERS, base.PROJECT_READER_OR_ADMIN, 'List the members of an image',
              'GET', '/v2/images/{image_id}/members'),
    base.rule(GET_MEMBER, base.PROJECT_READER_OR_ADMIN, 'Show a member of an image', 'GET',
              '/v2/images/{image_id}/members/{member_id}'),
    base.rule(MODIFY_MEMBER, base.PROJECT_MEMBER_OR_ADMIN,
              'Accept or reject an image shared with the project', 'PUT',
              '/v2/images/{image_id}/members/{member_id}'),
    base.rule(DELETE_MEMBER, base.PROJECT_MEMBER_OR_ADMIN,
              'Stop sharing an image the project owns with a project', 'DELETE',
              '/v2/images/{image_id}/members/{member_id}'),
    base.rule(GET_METADEF_NAMESPACES, base.PROJECT_READER_OR_ADMIN,
              'List metadata definition namespaces', 'GET', '/v2/metadefs/namespaces'),
    base.rule(GET_METADEF_NAMESPACE, base.PROJECT_READER_OR_ADMIN,
              'Show a metadata definition namespace', 'GET',
              '/v2/metadefs/namespaces/{namespace}'),
    base.rule(ADD_METADEF_NAMESPACE, base.ADMIN, 'Create a metadata definition namespace',
              'POST', '/v2/metadefs/namespaces'),
    base.rule(MODIFY_METADEF_NAMESPACE, base.ADMIN, 'Update a metadata definition namespace',
              'PUT', '/v2/metadefs/namespaces/{namespace}'),
    base.rule(DELETE_METADEF_NAMESPACE, base.ADMIN, 'Delete a metadata definition namespace',
              'DELETE', '/v2/metadefs/namespaces/{namespace}'),
    base.rule(LIST_METADEF_RESOURCE_TYPES, base.PROJECT_READER_OR_ADMIN,
              'List metadata definition resource types', 'GET',
              '/v2/metadefs/resource_types'),
]


def list_rules() -> list:
    return rules
