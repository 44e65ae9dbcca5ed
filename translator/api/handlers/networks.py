"""The nova-network proxy reads OSC falls back to without Neutron (up to 2.35):
``/os-networks`` and ``/os-security-groups``."""

from translator.api import wsgi as api_wsgi
from translator.api.handlers import common
from translator.api.views import networks as view
from translator.policies import networks as policies
from translator.web import wsgi


def _authorize(req: api_wsgi.Request, rule: str) -> None:
    common.check_proxy_version(req)
    req.context.can(rule)


def index(req: api_wsgi.Request):
    _authorize(req, policies.NETWORKS_LIST)
    networks = req.driver.list_networks(req.context)
    return wsgi.json_response({'networks': [view.network(n) for n in networks]})


def show(req: api_wsgi.Request):
    _authorize(req, policies.NETWORKS_SHOW)
    network = req.driver.get_network(req.context, req.urlvars['network_id'])
    return wsgi.json_response({'network': view.network(network)})


def security_groups(req: api_wsgi.Request):
    _authorize(req, policies.SECURITY_GROUPS_LIST)
    groups = req.driver.list_security_groups(req.context)
    return wsgi.json_response(
        {'security_groups': [view.security_group(group) for group in groups]})


def security_group(req: api_wsgi.Request):
    _authorize(req, policies.SECURITY_GROUPS_SHOW)
    group = req.driver.get_security_group(req.context,
                                          req.urlvars['security_group_id'])
    return wsgi.json_response({'security_group': view.security_group(group)})
