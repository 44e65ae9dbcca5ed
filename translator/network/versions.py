"""Unauthenticated Neutron version discovery (``/`` and ``/v2.0``); only ``/v2.0/…``
goes further, with Neutron's optional ``.json`` format suffix dropped."""

import webob.dec
from oslo_middleware import base

from translator.web import faults, wsgi

# The collections of the subset, as ``GET /v2.0`` lists them.
RESOURCES = (('network', 'networks'), ('subnet', 'subnets'), ('port', 'ports'),
             ('security_group', 'security-groups'),
             ('security_group_rule', 'security-group-rules'))


def versions(base_url: str) -> dict:
    return {'versions': [{'id': 'v2.0', 'status': 'CURRENT',
                          'links': [{'rel': 'self', 'href': f'{base_url}/v2.0/'}]}]}


def resources(base_url: str) -> dict:
    return {'resources': [
        {'name': name, 'collection': collection,
         'links': [{'rel': 'self', 'href': f'{base_url}/v2.0/{collection}'}]}
        for name, collection in RESOURCES]}


class NetworkVersionsMiddleware(base.ConfigurableMiddleware):

    @webob.dec.wsgify(RequestClass=wsgi.Request)
    def __call__(self, req: wsgi.Request):
        base_url = wsgi.set_base_url(req, wsgi.NETWORK_MOUNT)
        if req.path_info in ('', '/'):
            return wsgi.json_response(versions(base_url))
        if req.path_info in ('/v2.0', '/v2.0/'):
            return wsgi.json_response(resources(base_url))
        if not req.path_info.startswith('/v2.0/'):
            return faults.fault_response(req.environ, 404, 'The resource could not be found.')
        if req.path_info.endswith('.json'):
            req.path_info = req.path_info[:-len('.json')]
        return req.get_response(self.application)
