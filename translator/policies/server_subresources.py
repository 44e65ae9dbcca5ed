"""Policies of the server sub-resources (metadata, tags, IPs, interfaces, security
groups), named as Nova names them."""

from translator.policies import base

METADATA = 'os_compute_api:server-metadata:%s'
METADATA_INDEX = METADATA % 'index'
METADATA_SHOW = METADATA % 'show'
METADATA_CREATE = METADATA % 'create'
METADATA_UPDATE = METADATA % 'update'
METADATA_UPDATE_ALL = METADATA % 'update_all'
METADATA_DELETE = METADATA % 'delete'
TAGS = 'os_compute_api:os-server-tags:%s'
TAGS_INDEX = TAGS % 'index'
TAGS_SHOW = TAGS % 'show'
TAGS_UPDATE = TAGS % 'update'
TAGS_UPDATE_ALL = TAGS % 'update_all'
TAGS_DELETE = TAGS % 'delete'
TAGS_DELETE_ALL = TAGS % 'delete_all'
IPS_INDEX = 'os_compute_api:ips:index'
IPS_SHOW = 'os_compute_api:ips:show'
INTERFACES_LIST = 'os_compute_api:os-attach-interfaces:list'
INTERFACES_SHOW = 'os_compute_api:os-attach-interfaces:show'
INTERFACES_CREATE = 'os_compute_api:os-attach-interfaces:create'
INTERFACES_DELETE = 'os_compute_api:os-attach-interfaces:delete'
SECURITY_GROUPS_LIST = 'os_compute_api:os-security-groups:list'
VOLUME_ATTACHMENTS_LIST = 'os_compute_api:os-volumes-attachments:index'
VOLUME_ATTACHMENTS_CREATE = 'os_compute_api:os-volumes-attachments:create'

_METADATA_PATH = '/servers/{server_id}/metadata'
_TAGS_PATH = '/servers/{server_id}/tags'
_INTERFACES_PATH = '/servers/{server_id}/os-interface'

rules = [
    base.rule(METADATA_INDEX, base.PROJECT_READER_OR_ADMIN, 'List server metadata', 'GET',
              _METADATA_PATH),
    base.rule(METADATA_SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server metadata item',
              'GET', _METADATA_PATH + '/{key}'),
    base.rule(METADATA_CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Add server metadata', 'POST',
              _METADATA_PATH),
    base.rule(METADATA_UPDATE_ALL, base.PROJECT_MEMBER_OR_ADMIN, 'Replace server metadata',
              'PUT', _METADATA_PATH),
    base.rule(METADATA_UPDATE, base.PROJECT_MEMBER_OR_ADMIN, 'Set a server metadata item',
              'PUT', _METADATA_PATH + '/{key}'),
    base.rule(METADATA_DELETE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server metadata item',
              'DELETE', _METADATA_PATH + '/{key}'),
    base.rule(TAGS_INDEX, base.PROJECT_READER_OR_ADMIN, 'List server tags', 'GET', _TAGS_PATH),
    base.rule(TAGS_SHOW, base.PROJECT_READER_OR_ADMIN, 'Check a server tag', 'GET',
              _TAGS_PATH + '/{tag}'),
    base.rule(TAGS_UPDATE, base.PROJECT_MEMBER_OR_ADMIN, 'Add a server tag', 'PUT',
              _TAGS_PATH + '/{tag}'),
    base.rule(TAGS_UPDATE_ALL, base.PROJECT_MEMBER_OR_ADMIN, 'Replace server tags', 'PUT',
              _TAGS_PATH),
    base.rule(TAGS_DELETE, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a server tag', 'DELETE',
              _TAGS_PATH + '/{tag}'),
    base.rule(TAGS_DELETE_ALL, base.PROJECT_MEMBER_OR_ADMIN, 'Delete all server tags',
              'DELETE', _TAGS_PATH),
    base.rule(IPS_INDEX, base.PROJECT_READER_OR_ADMIN, 'List server IPs', 'GET',
              '/servers/{server_id}/ips'),
    base.rule(IPS_SHOW, base.PROJECT_READER_OR_ADMIN, 'List server IPs of a network', 'GET',
              '/servers/{server_id}/ips/{network_label}'),
    base.rule(INTERFACES_LIST, base.PROJECT_READER_OR_ADMIN, 'List server interfaces', 'GET',
              _INTERFACES_PATH),
    base.rule(INTERFACES_SHOW, base.PROJECT_READER_OR_ADMIN, 'Show a server interface',
              'GET', _INTERFACES_PATH + '/{port_id}'),
    base.rule(INTERFACES_CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Attach an interface', 'POST',
              _INTERFACES_PATH),
    base.rule(INTERFACES_DELETE, base.PROJECT_MEMBER_OR_ADMIN, 'Detach an interface',
              'DELETE', _INTERFACES_PATH + '/{port_id}'),
    base.rule(SECURITY_GROUPS_LIST, base.PROJECT_READER_OR_ADMIN,
              "List a server's security groups", 'GET',
              '/servers/{server_id}/os-security-groups'),
    base.rule(VOLUME_ATTACHMENTS_LIST, base.PROJECT_READER_OR_ADMIN,
              "List a server's volume attachments", 'GET',
              '/servers/{server_id}/os-volume_attachments'),
    base.rule(VOLUME_ATTACHMENTS_CREATE, base.PROJECT_MEMBER_OR_ADMIN, 'Attach a volume',
              'POST', '/servers/{server_id}/os-volume_attachments'),
]


def list_rules() -> list:
    return rules
