"""Create the translator's Keystone accounts and catalog; print them as shell exports.

Run with the Keystone venv's Python: ``resources.py KEYSTONE_URL SERVICE_URL``.
Projects demo and alt_demo each get a member and a reader user; the service user
``translator`` (admin and service roles in project service) validates tokens.
Running it again against the same Keystone creates nothing twice.
"""

import sys

from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

keystone_url, service_url = sys.argv[1], sys.argv[2].rstrip('/')
ks = client.Client(session=session.Session(auth=v3.Password(
    auth_url=keystone_url, username='admin', password='admin-pass', project_name='admin',
    user_domain_id='default', project_domain_id='default')), interface='public')
roles = {role.name: role for role in ks.roles.list()}
exports = {'KEYSTONE_URL': keystone_url, 'ADMIN_PASSWORD': 'admin-pass'}


def project(name: str):
    """The project ``name`` in the default domain, created if missing (so running
    this again against the same Keystone changes nothing)."""
    found = ks.projects.list(name=name, domain='default')
    return found[0] if found else ks.projects.create(name, 'default')


def user(name: str, home, *role_names: str) -> None:
    found = ks.users.list(name=name, domain='default')
    account = found[0] if found else ks.users.create(
        name, domain='default', password=f'{name}-pass', default_project=home)
    for role in role_names:
        ks.roles.grant(roles[role], user=account, project=home)


user('translator', project('service'), 'admin', 'service')
for name in ('demo', 'alt_demo'):
    home = project(name)
    user(name, home, 'member')
    user(f'{name}_reader', home, 'reader')
    exports[f'{name.upper()}_PROJECT_ID'] = home.id
for service_type, name, url in (('compute', 'translator-compute', f'{service_url}/v2.1'),
                                ('image', 'translator-image', f'{service_url}/image'),
                                ('network', 'translator-network',
                                 f'{service_url}/networking'),
                                ('placement', 'translator-placement',
                                 f'{service_url}/placement')):
    found = ks.services.list(type=service_type)
    entry = found[0] if found else ks.services.create(name, type=service_type)
    existing = {e.interface: e for e in ks.endpoints.list(service=entry)}
    for interface in ('public', 'internal', 'admin'):
        if interface not in existing:
            ks.endpoints.create(entry, url, interface=interface, region='RegionOne')
        elif existing[interface].url != url:
            ks.endpoints.update(existing[interface], url=url)
for key, value in exports.items():
    print(f'export {key}={value}')
