"""Images in Glance v2's shape."""

from translator.backend.models import Image
from translator.web import wsgi

# Property prefixes no client may write: Glance's own (which clients read), and this
# service's (which they do not see either).
RESERVED_PREFIXES = ('os_glance', 'arktos_')
HIDDEN_PREFIX = 'arktos_'
# Statuses whose data is measured but not yet the image's: Glance shows the checksums
# of staged data once it is imported.
_STAGED = ('uploading', 'importing')


def show(image: Image) -> dict:
    body = {key: value for key, value in image.properties.items()
            if not key.startswith(HIDDEN_PREFIX)}
    staged = image.status in _STAGED
    body.update({
        'id': image.id,
        'name': image.name,
        'status': image.status,
        'visibility': image.visibility,
        'protected': image.protected,
        'os_hidden': image.os_hidden,
        'owner': image.owner,
        'min_disk': image.min_disk,
        'min_ram': image.min_ram,
        'size': image.size,
        'virtual_size': None,
        'disk_format': image.disk_format,
        'container_format': image.container_format,
        'checksum': None if staged else image.checksum,
        'os_hash_algo': None if staged else image.os_hash_algo,
        'os_hash_value': None if staged else image.os_hash_value,
        'created_at': image.created_at,
        'updated_at': image.updated_at,
        'tags': list(image.tags),
        'self': f'/v2/images/{image.id}',
        'file': f'/v2/images/{image.id}/file',
        'schema': '/v2/schemas/image',
    })
    if image.has_own_data and not staged:
        # The store holding the data, by the id /v2/info/stores gives it (its scheme).
        body['stores'] = image.location.partition('://')[0]
    return body


def collection(req, images: list, page_full: bool) -> dict:
    body = {'images': [show(image) for image in images], 'first': '/v2/images',
            'schema': '/v2/schemas/images'}
    if page_full and images:
        body['next'] = f'/v2/images?{wsgi.next_query(req, images[-1].id)}'
    return body
