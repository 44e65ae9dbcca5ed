"""The version documents served at ``/``, ``/v2/`` and ``/v2.1/``."""

from translator.api import microversion

_V21_MEDIA_TYPE = 'application/vnd.openstack.compute+json;version=2.1'
_V20_MEDIA_TYPE = 'application/vnd.openstack.compute+json;version=2'


def _v21(base_url: str) -> dict:
    return {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': str(microversion.MAX_VERSION),
        'min_version': str(microversion.MIN_VERSION),
        'updated': '2013-07-23T11:33:21Z',
        'links': [{'rel': 'self', 'href': f'{base_url}/v2.1/'}],
    }


def _v20(base_url: str) -> dict:
    return {
        'id': 'v2.0',
        'status': 'DEPRECATED',
        'version': '',
        'min_version': '',
        'updated': '2025-07-04T12:00:00Z',
        'links': [{'rel': 'self', 'href': f'{base_url}/v2/'}],
    }


def _detailed(doc: dict, media_type: str) -> dict:
    doc = dict(doc)
    doc['links'] = doc['links'] + [
        {'rel': 'describedby', 'type': 'text/html', 'href': 'http://docs.openstack.org/'}]
    doc['media-types'] = [{'base': 'application/json', 'type': media_type}]
    return {'version': doc}


def index(base_url: str) -> dict:
    return {'versions': [_v20(base_url), _v21(base_url)]}


def v21(base_url: str) -> dict:
    return _detailed(_v21(base_url), _V21_MEDIA_TYPE)


def v20(base_url: str) -> dict:
    return _detailed(_v20(base_url), _V20_MEDIA_TYPE)
