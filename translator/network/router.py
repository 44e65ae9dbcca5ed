"""Routes of the network API, declared as data like the compute API's."""

from translator.network import handlers, quotas
from translator.web import router

ROUTE_DECLARATIONS = {
    '/v2.0/networks': {'GET': handlers.networks, 'POST': handlers.create_network},
    '/v2.0/networks/{network_id}': {'GET': handlers.network, 'PUT': handlers.change_network,
                                    'DELETE': handlers.change_network},
    '/v2.0/subnets': {'GET': handlers.subnets},
    '/v2.0/subnets/{subnet_id}': {'GET': handlers.subnet},
    '/v2.0/ports': {'GET': handlers.ports},
    '/v2.0/ports/{port_id}': {'GET': handlers.port},
    '/v2.0/security-groups': {'GET': handlers.security_groups,
                              'POST': handlers.create_security_group},
    '/v2.0/security-groups/{security_group_id}': {
        'GET': handlers.security_group, 'PUT': handlers.update_security_group,
        'DELETE': handlers.delete_security_group},
    '/v2.0/security-group-rules': {'GET': handlers.security_group_rules,
                                   'POST': handlers.create_security_group_rule},
    '/v2.0/security-group-rules/{rule_id}': {'GET': handlers.security_group_rule,
                                             'DELETE': handlers.delete_security_group_rule},
    '/v2.0/extensions': {'GET': handlers.extension_list},
    '/v2.0/extensions/{alias}': {'GET': handlers.extension},
    '/v2.0/availability_zones': {'GET': handlers.availability_zones},
    '/v2.0/quotas': {'GET': quotas.index},
    '/v2.0/quotas/{project_id}': {'GET': quotas.show},
    '/v2.0/quotas/{project_id}/default': {'GET': quotas.show},
    '/v2.0/quotas/{project_id}/details': {'GET': quotas.details},
    '/v2.0/network-ip-availabilities': {'GET': handlers.network_ip_availabilities},
    '/v2.0/network-ip-availabilities/{network_id}': {
        'GET': handlers.network_ip_availability},
}


def app_factory(global_config, **local_config):
    """paste.deploy app factory of the network API."""
    return router.Router(ROUTE_DECLARATIONS)
