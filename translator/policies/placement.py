"""Policies of the placement API (Placement's rule names; admin only, as its defaults)."""

from translator.policies import base

RP_LIST = 'placement:resource_providers:list'
RP_SHOW = 'placement:resource_providers:show'
RP_CREATE = 'placement:resource_providers:create'
RP_UPDATE = 'placement:resource_providers:update'
RP_DELETE = 'placement:resource_providers:delete'
INVENTORY_LIST = 'placement:resource_providers:inventories:list'
INVENTORY_SHOW = 'placement:resource_providers:inventories:show'
INVENTORY_CREATE = 'placement:resource_providers:inventories:create'
INVENTORY_UPDATE = 'placement:resource_providers:inventories:update'
INVENTORY_DELETE = 'placement:resource_providers:inventories:delete'
RP_USAGES = 'placement:resource_providers:usages'
RP_ALLOCATIONS = 'placement:resource_providers:allocations:list'
AGGREGATE_LIST = 'placement:resource_providers:aggregates:list'
AGGREGATE_UPDATE = 'placement:resource_providers:aggregates:update'
RP_TRAIT_LIST = 'placement:resource_providers:traits:list'
RP_TRAIT_UPDATE = 'placement:resource_providers:traits:update'
RP_TRAIT_DELETE = 'placement:resource_providers:traits:delete'
ALLOCATION_LIST = 'placement:allocations:list'
ALLOCATION_MANAGE = 'placement:allocations:manage'
ALLOCATION_UPDATE = 'placement:allocations:update'
ALLOCATION_DELETE = 'placement:allocations:delete'
USAGES = 'placement:usages'
ALLOCATION_CANDIDATES = 'placement:allocation_candidates:list'
RC_LIST = 'placement:resource_classes:list'
RC_SHOW = 'placement:resource_classes:show'
RC_CREATE = 'placement:resource_classes:create'
RC_UPDATE = 'placement:resource_classes:update'
RC_DELETE = 'placement:resource_classes:delete'
TRAIT_LIST = 'placement:traits:list'
TRAIT_SHOW = 'placement:traits:show'
TRAIT_UPDATE = 'placement:traits:update'
TRAIT_DELETE = 'placement:traits:delete'

_RP = '/resource_providers/{uuid}'
_OPERATIONS = (
    (RP_LIST, 'List resource providers', 'GET', '/resource_providers'),
    (RP_SHOW, 'Show a resource provider', 'GET', _RP),
    (RP_CREATE, 'Create a resource provider', 'POST', '/resource_providers'),
    (RP_UPDATE, 'Update a resource provider', 'PUT', _RP),
    (RP_DELETE, 'Delete a resource provider', 'DELETE', _RP),
    (INVENTORY_LIST, 'List the inventories of a resource provider', 'GET',
     _RP + '/inventories'),
    (INVENTORY_SHOW, 'Show an inventory of a resource provider', 'GET',
     _RP + '/inventories/{resource_class}'),
    (INVENTORY_CREATE, 'Create an inventory of a resource provider', 'POST',
     _RP + '/inventories'),
    (INVENTORY_UPDATE, 'Update the inventories of a resource provider', 'PUT',
     _RP + '/inventories'),
    (INVENTORY_DELETE, 'Delete the inventories of a resource provider', 'DELETE',
     _RP + '/inventories'),
    (RP_USAGES, 'Show the usages of a resource provider', 'GET', _RP + '/usages'),
    (RP_ALLOCATIONS, 'List the allocations against a resource provider', 'GET',
     _RP + '/allocations'),
    (AGGREGATE_LIST, 'List the aggregates of a resource provider', 'GET',
     _RP + '/aggregates'),
    (AGGREGATE_UPDATE, 'Update the aggregates of a resource provider', 'PUT',
     _RP + '/aggregates'),
    (RP_TRAIT_LIST, 'List the traits of a resource provider', 'GET', _RP + '/traits'),
    (RP_TRAIT_UPDATE, 'Update the traits of a resource provider', 'PUT', _RP + '/traits'),
    (RP_TRAIT_DELETE, 'Delete the traits of a resource provider', 'DELETE',
     _RP + '/traits'),
    (ALLOCATION_LIST, 'List the allocations of a consumer', 'GET',
     '/allocations/{consumer_uuid}'),
    (ALLOCATION_MANAGE, 'Manage the allocations of several consumers', 'POST',
     '/allocations'),
    (ALLOCATION_UPDATE, 'Update the allocations of a consumer', 'PUT',
     '/allocations/{consumer_uuid}'),
    (ALLOCATION_DELETE, 'Delete the allocations of a consumer', 'DELETE',
     '/allocations/{consumer_uuid}'),
    (USAGES, 'Show the usages of a project or user', 'GET', '/usages'),
    (ALLOCATION_CANDIDATES, 'List allocation candidates', 'GET', '/allocation_candidates'),
    (RC_LIST, 'List resource classes', 'GET', '/resource_classes'),
    (RC_SHOW, 'Show a resource class', 'GET', '/resource_classes/{name}'),
    (RC_CREATE, 'Create a resource class', 'POST', '/resource_classes'),
    (RC_UPDATE, 'Update a resource class', 'PUT', '/resource_classes/{name}'),
    (RC_DELETE, 'Delete a resource class', 'DELETE', '/resource_classes/{name}'),
    (TRAIT_LIST, 'List traits', 'GET', '/traits'),
    (TRAIT_SHOW, 'Show a trait', 'GET', '/traits/{name}'),
    (TRAIT_UPDATE, 'Create a trait', 'PUT', '/traits/{name}'),
    (TRAIT_DELETE, 'Delete a trait', 'DELETE', '/traits/{name}'),
)

rules = [base.rule(name, base.ADMIN, description, method, path)
         for name, description, method, path in _OPERATIONS]


def list_rules() -> list:
    return rules
