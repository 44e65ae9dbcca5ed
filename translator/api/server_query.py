"""Nova's server list query: which filters and sort keys the caller may use at its
microversion, and the ``ServerFilters`` they mean (``nova-api.md`` §2.6).

Before 2.75 an unknown parameter is dropped by the schema; at every version a filter
that is known but not the caller's (an admin filter sent by a member) is dropped, as
Nova drops it. Everything else is applied.
"""

from translator import exception, states
from translator.api import microversion
from translator.api.handlers import common
from translator.api.schemas import parameter_types
from translator.backend.models import ServerFilters

# Nova parameter → Server attribute, for the exact-match filters.
_FIELDS = {
    'key_name': 'key_name', 'availability_zone': 'availability_zone',
    'vm_state': 'vm_state', 'task_state': 'task_state', 'power_state': 'power_state',
    'user_id': 'user_id', 'hostname': 'hostname', 'config_drive': 'config_drive',
    'locked': 'locked', 'uuid': 'id', 'description': 'description',
    'display_description': 'description', 'access_ip_v4': 'access_ipv4',
    'access_ip_v6': 'access_ipv6', 'locked_by': 'locked_by', 'host': 'host',
    'node': 'host', 'launched_at': 'launched_at', 'created_at': 'created',
}
_BOOLEAN_FIELDS = ('config_drive', 'locked')
_MEMBER_FILTERS = ('name', 'display_name', 'status', 'image', 'image_ref', 'flavor',
                   'reservation_id', 'ip', 'changes-since')
_MEMBER_FILTERS_SINCE = {
    (2, 5): ('ip6',),
    (2, 26): ('tags', 'tags-any', 'not-tags', 'not-tags-any'),
    (2, 66): ('changes-before',),
    (2, 73): ('locked',),
    (2, 83): ('availability_zone', 'config_drive', 'key_name', 'created_at', 'launched_at',
              'terminated_at', 'power_state', 'task_state', 'vm_state', 'progress',
              'user_id'),
    (2, 90): ('hostname',),
}
_TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')
# Nova's sort keys → Server attributes; ``host`` and ``node`` are for admins.
SORT_KEYS = {
    'access_ip_v4': 'access_ipv4', 'access_ip_v6': 'access_ipv6',
    'auto_disk_config': 'disk_config', 'availability_zone': 'availability_zone',
    'config_drive': 'config_drive', 'created_at': 'created', 'display_description':
    'description', 'display_name': 'name', 'host': 'host', 'hostname': 'hostname',
    'image_ref': 'image_id', 'key_name': 'key_name', 'launched_at': 'launched_at',
    'locked': 'locked', 'locked_by': 'locked_by', 'node': 'host',
    'power_state': 'power_state', 'project_id': 'project_id', 'task_state': 'task_state',
    'updated_at': 'updated', 'user_id': 'user_id', 'uuid': 'id', 'vm_state': 'vm_state',
    'kernel_id': 'kernel_id', 'ramdisk_id': 'ramdisk_id', 'launch_index': 'launch_index',
    'root_device_name': 'root_device_name', 'terminated_at': 'terminated_at',
    'instance_type_id': 'flavor_id', 'progress': 'progress',
}
_ADMIN_SORT_KEYS = ('host', 'node')


def _allowed(version: microversion.APIVersion, is_admin: bool, name: str) -> bool:
    if is_admin:
        return True
    return name in _MEMBER_FILTERS or any(
        name in names for since, names in _MEMBER_FILTERS_SINCE.items() if version >= since)


def _last(params: dict, *names: str) -> str | None:
    for name in names:
        if name in params:
            return params[name][-1]
    return None


def _statuses(version, params: dict) -> frozenset | None:
    if 'status' not in params:
        return None
    wanted = frozenset(value.upper() for value in params['status'])
    unknown = wanted - states.ALL_STATUSES
    if unknown and version >= (2, 38):
        raise exception.ValidationError(
            detail=f'Invalid status value: {", ".join(sorted(unknown))}')
    return wanted


def _field_values(name: str, values: list) -> frozenset:
    if name not in _BOOLEAN_FIELDS:
        return frozenset(values)
    texts = set()
    for value in values:
        if value.lower() not in ('true', 'false', '1', '0', 'yes', 'no', 'on', 'off'):
            raise exception.ValidationError(
                detail=f"Invalid value '{value}' for {name}: it must be a boolean.")
        texts.add('true' if parameter_types.to_bool(value) else 'false')
    return frozenset(texts)


def _sort(params: dict, is_admin: bool) -> tuple | None:
    keys, directions = params.get('sort_key') or [], params.get('sort_dir') or []
    if not keys and not directions:
        return None
    for key in keys:
        if key not in SORT_KEYS:
            raise exception.ValidationError(detail=f'Invalid sort_key: {key}')
        if key in _ADMIN_SORT_KEYS and not is_admin:
            raise exception.Forbidden(f'Only administrators can sort servers by {key}')
    for direction in directions:
        if direction not in ('asc', 'desc'):
            raise exception.ValidationError(detail=f'Invalid sort_dir: {direction}')
    keys = keys or ['created_at']
    # Each key takes its own direction; missing ones take the first (Nova's rule).
    fill = directions[0] if directions else 'desc'
    directions = directions + [fill] * (len(keys) - len(directions))
    return tuple((SORT_KEYS[key], direction == 'desc')
                 for key, direction in zip(keys, directions, strict=False))


def server_filters(req, params: dict, all_projects: bool) -> ServerFilters:
    """The filters of a validated list query (``validation.query_params``)."""
    version, is_admin = req.version, req.context.is_admin
    params = {name: values for name, values in params.items()
              if name in ('sort_key', 'sort_dir', 'all_tenants', 'project_id', 'tenant_id',
                          'limit', 'marker')
              or _allowed(version, is_admin, name)}
    tags = {name: tuple(t for value in params[name] for t in value.split(',') if t)
            for name in _TAG_FILTERS if name in params}
    changes_since = common.utc_time(params, 'changes-since')
    changes_before = common.utc_time(params, 'changes-before')
    if changes_since and changes_before and changes_before < changes_since:
        raise exception.ValidationError(
            detail='The value of changes-since must be less than or equal to '
                   'changes-before.')
    fields = tuple((_FIELDS[name], _field_values(name, values))
                   for name, values in params.items() if name in _FIELDS)
    return ServerFilters(
        all_projects=all_projects,
        name=_last(params, 'name', 'display_name'),
        statuses=_statuses(version, params),
        image=_last(params, 'image', 'image_ref'),
        flavor=_last(params, 'flavor'),
        reservation_id=_last(params, 'reservation_id'),
        changes_since=changes_since,
        changes_before=changes_before,
        ip=_last(params, 'ip', 'ip6'),
        fields=fields,
        tags=tags.get('tags'), tags_any=tags.get('tags-any'),
        not_tags=tags.get('not-tags'), not_tags_any=tags.get('not-tags-any'),
        sort=_sort(params, is_admin),
    )
