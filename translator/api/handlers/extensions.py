"""``/extensions``: Nova's legacy list of API extensions, for the resources served here
(``openstack extension list --compute``, novaclient's ``list-extensions``)."""

from translator import exception
from translator.api import wsgi as api_wsgi
from translator.policies import extensions as policies
from translator.web import wsgi

# The top-level resources of the route table (a unit test keeps them in step).
ALIASES = ('extensions', 'flavors', 'images', 'limits', 'os-aggregates',
           'os-availability-zone', 'os-hosts', 'os-hypervisors', 'os-keypairs', 'os-migrations',
           'os-networks', 'os-quota-class-sets', 'os-quota-sets', 'os-security-groups',
           'os-server-groups', 'os-services', 'os-simple-tenant-usage', 'servers')
# Nova answers every extension with these fixed values since v2.1.
_NAMESPACE = 'http://docs.openstack.org/compute/ext/fake_xml'
_UPDATED = '2014-12-03T00:00:00Z'


def _extension(alias: str) -> dict:
    name = ''.join(part.capitalize() for part in alias.removeprefix('os-').split('-'))
    return {'name': name, 'alias': alias, 'description': f'The {name} API.',
            'namespace': _NAMESPACE, 'updated': _UPDATED, 'links': []}


def index(req: api_wsgi.Request):
    req.context.can(policies.LIST)
    return wsgi.json_response({'extensions': [_extension(alias) for alias in ALIASES]})


def show(req: api_wsgi.Request):
    req.context.can(policies.LIST)
    alias = req.urlvars['alias']
    if alias not in ALIASES:
        raise exception.NotFound()
    return wsgi.json_response({'extension': _extension(alias)})
