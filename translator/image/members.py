"""``/v2/images/{image_id}/members``: sharing an image with other projects, as Glance
does it.

Only ``shared`` images have members. The owner adds and removes them; a member
(``pending`` until it says otherwise) accepts or rejects the image itself, and the
owner cannot do that for it. A member sees the image and may boot it whatever its
status; the default image list shows it once ``accepted`` (the ``member_status``
filter). The owner sees every membership, a member only its own. Memberships live in
the image's record, changed conditionally like the rest of it.
"""

from translator import exception
from translator.backend.arktos import pod_fields
from translator.backend.models import Image
from translator.policies import images as policies
from translator.web import wsgi

STATUSES = ('pending', 'accepted', 'rejected')
# Glance's image_member_quota.
MAX_MEMBERS = 128
_UUID = ('^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
         '-([0-9a-fA-F]){12}$')

MEMBER_SCHEMA = {
    'name': 'member',
    'properties': {
        'created_at': {'type': 'string', 'description': 'Date and time of image member '
                                                        'creation'},
        'image_id': {'type': 'string', 'description': 'An identifier for the image',
                     'pattern': _UUID},
        'member_id': {'type': 'string', 'description': 'An identifier for the image '
                                                       'member (tenantId)'},
        'schema': {'type': 'string', 'readOnly': True},
        'status': {'type': 'string', 'description': 'The status of this image member',
                   'enum': list(STATUSES)},
        'updated_at': {'type': 'string', 'description': 'Date and time of last '
                                                        'modification of image member'},
    },
}
MEMBERS_SCHEMA = {
    'name': 'members',
    'properties': {'members': {'type': 'array', 'items': MEMBER_SCHEMA},
                   'schema': {'type': 'string'}},
    'links': [{'rel': 'describedby', 'href': '{schema}'}],
}


def _view(image_id: str, member: dict) -> dict:
    return {'created_at': member['created_at'], 'image_id': image_id,
            'member_id': member['member_id'], 'schema': '/v2/schemas/member',
            'status': member['status'], 'updated_at': member['updated_at']}


def _check_shared(image: Image) -> None:
    if image.visibility != 'shared':
        raise exception.Forbidden('Only shared images have members.')


def _not_found(image_id: str, member_id: str) -> exception.NotFound:
    return exception.NotFound(f'{member_id} not found in the member list of the image '
                              f'{image_id}.')


def _body_field(req: wsgi.Request, name: str, form: str):
    body = wsgi.json_body(req.body)
    if not isinstance(body, dict):
        raise exception.Invalid(f'Expected a {name} in the form: {form}')
    if name not in body:
        raise exception.Invalid('Member to be added not specified' if name == 'member'
                                else 'Status not specified')
    return body[name]


def _visible_members(req: wsgi.Request, image: Image) -> list:
    """The memberships the caller may see: all for the owner, else its own."""
    context = req.context
    if context.is_admin or image.owner == context.project_id:
        return list(image.members)
    return [m for m in image.members if m['member_id'] == context.project_id]


def create(req: wsgi.Request):
    req.context.can(policies.ADD_MEMBER)
    member_id = _body_field(req, 'member', '{"member": "image_id"}')
    if not member_id:
        raise exception.Invalid("Member can't be empty")
    if not isinstance(member_id, str) or len(member_id) > 255:
        raise exception.Invalid('Expected a member in the form: {"member": "image_id"}')
    image_id, now = req.urlvars['image_id'], pod_fields.now()
    member = {'member_id': member_id, 'status': 'pending', 'created_at': now,
              'updated_at': now}

    def change(image: Image) -> dict:
        _check_shared(image)
        if any(m['member_id'] == member_id for m in image.members):
            raise exception.Conflict(
                f'Member {member_id} is duplicated for image {image_id}')
        if len(image.members) >= MAX_MEMBERS:
            raise exception.RequestEntityTooLarge(
                f'Image member limit exceeded for image {image_id}: {MAX_MEMBERS}')
        return {'members': (*image.members, member)}

    req.driver.update_image(req.context, image_id, change)
    return wsgi.json_response(_view(image_id, member))


def index(req: wsgi.Request):
    req.context.can(policies.GET_MEMBERS)
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    _check_shared(image)
    return wsgi.json_response({
        'members': [_view(image.id, m) for m in _visible_members(req, image)],
        'schema': '/v2/schemas/members'})


def show(req: wsgi.Request):
    req.context.can(policies.GET_MEMBER)
    image = req.driver.show_image(req.context, req.urlvars['image_id'])
    _check_shared(image)
    member_id = req.urlvars['member_id']
    member = next((m for m in _visible_members(req, image)
                   if m['member_id'] == member_id), None)
    if member is None:
        raise _not_found(image.id, member_id)
    return wsgi.json_response(_view(image.id, member))


def update(req: wsgi.Request):
    req.context.can(policies.MODIFY_MEMBER)
    status = _body_field(req, 'status', '{"status": "status"}')
    if status not in STATUSES:
        raise exception.Invalid(f'Incorrect request: Invalid status: {status}')
    context = req.context
    image_id, member_id = req.urlvars['image_id'], req.urlvars['member_id']
    updated = {}

    def change(image: Image) -> dict:
        _check_shared(image)
        if image.owner == context.project_id and not context.is_admin:
            raise exception.Forbidden("You are not permitted to modify 'status' on this "
                                      'image member.')
        if member_id != context.project_id and not context.is_admin:
            raise _not_found(image_id, member_id)
        members = []
        for member in image.members:
            if member['member_id'] == member_id:
                member = {**member, 'status': status, 'updated_at': pod_fields.now()}
                updated.update(member)
            members.append(member)
        if not updated:
            raise _not_found(image_id, member_id)
        return {'members': tuple(members)}

    req.driver.update_image(context, image_id, change, by_member=True)
    return wsgi.json_response(_view(image_id, updated))


def delete(req: wsgi.Request):
    req.context.can(policies.DELETE_MEMBER)
    image_id, member_id = req.urlvars['image_id'], req.urlvars['member_id']

    def change(image: Image) -> dict:
        _check_shared(image)
        members = tuple(m for m in image.members if m['member_id'] != member_id)
        if len(members) == len(image.members):
            raise _not_found(image_id, member_id)
        return {'members': members}

    req.driver.update_image(req.context, image_id, change)
    return wsgi.empty_response(204)


def member_schema(req: wsgi.Request):
    return wsgi.json_response(MEMBER_SCHEMA)


def members_schema(req: wsgi.Request):
    return wsgi.json_response(MEMBERS_SCHEMA)

