"""Images in the shape of Nova's deprecated ``/images`` proxy (up to 2.35)."""

from translator.api.views import common
from translator.backend.models import Image

_STATUS = {'active': 'ACTIVE', 'saving': 'SAVING', 'queued': 'SAVING', 'killed': 'ERROR',
           'deleted': 'DELETED', 'pending_delete': 'DELETED'}


def basic(req, image: Image) -> dict:
    links = common.links(req, 'images', image.id)
    links.append({'rel': 'alternate', 'type': 'application/vnd.openstack.image',
                  'href': common.image_link(req, image.id)})
    return {'id': image.id, 'name': image.name, 'links': links}


def show(req, image: Image) -> dict:
    body = basic(req, image)
    status = _STATUS.get(image.status, 'UNKNOWN')
    body.update({
        'status': status,
        'progress': {'ACTIVE': 100, 'SAVING': 25}.get(status, 0),
        'minDisk': image.min_disk,
        'minRam': image.min_ram,
        'created': image.created_at,
        'updated': image.updated_at,
        'metadata': {key: value for key, value in image.properties.items()
                     if not key.startswith('arktos_')},
        'OS-EXT-IMG-SIZE:size': image.size or 0,
    })
    server_id = image.properties.get('instance_uuid')
    if server_id:
        body['server'] = {'id': server_id, 'links': common.links(req, 'servers', server_id)}
    return body


def collection(req, images: list, *, detail: bool, page_full: bool) -> dict:
    return common.paged_collection(req, 'images', images, show if detail else basic,
                                   detail=detail, page_full=page_full)
