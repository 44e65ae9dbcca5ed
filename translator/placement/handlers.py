"""Placement reads over the compute hosts (``translator.placement.views``); every write is
refused: the inventory is Arktos's."""

import webob.exc

from translator import exception
from translator.placement import query, views
from translator.policies import placement as policies
from translator.web import wsgi


def _since(req, version: tuple) -> None:
    """404 for a route before its microversion, as Placement answers."""
    if req.version < version:
        raise webob.exc.HTTPNotFound('The resource could not be found.')


def _hosts(req) -> list:
    return req.driver.list_compute_hosts(req.context)


def _host(req):
    provider_uuid = req.urlvars['uuid']
    for host in _hosts(req):
        if host.uid == provider_uuid:
            return host
    raise exception.NotFound(f'No resource provider with uuid {provider_uuid} found')


def _aggregates(req) -> dict:
    """The uuids of the aggregates of each host, by host name."""
    by_host: dict = {}
    for aggregate in req.driver.list_aggregates(req.context):
        for name in aggregate.hosts:
            by_host.setdefault(name, set()).add(aggregate.uuid)
    return by_host


def resource_providers(req):
    req.context.can(policies.RP_LIST)
    filters = query.params(req, query.PROVIDER_FILTERS)
    aggregates = _aggregates(req) if 'member_of' in filters else {}
    matches = query.provider_filter(filters, lambda host: aggregates.get(host.name, set()))
    return wsgi.json_response({'resource_providers': [
        views.provider(req, host) for host in _hosts(req) if matches(host)]})


def resource_provider(req):
    req.context.can(policies.RP_SHOW)
    return wsgi.json_response(views.provider(req, _host(req)))


def inventories(req):
    req.context.can(policies.INVENTORY_LIST)
    host = _host(req)
    return wsgi.json_response({'resource_provider_generation': views.generation(host),
                               'inventories': views.inventories(host)})


def inventory(req):
    req.context.can(policies.INVENTORY_SHOW)
    host = _host(req)
    rc = req.urlvars['resource_class']
    record = views.inventories(host).get(rc)
    if record is None:
        raise exception.NotFound(f'No inventory of class {rc} for {host.uid}')
    return wsgi.json_response(dict(record, resource_provider_generation=views.generation(host)))


def provider_usages(req):
    req.context.can(policies.RP_USAGES)
    host = _host(req)
    return wsgi.json_response({'resource_provider_generation': views.generation(host),
                               'usages': views.usages(host)})


def provider_allocations(req):
    req.context.can(policies.RP_ALLOCATIONS)
    host = _host(req)
    return wsgi.json_response({
        'resource_provider_generation': views.generation(host),
        'allocations': {server.id: {'resources': views.server_resources(server)}
                        for server in host.servers}})


def provider_aggregates(req):
    _since(req, (1, 1))
    req.context.can(policies.AGGREGATE_LIST)
    host = _host(req)
    return wsgi.json_response(
        {'aggregates': sorted(_aggregates(req).get(host.name, ()))})


def provider_traits(req):
    _since(req, (1, 6))
    req.context.can(policies.RP_TRAIT_LIST)
    host = _host(req)
    return wsgi.json_response({'resource_provider_generation': views.generation(host),
                               'traits': views.traits(host)})


def allocation_candidates(req):
    """Each host that can take all of ``resources`` (with the ``required`` traits) is one
    candidate: a host is a root provider without children or sharing providers."""
    _since(req, (1, 10))
    req.context.can(policies.ALLOCATION_CANDIDATES)
    filters = query.params(req, query.CANDIDATE_FILTERS)
    if 'resources' not in filters:
        raise exception.Invalid("Invalid query string parameters: 'resources' is a "
                                'required property')
    size = query.limit(filters['limit']) if 'limit' in filters else None
    matches = query.provider_filter(
        {key: filters[key] for key in ('resources', 'required') if key in filters},
        lambda host: set())
    wanted = query.resources(filters['resources'])
    found = [host for host in _hosts(req) if matches(host)][:size]
    requests, summaries = [], {}
    for host in found:
        if req.version >= (1, 12):
            requests.append({'allocations': {host.uid: {'resources': wanted}}})
        else:
            requests.append({'allocations': [{'resource_provider': {'uuid': host.uid},
                                              'resources': wanted}]})
        summaries[host.uid] = {'resources': views.capacities(host, wanted)}
        if req.version >= (1, 17):
            summaries[host.uid]['traits'] = views.traits(host)
    return wsgi.json_response({'allocation_requests': requests,
                               'provider_summaries': summaries})


def allocations(req):
    req.context.can(policies.ALLOCATION_LIST)
    consumer = req.urlvars['consumer_uuid']
    body: dict = {'allocations': {}}
    for host in _hosts(req):
        for server in host.servers:
            if server.id == consumer:
                body['allocations'][host.uid] = {
                    'generation': views.generation(host),
                    'resources': views.server_resources(server)}
                if req.version >= (1, 12):
                    body.update(project_id=server.project_id, user_id=server.user_id)
    return wsgi.json_response(body)


def usages(req):
    _since(req, (1, 9))
    req.context.can(policies.USAGES)
    filters = query.params(req, {'project_id': (1, 9), 'user_id': (1, 9)})
    if 'project_id' not in filters:
        raise exception.Invalid("Invalid query string parameters: 'project_id' is a "
                                'required property')
    used: dict = {}
    for host in _hosts(req):
        for server in host.servers:
            if (server.project_id == filters['project_id']
                    and filters.get('user_id', server.user_id) == server.user_id):
                for rc, amount in views.server_resources(server).items():
                    used[rc] = used.get(rc, 0) + amount
    return wsgi.json_response({'usages': used})


def resource_classes(req):
    _since(req, (1, 2))
    req.context.can(policies.RC_LIST)
    return wsgi.json_response({'resource_classes': [
        views.resource_class(req, name) for name in views.RESOURCE_CLASSES]})


def resource_class(req):
    _since(req, (1, 2))
    req.context.can(policies.RC_SHOW)
    name = req.urlvars['name']
    if name not in views.RESOURCE_CLASSES:
        raise exception.NotFound(f'No such resource class {name}.')
    return wsgi.json_response(views.resource_class(req, name))


def _trait_names(value: str) -> tuple[str, set[str] | None]:
    """``name=in:A,B`` or ``name=startswith:P`` as (prefix, names)."""
    if value.startswith('in:'):
        return '', set(value[len('in:'):].split(','))
    if value.startswith('startswith:'):
        return value[len('startswith:'):], None
    raise exception.Invalid("Badly formatted name parameter. Expected name query string "
                            "parameter in form: ?name=[in|startswith]:[name1,name2|prefix]. "
                            f'Got: "{value}"')


def traits(req):
    _since(req, (1, 6))
    req.context.can(policies.TRAIT_LIST)
    filters = query.params(req, {'name': (1, 6), 'associated': (1, 6)})
    prefix, names = _trait_names(filters['name']) if 'name' in filters else ('', None)
    associated = filters.get('associated')
    if associated not in (None, 'true', 'false'):
        raise exception.Invalid("Invalid query string parameters: 'associated' is not one "
                                "of ['true', 'false']")
    in_use = {trait for host in _hosts(req) for trait in views.traits(host)}
    found = [trait for trait in views.TRAITS
             if trait.startswith(prefix) and (names is None or trait in names)
             and (associated is None or (trait in in_use) == (associated == 'true'))]
    return wsgi.json_response({'traits': found})


def trait(req):
    _since(req, (1, 6))
    req.context.can(policies.TRAIT_SHOW)
    name = req.urlvars['name']
    if name not in views.TRAITS:
        raise exception.NotFound(f'No such trait(s): {name}')
    return wsgi.empty_response(204)


def read_only(rule: str, what: str):
    """The handler of a write Placement accepts: its policy, then 403 (nothing here can
    change the inventory)."""
    def handler(req):
        req.context.can(rule)
        raise exception.PlacementReadOnly(what=what)
    return handler
