"""``/v2/images`` and ``/v2/schemas``: what clients read, and changes to own snapshots."""

import jsonschema

from translator import exception
from translator.image import schemas, views
from translator.policies import images as policies
from translator.web import wsgi

DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
_PATCH_TYPES = ('application/openstack-images-v2.1-json-patch',
                'application/openstack-images-v2.0-json-patch')
_READ_ONLY = frozenset({'id', 'status', 'owner', 'created_at', 'updated_at', 'size',
                        'virtual_size', 'checksum', 'os_hash_algo', 'os_hash_value', 'self',
                        'file', 'schema', 'locations', 'visibility', 'os_hidden',
                        'disk_format', 'container_format'})
_INTEGER_FIELDS = ('min_ram', 'min_disk')
# What a PATCH result must satisfy: Glance's image schema, with the integers its
# database stores (32 bits, not negative).
_STORED = {**schemas.IMAGE, 'properties': {
    **schemas.IMAGE['properties'],
    **{field: {'type': 'integer', 'minimum': 0, 'maximum': 2 ** 31 - 1}
       for field in _INTEGER_FIELDS}}}
_STORED_VALIDATOR = jsonschema.Draft4Validator(_STORED)
_SORT_KEYS = {'created_at': '', 'updated_at': '', 'name': '', 'id': '', 'status': '',
              'min_ram': 0, 'min_disk': 0}


def _values(text: str) -> set:
    """Glance's ``in:a,b`` operator, or one exact value."""
    return set(text[3:].split(',')) if text.startswith('in:') else {text}


def _matches(image, params) -> bool:
    checks = {
        'name': image.name, 'id': image.id, 'status': image.status, 'owner': image.owner,
        'visibility': image.visibility, 'container_format': image.container_format,
        'disk_format': image.disk_format,
    }
    for key, actual in checks.items():
        if key in params and not (key == 'visibility' and params[key] == 'all') \
                and actual not in _values(params[key]):
            return False
    if params.get('os_hidden', 'false').lower() == 'true':
        return False
    return all(tag in image.tags for tag in params.getall('tag'))


def _sort(images: list, params) -> list:
    key, direction = params.get('sort_key', 'created_at'), params.get('sort_dir', 'desc')
    if 'sort' in params:
        key, _, direction = params['sort'].split(',')[0].partition(':')
        direction = direction or 'desc'
    if key not in _SORT_KEYS or direction not in ('asc', 'desc'):
        raise exception.Invalid(f'Invalid sort: {key}:{direction}')
    missing = _SORT_KEYS[key]  # of the key's type: integers and strings do not compare
    return sorted(images, key=lambda image: (getattr(image, key) or missing, image.id),
                  reverse=direction == 'desc')


def _limit(params) -> int:
    try:
        limit = int(params.get('limit', DEFAULT_LIMIT))
    except ValueError:
        limit = -1
    if limit < 0:
        raise exception.Invalid('limit param must be an integer')
    return min(limit, MAX_LIMIT)


def index(req: wsgi.Request):
    req.context.can(policies.GET_IMAGES)
    params = req.GET
    images = _sort([image for image in req.driver.list_images(req.context)
                    if _matches(image, params)], params)
    if 'marker' in params:
        ids = [image.id for image in images]
        if params['marker'] not in ids:
            raise exception.Invalid(f'Invalid marker {params["marker"]}')
        images = images[ids.index(params['marker']) + 1:]
    limit = _limit(params)
    page = images[:limit]
    return wsgi.json_response(views.collection(req, page, len(images) > limit))


def show(req: wsgi.Request):
    req.context.can(policies.GET_IMAGE)
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    return wsgi.json_response(views.show(image))


def _changes(image, operations) -> dict:
    """Apply Glance JSON-patch operations to an image's fields and properties."""
    changes = {'properties': dict(image.properties), 'tags': tuple(image.tags)}
    for operation in operations:
        if not isinstance(operation, dict) or not isinstance(operation.get('path', ''), str):
            raise exception.Invalid(f'Unable to apply the patch operation {operation}')
        op, path = operation.get('op'), operation.get('path', '')
        name = path.lstrip('/')
        if op not in ('add', 'replace', 'remove') or not name or '/' in name or (
                op != 'remove' and 'value' not in operation):
            raise exception.Invalid(f'Unable to apply the patch operation {operation}')
        if name in _READ_ONLY:
            raise exception.Forbidden(f"Attribute '{name}' is read-only.")
        if name.startswith(views.RESERVED_PREFIXES):
            raise exception.Forbidden(f"Attribute '{name}' is reserved.")
        value = operation.get('value')
        if name in ('name', 'protected', 'tags', *_INTEGER_FIELDS):
            if op == 'remove':
                raise exception.Forbidden(f"Attribute '{name}' cannot be removed.")
            changes[name] = value
        elif op == 'remove':
            if changes['properties'].pop(name, None) is None:
                raise exception.Conflict(f'Property {name} does not exist.')
        else:
            changes['properties'][name] = value
    _check_stored(image, changes)
    changes['tags'] = tuple(changes['tags'] or ())
    return changes


def _check_stored(image, changes: dict) -> None:
    """Glance validates the patched image against its schema before it stores it: a
    value the service could not render back is refused here (400)."""
    patched = {**views.show(image), **changes['properties'],
               **{key: value for key, value in changes.items() if key != 'properties'}}
    if isinstance(patched['tags'], tuple):
        patched['tags'] = list(patched['tags'])
    error = jsonschema.exceptions.best_match(_STORED_VALIDATOR.iter_errors(patched))
    if error is not None:
        raise exception.Invalid(
            f"Provided object does not match schema 'image': {error.message}")


def update(req: wsgi.Request):
    req.context.can(policies.MODIFY_IMAGE)
    if req.content_type not in _PATCH_TYPES:
        raise exception.UnsupportedMediaType(
            f'Unsupported Content-Type {req.content_type!r}; send {_PATCH_TYPES[0]}.')
    operations = wsgi.json_body(req.body)
    if not isinstance(operations, list):
        raise exception.MalformedRequestBody()
    driver = req.driver
    image = driver.show_image(req.context, req.urlvars['image_id'])
    image = driver.update_image(req.context, image.id, _changes(image, operations))
    return wsgi.json_response(views.show(image))


def delete(req: wsgi.Request):
    req.context.can(policies.DELETE_IMAGE)
    req.driver.delete_image(req.context, req.urlvars['image_id'])
    return wsgi.empty_response(204)


def image_schema(req: wsgi.Request):
    return wsgi.json_response(schemas.IMAGE)


def images_schema(req: wsgi.Request):
    return wsgi.json_response(schemas.IMAGES)
