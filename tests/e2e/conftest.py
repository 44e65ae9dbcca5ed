"""The end-to-end tier: a real Keystone, the service's keystone pipeline, real clients."""

import os

import openstack
import pytest

from translator.testing import harness


@pytest.fixture(scope='session')
def memcached():
    with harness.memcached() as servers:
        yield servers


@pytest.fixture(scope='session')
def stack(arktos, memcached, tmp_path_factory):
    """Keystone and translator-api behind keystonemiddleware (``harness.keystone_stack``)."""
    with harness.keystone_stack(tmp_path_factory.mktemp('stack'), arktos['url'],
                                arktos_token=arktos['token'], memcached_servers=memcached) as env:
        yield env


def client_env(stack: dict, user: str, project: str, home) -> dict:
    """``OS_*`` variables for a CLI acting as ``user`` in ``project``."""
    return {**os.environ, 'HOME': str(home), 'OS_AUTH_URL': stack['KEYSTONE_URL'],
            'OS_USERNAME': user, 'OS_PASSWORD': f'{user}-pass', 'OS_PROJECT_NAME': project,
            'OS_USER_DOMAIN_ID': 'default', 'OS_PROJECT_DOMAIN_ID': 'default',
            'OS_IDENTITY_API_VERSION': '3', 'OS_REGION_NAME': 'RegionOne',
            'OS_INTERFACE': 'public'}


def password_auth(stack: dict, user: str, project: str) -> dict:
    """openstacksdk's settings (a clouds.yaml cloud) for ``user`` in ``project``."""
    return {'auth': {'auth_url': stack['KEYSTONE_URL'], 'username': user,
                     'password': f'{user}-pass', 'project_name': project,
                     'user_domain_id': 'default', 'project_domain_id': 'default'},
            'region_name': 'RegionOne', 'interface': 'public', 'identity_api_version': '3'}


def sdk_connection(stack: dict, user: str, project: str):
    """An openstacksdk connection as ``user`` in ``project``."""
    settings = password_auth(stack, user, project)
    return openstack.connect(**settings.pop('auth'), **settings)


def token(stack: dict, user: str, project: str) -> str:
    """A project-scoped token for ``user``."""
    return harness.keystone_token(stack['KEYSTONE_URL'], user, project)
