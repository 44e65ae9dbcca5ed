"""``/v2.0/…`` reads: networks and subnets of ``[network] networks``, ports of the
project's servers, the ``default`` security group, extensions, zones and IP
availability. Writes are refused with the reason (nothing here can store them)."""

from translator import exception
from translator.backend.arktos.networks import default_security_group
from translator.backend.models import ServerFilters
from translator.network import extensions, query, views
from translator.policies import network as policies
from translator.web import wsgi

# Every server of the project (ports are listed from them), not a page.
_ALL = 1_000_000
_AZ_FIELDS = ('name', 'resource', 'state')
_IP_AVAILABILITY_FIELDS = ('network_id', 'network_name', 'tenant_id', 'project_id',
                           'total_ips', 'used_ips', 'subnet_ip_availability')
_NETWORKS_READ_ONLY = ('Networks are the operator\'s ([network] networks of the compute '
                       'service) and cannot be created, changed or deleted through this API.')
_GROUPS_READ_ONLY = ('Only the project\'s default security group exists: Arktos enforces '
                     'no other, so groups and rules cannot be created, changed or deleted.')


def _one(items: list, item_id: str, not_found: exception.NotFound) -> dict:
    for item in items:
        if item['id'] == item_id:
            return item
    raise not_found


def _networks(req: wsgi.Request) -> list[dict]:
    zones = req.driver.list_availability_zones(req.context)
    return [views.network(net, zones) for net in req.driver.list_networks(req.context)]


def _network(req: wsgi.Request) -> dict:
    network_id = req.urlvars['network_id']
    return _one(_networks(req), network_id,
                exception.NetworkNotFoundItem(network_id=network_id))


def networks(req: wsgi.Request):
    req.context.can(policies.GET_NETWORK)
    return query.list_response(req, 'networks', _networks(req), views.NETWORK_FIELDS)


def network(req: wsgi.Request):
    req.context.can(policies.GET_NETWORK)
    return query.show_response(req, 'network', _network(req))


def create_network(req: wsgi.Request):
    req.context.can(policies.CREATE_NETWORK)
    raise exception.NetworkResourceReadOnly(reason=_NETWORKS_READ_ONLY)


def change_network(req: wsgi.Request):
    req.context.can(policies.UPDATE_NETWORK if req.method == 'PUT'
                    else policies.DELETE_NETWORK)
    _network(req)
    raise exception.NetworkResourceReadOnly(reason=_NETWORKS_READ_ONLY)


def _subnets(req: wsgi.Request) -> list[dict]:
    return [views.subnet(net) for net in req.driver.list_networks(req.context) if net.cidr]


def subnets(req: wsgi.Request):
    req.context.can(policies.GET_SUBNET)
    return query.list_response(req, 'subnets', _subnets(req), views.SUBNET_FIELDS)


def subnet(req: wsgi.Request):
    req.context.can(policies.GET_SUBNET)
    subnet_id = req.urlvars['subnet_id']
    return query.show_response(req, 'subnet', _one(
        _subnets(req), subnet_id, exception.SubnetNotFound(subnet_id=subnet_id)))


def _ports(req: wsgi.Request, all_projects: bool) -> list[dict]:
    """One port per NIC of the servers (of every project for admins' lists) on a
    network the service knows."""
    context = req.context
    by_label = {net.label: net for net in req.driver.list_networks(context)}
    zone = req.conf.availability_zone.default_zone
    servers = req.driver.list_servers(context, ServerFilters(all_projects=all_projects), _ALL)
    ports = []
    for server in servers:
        group = default_security_group(server.project_id)
        group_ids = [group.id] if group.name in server.security_groups else []
        ports.extend(views.port(server, nic, by_label[nic.network_label], zone, group_ids)
                     for nic in server.nics if nic.network_label in by_label)
    return ports


def ports(req: wsgi.Request):
    req.context.can(policies.GET_PORT)
    return query.list_response(req, 'ports', _ports(req, req.context.is_admin),
                               views.PORT_FIELDS)


def port(req: wsgi.Request):
    req.context.can(policies.GET_PORT)
    port_id = req.urlvars['port_id']
    return query.show_response(req, 'port', _one(
        _ports(req, req.context.is_admin), port_id, exception.PortNotFound(port_id=port_id)))


def _groups(req: wsgi.Request) -> list[dict]:
    """The caller's project's ``default`` group; for admins also those of the
    projects a list asks for."""
    projects = {req.context.project_id}
    if req.context.is_admin:
        projects.update(req.GET.getall('project_id') + req.GET.getall('tenant_id'))
    return [views.security_group(default_security_group(project))
            for project in sorted(projects)]


def _group(req: wsgi.Request) -> dict:
    group_id = req.urlvars['security_group_id']
    return _one(_groups(req), group_id,
                exception.SecurityGroupNotFound(security_group_id=group_id))


def security_groups(req: wsgi.Request):
    req.context.can(policies.GET_SECURITY_GROUP)
    return query.list_response(req, 'security-groups', _groups(req),
                               views.SECURITY_GROUP_FIELDS)


def security_group(req: wsgi.Request):
    req.context.can(policies.GET_SECURITY_GROUP)
    return query.show_response(req, 'security_group', _group(req))


def create_security_group(req: wsgi.Request):
    req.context.can(policies.CREATE_SECURITY_GROUP)
    raise exception.NetworkResourceReadOnly(reason=_GROUPS_READ_ONLY)


def update_security_group(req: wsgi.Request):
    req.context.can(policies.UPDATE_SECURITY_GROUP)
    _group(req)
    raise exception.NetworkResourceReadOnly(reason=_GROUPS_READ_ONLY)


def delete_security_group(req: wsgi.Request):
    req.context.can(policies.DELETE_SECURITY_GROUP)
    _group(req)
    raise exception.SecurityGroupCannotRemoveDefault()


def _rules(req: wsgi.Request) -> list[dict]:
    return [rule for group in _groups(req) for rule in group['security_group_rules']]


def _rule(req: wsgi.Request) -> dict:
    rule_id = req.urlvars['rule_id']
    return _one(_rules(req), rule_id, exception.SecurityGroupRuleNotFound(rule_id=rule_id))


def security_group_rules(req: wsgi.Request):
    req.context.can(policies.GET_SECURITY_GROUP_RULE)
    return query.list_response(req, 'security-group-rules', _rules(req),
                               views.RULE_FIELDS)


def security_group_rule(req: wsgi.Request):
    req.context.can(policies.GET_SECURITY_GROUP_RULE)
    return query.show_response(req, 'security_group_rule', _rule(req))


def create_security_group_rule(req: wsgi.Request):
    req.context.can(policies.CREATE_SECURITY_GROUP_RULE)
    raise exception.NetworkResourceReadOnly(reason=_GROUPS_READ_ONLY)


def delete_security_group_rule(req: wsgi.Request):
    req.context.can(policies.DELETE_SECURITY_GROUP_RULE)
    _rule(req)
    raise exception.NetworkResourceReadOnly(reason=_GROUPS_READ_ONLY)


def extension_list(req: wsgi.Request):
    return wsgi.json_response({'extensions': extensions.EXTENSIONS})


def extension(req: wsgi.Request):
    alias = req.urlvars['alias']
    for item in extensions.EXTENSIONS:
        if item['alias'] == alias:
            return wsgi.json_response({'extension': item})
    raise exception.NotFound(f'Extension with alias {alias} does not exist')


def availability_zones(req: wsgi.Request):
    req.context.can(policies.GET_AVAILABILITY_ZONE)
    zones = [{'name': zone.name, 'resource': 'network',
              'state': 'available' if zone.available else 'unavailable'}
             for zone in req.driver.list_availability_zones(req.context)]
    return query.list_response(req, 'availability_zones', zones, _AZ_FIELDS)


def _ip_availabilities(req: wsgi.Request) -> list[dict]:
    """Per network, the addresses of its subnet and those the ports of every project
    hold."""
    used = {}
    for item in _ports(req, all_projects=True):
        used[item['network_id']] = used.get(item['network_id'], 0) + len(item['fixed_ips'])
    availabilities = []
    for net in req.driver.list_networks(req.context):
        subnets = [views.subnet(net)] if net.cidr else []
        for item in subnets:
            item['total_ips'] = views.pool_size(item)
            item['used_ips'] = used.get(net.id, 0)
        availabilities.append({
            'network_id': net.id, 'network_name': net.label,
            'tenant_id': views.OWNER, 'project_id': views.OWNER,
            'total_ips': sum(item['total_ips'] for item in subnets),
            'used_ips': used.get(net.id, 0),
            'subnet_ip_availability': [
                {'subnet_id': item['id'], 'subnet_name': item['name'], 'cidr': item['cidr'],
                 'ip_version': item['ip_version'], 'total_ips': item['total_ips'],
                 'used_ips': item['used_ips']} for item in subnets]})
    return availabilities


def network_ip_availabilities(req: wsgi.Request):
    req.context.can(policies.GET_NETWORK_IP_AVAILABILITY)
    return query.list_response(req, 'network_ip_availabilities', _ip_availabilities(req),
                               _IP_AVAILABILITY_FIELDS, key='network_id')


def network_ip_availability(req: wsgi.Request):
    req.context.can(policies.GET_NETWORK_IP_AVAILABILITY)
    network_id = req.urlvars['network_id']
    for item in _ip_availabilities(req):
        if item['network_id'] == network_id:
            return query.show_response(req, 'network_ip_availability', item)
    raise exception.NetworkNotFoundItem(network_id=network_id)
