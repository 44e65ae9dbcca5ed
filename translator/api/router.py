"""The compute API's routes, declared as data (placement's idiom).

Dispatch (404 for an unknown path, 405 with ``Allow`` for another method, faults
for the service's exceptions) is ``translator.web.router``'s.
"""

from translator.api import wsgi as api_wsgi
from translator.api.handlers import (
    availability_zones,
    extensions,
    flavor_access,
    flavor_extra_specs,
    flavors,
    images,
    instance_actions,
    keypairs,
    limits,
    networks,
    quota_classes,
    quota_sets,
    server_actions,
    server_diagnostics,
    server_groups,
    server_metadata,
    server_networking,
    server_tags,
    servers,
    simple_tenant_usage,
    volume_attachments,
)
from translator.web import router

# Order matters where paths overlap: /servers/detail before /servers/{server_id}.
ROUTE_DECLARATIONS = {
    '/servers': {'GET': servers.index, 'POST': servers.create},
    '/servers/detail': {'GET': servers.detail},
    '/servers/{server_id}': {'GET': servers.show, 'PUT': servers.update,
                             'DELETE': servers.delete},
    '/servers/{server_id}/action': {'POST': server_actions.action},
    '/servers/{server_id}/metadata': {'GET': server_metadata.index,
                                      'POST': server_metadata.create,
                                      'PUT': server_metadata.update_all},
    '/servers/{server_id}/metadata/{key}': {'GET': server_metadata.show,
                                            'PUT': server_metadata.update,
                                            'DELETE': server_metadata.delete},
    '/servers/{server_id}/tags': {'GET': server_tags.index, 'PUT': server_tags.update_all,
                                  'DELETE': server_tags.delete_all},
    '/servers/{server_id}/tags/{tag}': {'GET': server_tags.show, 'PUT': server_tags.update,
                                        'DELETE': server_tags.delete},
    '/servers/{server_id}/ips': {'GET': server_networking.ips},
    '/servers/{server_id}/ips/{network_label}': {'GET': server_networking.ips_of_network},
    '/servers/{server_id}/os-interface': {'GET': server_networking.interfaces,
                                          'POST': server_networking.attach_interface},
    '/servers/{server_id}/os-interface/{port_id}': {
        'GET': server_networking.interface, 'DELETE': server_networking.detach_interface},
    '/servers/{server_id}/os-security-groups': {'GET': server_networking.security_groups},
    '/servers/{server_id}/diagnostics': {'GET': server_diagnostics.diagnostics},
    '/servers/{server_id}/os-instance-actions': {'GET': instance_actions.index},
    '/servers/{server_id}/os-instance-actions/{request_id}': {'GET': instance_actions.show},
    '/servers/{server_id}/remote-consoles': {'POST': server_diagnostics.remote_consoles},
    '/extensions': {'GET': extensions.index},
    '/extensions/{alias}': {'GET': extensions.show},
    '/flavors': {'GET': flavors.index, 'POST': flavors.create},
    '/flavors/detail': {'GET': flavors.detail},
    '/flavors/{flavor_id}': {'GET': flavors.show, 'PUT': flavors.update,
                             'DELETE': flavors.delete},
    '/flavors/{flavor_id}/action': {'POST': flavor_access.action},
    '/flavors/{flavor_id}/os-flavor-access': {'GET': flavor_access.index},
    '/flavors/{flavor_id}/os-extra_specs': {'GET': flavor_extra_specs.index,
                                            'POST': flavor_extra_specs.create},
    '/flavors/{flavor_id}/os-extra_specs/{key}': {'GET': flavor_extra_specs.show,
                                                  'PUT': flavor_extra_specs.update,
                                                  'DELETE': flavor_extra_specs.delete},
    '/images': {'GET': images.index},
    '/images/detail': {'GET': images.detail},
    '/images/{image_id}': {'GET': images.show, 'DELETE': images.delete},
    '/os-keypairs': {'GET': keypairs.index, 'POST': keypairs.create},
    '/os-keypairs/{keypair_name}': {'GET': keypairs.show, 'DELETE': keypairs.delete},
    '/limits': {'GET': limits.show},
    '/os-quota-sets/{project_id}': {'GET': quota_sets.show, 'PUT': quota_sets.update,
                                    'DELETE': quota_sets.delete},
    '/os-quota-sets/{project_id}/detail': {'GET': quota_sets.detail},
    '/os-quota-sets/{project_id}/defaults': {'GET': quota_sets.defaults},
    '/os-quota-class-sets/{class_name}': {'GET': quota_classes.show,
                                          'PUT': quota_classes.update},
    '/os-simple-tenant-usage': {'GET': simple_tenant_usage.index},
    '/os-simple-tenant-usage/{tenant_id}': {'GET': simple_tenant_usage.show},
    '/servers/{server_id}/os-volume_attachments': {'GET': volume_attachments.index,
                                                   'POST': volume_attachments.create},
    '/os-availability-zone': {'GET': availability_zones.index},
    '/os-availability-zone/detail': {'GET': availability_zones.detail},
    '/os-networks': {'GET': networks.index},
    '/os-networks/{network_id}': {'GET': networks.show},
    '/os-security-groups': {'GET': networks.security_groups},
    '/os-security-groups/{security_group_id}': {'GET': networks.security_group},
    '/os-server-groups': {'GET': server_groups.index, 'POST': server_groups.create},
    '/os-server-groups/{server_group_id}': {'GET': server_groups.show,
                                            'DELETE': server_groups.delete},
}


def app_factory(global_config, **local_config):
    """paste.deploy app factory of the compute API."""
    return router.Router(ROUTE_DECLARATIONS, api_wsgi.Request)
