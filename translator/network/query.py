"""Neutron's list query over rendered resources: attribute filters (repeated values
match any), ``fields``, ``sort_key``/``sort_dir``, and ``limit``/``marker``/
``page_reverse`` paging with ``<collection>_links``."""

from urllib import parse

from translator import exception
from translator.web import wsgi

_CONTROLS = frozenset({'fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse'})
_BOOLEANS = {'true': True, '1': True, 'false': False, '0': False}


def _boolean(name: str, text: str) -> bool:
    try:
        return _BOOLEANS[text.lower()]
    except KeyError:
        raise exception.Invalid(f"Invalid input for {name}. Reason: '{text}' cannot be "
                                'converted to boolean.') from None


def _fixed_ip_matches(fixed_ips: list, wanted: str) -> bool:
    """``fixed_ips=ip_address=…`` / ``fixed_ips=subnet_id=…``."""
    key, sep, value = wanted.partition('=')
    if not sep or key not in ('ip_address', 'subnet_id'):
        raise exception.Invalid(f"Invalid input for fixed_ips. Reason: '{wanted}' is not "
                                'of the form ip_address=<address> or subnet_id=<id>.')
    return any(fixed_ip.get(key) == value for fixed_ip in fixed_ips)


def _matches(value, name: str, wanted: list) -> bool:
    if name == 'fixed_ips':
        return all(_fixed_ip_matches(value, text) for text in wanted)
    if isinstance(value, bool):
        return value in {_boolean(name, text) for text in wanted}
    if isinstance(value, list):
        return any(str(item) in wanted for item in value)
    return ('' if value is None else str(value)) in wanted


def _filtered(items: list, params, fields: tuple) -> list:
    filters = {}
    for name in params:
        if name in _CONTROLS:
            continue
        if name not in fields:
            raise exception.Invalid(f'[{name}] is invalid attribute for filtering')
        filters[name] = params.getall(name)
    return [item for item in items
            if all(_matches(item[name], name, wanted) for name, wanted in filters.items())]


def _sorted(items: list, params, fields: tuple, key: str) -> list:
    keys, directions = params.getall('sort_key'), params.getall('sort_dir')
    if directions and len(directions) != len(keys):
        raise exception.Invalid('The number of sort_keys and sort_dirs must be same')
    directions = directions or ['asc'] * len(keys)
    for name, direction in zip(keys, directions, strict=True):
        if name not in fields or any(isinstance(item[name], (list, dict)) for item in items):
            raise exception.Invalid(f'{name} is invalid attribute for sort_key')
        if direction not in ('asc', 'desc'):
            raise exception.Invalid(f"{direction} is invalid value for sort_dir, valid "
                                    "values are 'asc' and 'desc'")
    if not keys:
        return items
    ordered = sorted(items, key=lambda item: item[key])
    for name, direction in reversed(list(zip(keys, directions, strict=True))):
        ordered.sort(key=lambda item: (item[name] is not None, item[name]),
                     reverse=direction == 'desc')
    return ordered


def _limit(params) -> int:
    text = params.get('limit', '0')
    try:
        limit = int(text)
    except ValueError:
        limit = -1
    if limit < 0:
        raise exception.Invalid(f"Limit must be an integer 0 or greater and not '{text}'")
    return limit


def _link(req: wsgi.Request, collection: str, rel: str, marker: str,
          reverse: bool) -> dict:
    query = [(key, value) for key, value in req.GET.items()
             if key not in ('marker', 'page_reverse')]
    query.append(('marker', marker))
    if reverse:
        query.append(('page_reverse', 'True'))
    return {'rel': rel,
            'href': f'{req.base_url}/v2.0/{collection}?{parse.urlencode(query)}'}


def _page(req: wsgi.Request, items: list, collection: str, key: str) -> tuple[list, list]:
    """``(page, links)``: Neutron's paging, with its links only when ``limit`` is set."""
    params = req.GET
    limit, marker = _limit(params), params.get('marker')
    reverse = _boolean('page_reverse', params.get('page_reverse', 'false'))
    if marker is not None:
        ids = [item[key] for item in items]
        if marker not in ids:
            raise exception.MarkerNotFound(marker=marker)
        index = ids.index(marker)
        items = items[:index] if reverse else items[index + 1:]
    if limit:
        items = items[-limit:] if reverse else items[:limit]
    links = []
    if limit and items:
        if len(items) == limit or reverse:
            links.append(_link(req, collection, 'next', items[-1][key], False))
        if marker is not None and (len(items) == limit or not reverse):
            links.append(_link(req, collection, 'previous', items[0][key], True))
    return items, links


def fields_of(req: wsgi.Request, item: dict) -> dict:
    """``item`` with only the attributes ``fields`` asks for (all without it)."""
    wanted = req.GET.getall('fields')
    return {key: value for key, value in item.items() if key in wanted} if wanted else item


def list_response(req: wsgi.Request, collection: str, items: list, fields: tuple,
                  key: str = 'id'):
    """The ``{collection: [...]}`` response to a list request over ``items`` (rendered
    resources with the attributes ``fields``, told apart by ``key``)."""
    selected = _sorted(_filtered(items, req.GET, fields), req.GET, fields, key)
    page, links = _page(req, selected, collection, key)
    body = {collection.replace('-', '_'): [fields_of(req, item) for item in page]}
    if links:
        body[f'{collection.replace("-", "_")}_links'] = links
    return wsgi.json_response(body)


def show_response(req: wsgi.Request, member: str, item: dict):
    return wsgi.json_response({member: fields_of(req, item)})
