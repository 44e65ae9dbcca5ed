"""Renders flavors in Nova's shapes at 2.1, 2.55, 2.61 and 2.75 (``nova-api.md`` §5.1)."""

from translator.api.views import common
from translator.backend.models import Flavor


def basic(req, flavor: Flavor) -> dict:
    body = {'id': flavor.id, 'name': flavor.name,
            'links': common.links(req, 'flavors', flavor.id)}
    if req.version >= (2, 55):
        body['description'] = flavor.description
    return body


def show(req, flavor: Flavor) -> dict:
    body = basic(req, flavor)
    body.update({
        'ram': flavor.ram,
        'disk': flavor.disk,
        'vcpus': flavor.vcpus,
        'swap': flavor.swap if req.version >= (2, 75) else (flavor.swap or ''),
        'OS-FLV-EXT-DATA:ephemeral': flavor.ephemeral,
        'os-flavor-access:is_public': flavor.is_public,
        'OS-FLV-DISABLED:disabled': False,
        'rxtx_factor': flavor.rxtx_factor,
    })
    if req.version >= (2, 61):
        body['extra_specs'] = dict(flavor.extra_specs)
    return body


def collection(req, flavors: list, *, detail: bool, page_full: bool) -> dict:
    return common.paged_collection(req, 'flavors', flavors, show if detail else basic,
                                   detail=detail, page_full=page_full)
