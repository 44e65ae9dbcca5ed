"""Routes of the placement API, declared as data like the compute API's."""

from translator.placement import handlers
from translator.placement.versions import PlacementRequest
from translator.policies import placement as policies
from translator.web import router

_RP = '/resource_providers/{uuid}'
_refuse = handlers.read_only

ROUTE_DECLARATIONS = {
    '/resource_providers': {
        'GET': handlers.resource_providers,
        'POST': _refuse(policies.RP_CREATE, 'resource providers')},
    _RP: {'GET': handlers.resource_provider,
          'PUT': _refuse(policies.RP_UPDATE, 'resource providers'),
          'DELETE': _refuse(policies.RP_DELETE, 'resource providers')},
    _RP + '/inventories': {
        'GET': handlers.inventories,
        'POST': _refuse(policies.INVENTORY_CREATE, 'inventories'),
        'PUT': _refuse(policies.INVENTORY_UPDATE, 'inventories'),
        'DELETE': _refuse(policies.INVENTORY_DELETE, 'inventories')},
    _RP + '/inventories/{resource_class}': {
        'GET': handlers.inventory,
        'PUT': _refuse(policies.INVENTORY_UPDATE, 'inventories'),
        'DELETE': _refuse(policies.INVENTORY_DELETE, 'inventories')},
    _RP + '/usages': {'GET': handlers.provider_usages},
    _RP + '/allocations': {'GET': handlers.provider_allocations},
    _RP + '/aggregates': {
        'GET': handlers.provider_aggregates,
        'PUT': _refuse(policies.AGGREGATE_UPDATE, 'the aggregates of resource providers '
                       '(they are the host aggregates of the compute API)')},
    _RP + '/traits': {
        'GET': handlers.provider_traits,
        'PUT': _refuse(policies.RP_TRAIT_UPDATE, 'the traits of resource providers'),
        'DELETE': _refuse(policies.RP_TRAIT_DELETE, 'the traits of resource providers')},
    '/allocations': {'POST': _refuse(policies.ALLOCATION_MANAGE, 'allocations (the '
                                     'server pods bound to the nodes)')},
    '/allocations/{consumer_uuid}': {
        'GET': handlers.allocations,
        'PUT': _refuse(policies.ALLOCATION_UPDATE, 'allocations (the server pods bound to '
                       'the nodes)'),
        'DELETE': _refuse(policies.ALLOCATION_DELETE, 'allocations (the server pods bound '
                          'to the nodes)')},
    '/usages': {'GET': handlers.usages},
    '/allocation_candidates': {'GET': handlers.allocation_candidates},
    '/resource_classes': {
        'GET': handlers.resource_classes,
        'POST': _refuse(policies.RC_CREATE, 'resource classes')},
    '/resource_classes/{name}': {
        'GET': handlers.resource_class,
        'PUT': _refuse(policies.RC_UPDATE, 'resource classes'),
        'DELETE': _refuse(policies.RC_DELETE, 'resource classes')},
    '/traits': {'GET': handlers.traits},
    '/traits/{name}': {'GET': handlers.trait,
                       'PUT': _refuse(policies.TRAIT_UPDATE, 'traits'),
                       'DELETE': _refuse(policies.TRAIT_DELETE, 'traits')},
}


def app_factory(global_config, **local_config):
    """paste.deploy app factory of the placement API."""
    return router.Router(ROUTE_DECLARATIONS, request_class=PlacementRequest)
