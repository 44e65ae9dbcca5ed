"""The query parameters of Nova's ``/images`` proxy and of ``/flavors`` lists."""

import json

import pytest

from translator import exception
from translator.api import microversion
from translator.api import wsgi as api_wsgi
from translator.api.handlers import flavors, images
from translator.backend.models import Flavor, Image
from translator.conf import CONF
from translator.context import RequestContext
from translator.web import wsgi

SERVER = '6d0f6b1e-0b5e-4a51-9d6c-0c4a1e6c2a10'
IMAGES = [
    Image(id='i1', name='cirros', location='x', updated_at='2026-01-01T00:00:00Z'),
    Image(id='i2', name='ubuntu', location='x', min_disk=3, min_ram=512,
          updated_at='2026-02-01T00:00:00Z'),
    Image(id='i3', name='snap', location='x', status='saving',
          properties={'image_type': 'snapshot', 'instance_uuid': SERVER},
          updated_at='2026-03-01T12:00:00Z'),
]
FLAVORS = [
    Flavor(id='1', name='tiny', vcpus=1, ram=512, disk=1),
    Flavor(id='2', name='small', vcpus=1, ram=2048, disk=20),
    Flavor(id='3', name='big', vcpus=4, ram=1024, disk=40),
    Flavor(id='4', name='private', vcpus=1, ram=512, disk=1, is_public=False),
]


@pytest.fixture(autouse=True)
def _default_policy(policy_file):
    return policy_file


class _Driver:
    def list_images(self, context):
        return list(IMAGES)

    def list_flavors(self, context):
        return [flavor for flavor in FLAVORS
                if flavor.visible_to(context.project_id, context.is_admin)]


def _get(handler, query: str, version: str = '2.1', admin: bool = False):
    context = RequestContext(user_id='admin' if admin else 'u', project_id='p',
                             roles=['admin', 'member', 'reader'] if admin else
                             ['member', 'reader'], is_admin=admin, overwrite=False)
    req = api_wsgi.Request.blank(f'/x?{query}', environ={
        wsgi.CONF_KEY: CONF, wsgi.DRIVER_KEY: _Driver(), wsgi.CONTEXT_KEY: context,
        microversion.ENV_KEY: microversion.APIVersion(version)})
    return json.loads(handler(req).body)


def _image_ids(query: str) -> list:
    return [image['id'] for image in _get(images.index, query)['images']]


def test_images_proxy_pages_with_limit_and_marker():
    """The bug of issue 14.2: both were ignored."""
    body = _get(images.index, 'limit=2')
    assert [image['id'] for image in body['images']] == ['i1', 'i2']
    assert 'marker=i2' in body['images_links'][0]['href']
    assert _image_ids('limit=2&marker=i2') == ['i3']
    assert _image_ids('marker=i1') == ['i2', 'i3']
    assert _image_ids('limit=0') == ['i1', 'i2', 'i3']
    with pytest.raises(exception.MarkerNotFound):
        _get(images.index, 'marker=nope')


@pytest.mark.parametrize('query,expected', [
    ('name=ubuntu', ['i2']),
    ('status=SAVING', ['i3']),
    ('type=snapshot', ['i3']),
    (f'server=http://h/v2.1/servers/{SERVER}', ['i3']),
    (f'server={SERVER}', ['i3']),
    ('minRam=512', ['i2']),
    ('minDisk=1', ['i2']),
    ('changes-since=2026-02-01T00:00:00Z', ['i2', 'i3']),
    ('property-instance_uuid=' + SERVER, ['i3']),
    ('offset=1&page_size=1&foo=bar', ['i1', 'i2', 'i3']),
])
def test_images_proxy_filters(query, expected):
    assert _image_ids(query) == expected


@pytest.mark.parametrize('query', ['minRam=x', 'changes-since=yesterday', 'limit=-1'])
def test_images_proxy_bad_filters_are_400(query):
    with pytest.raises(exception.Invalid):
        _get(images.index, query)


def _flavor_ids(query: str, **kwargs) -> list:
    return [flavor['id'] for flavor in _get(flavors.index, query, **kwargs)['flavors']]


@pytest.mark.parametrize('query,expected', [
    ('', ['1', '2', '3']),
    ('sort_key=memory_mb', ['1', '3', '2']),
    ('sort_key=memory_mb&sort_dir=desc', ['2', '3', '1']),
    ('sort_key=name', ['3', '2', '1']),
    ('sort_key=created_at&sort_dir=desc', ['3', '2', '1']),
    ('sort_key=root_gb&limit=1&marker=2', ['3']),
    ('minRam=1024', ['2', '3']),
    ('minDisk=20&minRam=-1', ['2', '3']),
    ('is_public=none', ['1', '2', '3']),
])
def test_flavor_list_order_and_filters(query, expected):
    assert _flavor_ids(query) == expected


@pytest.mark.parametrize('query,expected', [
    ('', ['1', '2', '3']),
    ('is_public=none', ['1', '2', '3', '4']),
    ('is_public=false', ['4']),
    ('is_public=True', ['1', '2', '3']),
])
def test_admins_choose_public_or_private_flavors(query, expected):
    assert _flavor_ids(query, admin=True) == expected


@pytest.mark.parametrize('query,message', [
    ('is_public=maybe', 'Invalid is_public filter [maybe]'),
    ('minRam=big', 'Invalid minRam filter [big]'),
    ('sort_key=ram', "Invalid input for query parameters sort_key. Value: ram."),
    ('limit=x', "Invalid input for query parameters limit. Value: x."),
])
def test_flavor_list_bad_queries_are_400(query, message):
    with pytest.raises(exception.Invalid) as error:
        _get(flavors.index, query, admin=True)
    assert str(error.value).startswith(message)


def test_unknown_flavor_query_is_400_from_2_75():
    assert _flavor_ids('foo=1', version='2.74') == ['1', '2', '3']
    with pytest.raises(exception.ValidationError):
        _get(flavors.index, 'foo=1', version='2.75')
