"""A server's network view: ``/ips[/{label}]``, ``/os-interface[/{port_id}]`` (the
pod's NICs; Arktos attaches them when it creates the pod, so attach and detach are
501) and ``/os-security-groups``."""

from translator import exception
from translator.api import wsgi as api_wsgi
from translator.api.handlers import common, server_fields
from translator.api.views import interfaces as view
from translator.api.views import networks as networks_view
from translator.policies import server_subresources as policies
from translator.web import wsgi


def ips(req: api_wsgi.Request):
    req.context.can(policies.IPS_INDEX)
    server = server_fields.server(req)
    return wsgi.json_response({'addresses': {
        label: view.ips(entries) for label, entries in server.addresses.items()}})


def ips_of_network(req: api_wsgi.Request):
    req.context.can(policies.IPS_SHOW)
    label = req.urlvars['network_label']
    server = server_fields.server(req)
    if label not in server.addresses:
        raise exception.NetworkNotFoundForInstance()
    return wsgi.json_response({label: view.ips(server.addresses[label])})


def _interfaces(req: api_wsgi.Request) -> list[dict]:
    server = server_fields.server(req)
    return view.interfaces(server, req.driver.list_networks(req.context))


def interfaces(req: api_wsgi.Request):
    req.context.can(policies.INTERFACES_LIST)
    return wsgi.json_response({'interfaceAttachments': _interfaces(req)})


def interface(req: api_wsgi.Request):
    req.context.can(policies.INTERFACES_SHOW)
    port_id = req.urlvars['port_id']
    for attachment in _interfaces(req):
        if attachment['port_id'] == port_id:
            return wsgi.json_response({'interfaceAttachment': attachment})
    raise exception.PortNotFound(port_id=port_id)


def attach_interface(req: api_wsgi.Request):
    common.refuse(req, policies.INTERFACES_CREATE, 'NIC hot-plug')


def detach_interface(req: api_wsgi.Request):
    common.refuse(req, policies.INTERFACES_DELETE, 'NIC hot-plug')


def security_groups(req: api_wsgi.Request):
    req.context.can(policies.SECURITY_GROUPS_LIST)
    server = server_fields.server(req)
    groups = [group for group in req.driver.list_security_groups(req.context)
              if group.name in server.security_groups]
    return wsgi.json_response(
        {'security_groups': [networks_view.security_group(group) for group in groups]})
