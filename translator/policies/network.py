"""Policies of the network API (Neutron's rule names and defaults for what it serves)."""

from translator.policies import base

GET_NETWORK = 'get_network'
CREATE_NETWORK = 'create_network'
UPDATE_NETWORK = 'update_network'
DELETE_NETWORK = 'delete_network'
GET_SUBNET = 'get_subnet'
CREATE_SECURITY_GROUP = 'create_security_group'
UPDATE_SECURITY_GROUP = 'update_security_group'
DELETE_SECURITY_GROUP = 'delete_security_group'
CREATE_SECURITY_GROUP_RULE = 'create_security_group_rule'
DELETE_SECURITY_GROUP_RULE = 'delete_security_group_rule'
GET_PORT = 'get_port'
GET_SECURITY_GROUP = 'get_security_group'
GET_SECURITY_GROUP_RULE = 'get_security_group_rule'
GET_AVAILABILITY_ZONE = 'get_availability_zone'
GET_QUOTA = 'get_quota'
GET_NETWORK_IP_AVAILABILITY = 'get_network_ip_availability'

rules = [
    base.rule(GET_NETWORK, base.PROJECT_READER_OR_ADMIN, 'Get shared networks', 'GET',
              '/networks'),
    base.rule(CREATE_NETWORK, base.PROJECT_MEMBER_OR_ADMIN, 'Create a network', 'POST',
              '/networks'),
    base.rule(UPDATE_NETWORK, base.PROJECT_MEMBER_OR_ADMIN, 'Update a network', 'PUT',
              '/networks/{id}'),
    base.rule(DELETE_NETWORK, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a network', 'DELETE',
              '/networks/{id}'),
    base.rule(GET_SUBNET, base.PROJECT_READER_OR_ADMIN, 'Get the subnets of shared networks',
              'GET', '/subnets'),
    base.rule(GET_PORT, base.PROJECT_READER_OR_ADMIN, 'Get the ports of the project\'s '
              'servers', 'GET', '/ports'),
    base.rule(GET_SECURITY_GROUP, base.PROJECT_READER_OR_ADMIN, 'Get the project\'s '
              'security groups', 'GET', '/security-groups'),
    base.rule(GET_SECURITY_GROUP_RULE, base.PROJECT_READER_OR_ADMIN, 'Get the rules of the '
              'project\'s security groups', 'GET', '/security-group-rules'),
    base.rule(CREATE_SECURITY_GROUP, base.PROJECT_MEMBER_OR_ADMIN, 'Create a security group',
              'POST', '/security-groups'),
    base.rule(UPDATE_SECURITY_GROUP, base.PROJECT_MEMBER_OR_ADMIN, 'Update a security group',
              'PUT', '/security-groups/{id}'),
    base.rule(DELETE_SECURITY_GROUP, base.PROJECT_MEMBER_OR_ADMIN, 'Delete a security group',
              'DELETE', '/security-groups/{id}'),
    base.rule(CREATE_SECURITY_GROUP_RULE, base.PROJECT_MEMBER_OR_ADMIN,
              'Create a security group rule', 'POST', '/security-group-rules'),
    base.rule(DELETE_SECURITY_GROUP_RULE, base.PROJECT_MEMBER_OR_ADMIN,
              'Delete a security group rule', 'DELETE', '/security-group-rules/{id}'),
    base.rule(GET_AVAILABILITY_ZONE, base.PROJECT_READER_OR_ADMIN, 'List availability zones',
              'GET', '/availability_zones'),
    base.rule(GET_QUOTA, base.PROJECT_READER_OR_ADMIN, 'Get a project\'s resource quotas',
              'GET', '/quotas/{id}'),
    base.rule(GET_NETWORK_IP_AVAILABILITY, base.ADMIN, 'Get the IP availability of '
              'networks', 'GET', '/network-ip-availabilities'),
]


def list_rules() -> list:
    return rules
