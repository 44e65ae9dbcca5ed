"""``/v2/images`` and ``/v2/schemas``: image records, their tags and status actions.

An image's data (``/file``) is ``translator.image.data``'s.
"""

import dataclasses
import uuid

import jsonschema

from translator import exception
from translator.backend.arktos import pod_fields
from translator.backend.models import Image
from translator.image import patch, quota, schemas, store, views
from translator.policies import images as policies
from translator.web import wsgi

DEFAULT_LIMIT = 25
MAX_LIMIT = 1000
# Glance's image_tag_quota.
MAX_TAGS = 128
_INTEGER_FIELDS = ('min_ram', 'min_disk')
# Attributes a create body may not set (Glance's words for each).
_CREATE_READ_ONLY = ('direct_url', 'self', 'file', 'schema', 'stores', 'created_at',
                     'updated_at', 'status', 'checksum', 'os_hash_algo', 'os_hash_value',
                     'size', 'virtual_size')
_CREATE_RESERVED = ('location', 'locations', 'deleted', 'deleted_at')
# The create body's fields that are Image fields; the rest are extra properties.
_CREATE_FIELDS = ('id', 'name', 'visibility', 'protected', 'os_hidden', 'owner',
                  'min_disk', 'min_ram', 'disk_format', 'container_format', 'tags')
_SORT_KEYS = {'created_at': '', 'updated_at': '', 'name': '', 'id': '', 'status': '',
              'min_ram': 0, 'min_disk': 0}


def _values(text: str) -> set:
    """Glance's ``in:a,b`` operator, or one exact value."""
    return set(text[3:].split(',')) if text.startswith('in:') else {text}


_VISIBILITIES = ('public', 'private', 'shared', 'community', 'all')
_MEMBER_STATUSES = ('accepted', 'pending', 'rejected', 'all')


def _listed(image, context, params) -> bool:
    """Glance's default list and its ``visibility`` and ``member_status`` filters: the
    project's own images, public ones, the shared ones it is a member of with
    ``member_status`` (``accepted`` by default), community ones only when asked for."""
    visibility = params.get('visibility')
    if visibility not in (None, 'all') and image.visibility != visibility:
        return False
    if context.is_admin or image.owner == context.project_id:
        return True
    if image.visibility == 'community':
        return visibility is not None
    if image.visibility == 'shared':
        member = image.member(context.project_id)
        status = params.get('member_status', 'accepted')
        return member is not None and status in ('all', member['status'])
    return True


def _check_list_params(params) -> None:
    if params.get('visibility', 'all') not in _VISIBILITIES:
        raise exception.Invalid(f'Invalid visibility value: {params["visibility"]}')
    if params.get('member_status', 'all') not in _MEMBER_STATUSES:
        raise exception.Invalid(f'Invalid status value: {params["member_status"]}')
    if params.get('os_hidden', 'false').lower() not in ('true', 'false'):
        raise exception.Invalid(f"Invalid value '{params['os_hidden']}' for 'os_hidden' "
                                "filter. Valid values are 'true' or 'false'.")


def _matches(image, context, params) -> bool:
    checks = {
        'name': image.name, 'id': image.id, 'status': image.status, 'owner': image.owner,
        'container_format': image.container_format, 'disk_format': image.disk_format,
    }
    for key, actual in checks.items():
        if key in params and actual not in _values(params[key]):
            return False
    if not _listed(image, context, params):
        return False
    if image.os_hidden != (params.get('os_hidden', 'false').lower() == 'true'):
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
    _check_list_params(params)
    images = _sort([image for image in req.driver.list_images(req.context)
                    if _matches(image, req.context, params)], params)
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


def _stored_validator(conf) -> jsonschema.Draft4Validator:
    """Glance's image schema with the integers its database stores (32 bits, not
    negative): what a created or patched image must satisfy."""
    schema = schemas.image(conf)
    return jsonschema.Draft4Validator({**schema, 'properties': {
        **schema['properties'],
        **{field: {'type': 'integer', 'minimum': 0, 'maximum': 2 ** 31 - 1}
           for field in _INTEGER_FIELDS}}})


def _check_stored(conf, image: Image) -> None:
    """400 for an image the service could not render back as Glance's schema says."""
    error = jsonschema.exceptions.best_match(
        _stored_validator(conf).iter_errors(views.show(image)))
    if error is not None:
        raise exception.Invalid(
            f"Provided object does not match schema 'image': {error.message}")


def _tags(tags) -> tuple:
    """Tags without repeats, at most Glance's image_tag_quota of them (413)."""
    tags = tuple(dict.fromkeys(tags))
    if len(tags) > MAX_TAGS:
        raise exception.RequestEntityTooLarge(
            f'Maximum number of tags exceeded: {len(tags)} of {MAX_TAGS}')
    return tags


def _check_visibility(context, before: str | None, after: str) -> None:
    """Only admins make an image public (Glance's publicize_image)."""
    if after == 'public' and before != 'public':
        context.can(policies.PUBLICIZE_IMAGE)


def _new_image(req: wsgi.Request, body: dict) -> Image:
    """The image a create body describes, refused as Glance refuses it."""
    context = req.context
    for key in _CREATE_READ_ONLY:
        if key in body:
            raise exception.Forbidden(f"Attribute '{key}' is read-only.")
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft4Validator(schemas.image(req.conf)).iter_errors(body))
    if error is not None:
        raise exception.Invalid(
            f"Provided object does not match schema 'image': {error.message}")
    properties = {key: value for key, value in body.items() if key not in _CREATE_FIELDS}
    for key in properties:
        if len(key) > 255:
            raise exception.Invalid('Custom property should not be greater than 255 '
                                    'characters.')
        if key in _CREATE_RESERVED or key.startswith(views.RESERVED_PREFIXES):
            raise exception.Forbidden(f"Attribute '{key}' is reserved.")
    owner = body.get('owner') or context.project_id
    if owner != context.project_id and not context.is_admin:
        raise exception.Forbidden(
            f"You are not permitted to create images owned by '{owner}'.")
    now = pod_fields.now()
    image = Image(
        id=body.get('id') or str(uuid.uuid4()), name=body.get('name'), location='',
        min_disk=body.get('min_disk', 0), min_ram=body.get('min_ram', 0),
        properties=properties, status='queued', visibility=body.get('visibility', 'shared'),
        owner=owner, protected=body.get('protected', False), size=None,
        disk_format=body.get('disk_format'), container_format=body.get('container_format'),
        created_at=now, updated_at=now, tags=_tags(body.get('tags', ())),
        os_hidden=body.get('os_hidden', False))
    _check_visibility(context, None, image.visibility)
    _check_stored(req.conf, image)
    return image


def create(req: wsgi.Request):
    req.context.can(policies.ADD_IMAGE)
    body = wsgi.json_body(req.body)
    if not isinstance(body, dict):
        raise exception.MalformedRequestBody()
    image = _new_image(req, body)
    quota.check_count(req)
    image = req.driver.create_image(req.context, image)
    # Glance names the import methods here: clients look for them before an import.
    return wsgi.json_response(views.show(image), 201, {
        'Location': f'{req.base_url}/v2/images/{image.id}',
        'OpenStack-image-import-methods': ','.join(req.conf.image.enabled_import_methods)})


def update(req: wsgi.Request):
    req.context.can(policies.MODIFY_IMAGE)
    draft = patch.MEDIA_TYPES.get(req.content_type)
    if draft is None:
        allowed = ', '.join(sorted(patch.MEDIA_TYPES))
        error = exception.UnsupportedMediaType(
            f'Image PATCH expects Content-Type one of: {allowed}')
        error.headers = {'Accept-Patch': allowed}
        raise error
    changes = patch.parse(wsgi.json_body(req.body), draft, schemas.image(req.conf))
    context = req.context

    def change(image: Image) -> dict:
        fields = patch.apply(image, changes, draft, context.is_admin)
        if 'visibility' in fields:
            _check_visibility(context, image.visibility, fields['visibility'])
        fields['tags'] = _tags(fields['tags'])
        _check_stored(req.conf, dataclasses.replace(image, **fields))
        return fields

    image = req.driver.update_image(context, req.urlvars['image_id'], change)
    return wsgi.json_response(views.show(image))


def delete(req: wsgi.Request):
    req.context.can(policies.DELETE_IMAGE)
    driver, image_id = req.driver, req.urlvars['image_id']
    image = driver.show_image(req.context, image_id)
    driver.delete_image(req.context, image_id)
    if image.has_own_data:
        store.of(req).delete(image.location)
    return wsgi.empty_response(204)


def _status_action(req: wsgi.Request, rule: str, wanted: str, unchanged: str):
    """Move an image between ``active`` and ``deactivated`` (Glance's words)."""
    req.context.can(rule)

    def change(image: Image) -> dict:
        if image.status not in (wanted, unchanged):
            action = 'deactivate' if wanted == 'deactivated' else 'reactivate'
            raise exception.Forbidden(
                f"Not allowed to {action} image in status '{image.status}'")
        return {'status': wanted}

    req.driver.update_image(req.context, req.urlvars['image_id'], change)
    return wsgi.empty_response(204)


def deactivate(req: wsgi.Request):
    return _status_action(req, policies.DEACTIVATE, 'deactivated', 'active')


def reactivate(req: wsgi.Request):
    return _status_action(req, policies.REACTIVATE, 'active', 'deactivated')


def _tag(req: wsgi.Request) -> str:
    tag = req.urlvars['tag']
    if len(tag) > 255:
        raise exception.Invalid(f"Provided object does not match schema 'image': "
                                f"'{tag}' is too long")
    return tag


def add_tag(req: wsgi.Request):
    req.context.can(policies.MODIFY_IMAGE)
    tag = _tag(req)

    def change(image: Image) -> dict:
        return {'tags': _tags((*image.tags, tag))}

    req.driver.update_image(req.context, req.urlvars['image_id'], change)
    return wsgi.empty_response(204)


def delete_tag(req: wsgi.Request):
    req.context.can(policies.MODIFY_IMAGE)
    tag = _tag(req)

    def change(image: Image) -> dict:
        if tag not in image.tags:
            raise exception.NotFound(f'Tag {tag} not found.')
        return {'tags': tuple(t for t in image.tags if t != tag)}

    req.driver.update_image(req.context, req.urlvars['image_id'], change)
    return wsgi.empty_response(204)


def image_schema(req: wsgi.Request):
    return wsgi.json_response(schemas.image(req.conf))


def images_schema(req: wsgi.Request):
    return wsgi.json_response(schemas.images(req.conf))
