"""Create the translator's Keystone accounts and catalog; print them as shell exports.

Run with the Keystone venv's Python: ``resources.py KEYSTONE_URL SERVICE_URL``.
Projects demo and alt_demo each get a member and a reader user; the service user
``translator`` (admin and service roles in project service) validates tokens.
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


def user(name: str, project, *role_names: str) -> None:
    account = ks.users.create(name, domain='default', password=f'{name}-pass',
                              default_project=project)
    for role in role_names:
        ks.roles.grant(roles[role], user=account, project=project)


service = ks.projects.create('service', 'default')
user('translator', service, 'admin', 'service')
for name in ('demo', 'alt_demo'):
    project = ks.projects.create(name, 'default')
    user(name, project, 'member')
    user(f'{name}_reader', project, 'reader')
    exports[f'{name.upper()}_PROJECT_ID'] = project.id
for service_type, name, url in (('compute', 'translator-compute', f'{service_url}/v2.1'),
                                ('image', 'translator-image', f'{service_url}/image')):
    entry = ks.services.create(name, type=service_type)
    for interface in ('public', 'internal', 'admin'):
        ks.endpoints.create(entry, url, interface=interface, region='RegionOne')
for key, value in exports.items():
    print(f'export {key}={value}')
