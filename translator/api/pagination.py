"""Nova's ``limit``/``marker`` paging over an ordered list."""

from translator import exception
from translator.api import validation
from translator.web import wsgi


def limit_and_marker(params: dict, max_limit: int) -> tuple[int, str | None]:
    """The ``limit`` in force (at most ``max_limit``) and the ``marker``, if any."""
    limit = validation.non_negative_int(params, 'limit')
    limit = max_limit if limit is None else min(limit, max_limit)
    return limit, params['marker'][-1] if 'marker' in params else None


def is_full(selected: list, limit: int) -> bool:
    """Whether a page is as long as the limit in force: Nova then adds a ``next`` link."""
    return limit > 0 and len(selected) == limit


def page(items: list, params: dict, max_limit: int, key=lambda item: item.id):
    """``(page, page_full)``: the items after ``marker``, at most ``limit`` of them."""
    limit, marker = limit_and_marker(params, max_limit)
    start = 0
    if marker is not None:
        for index, item in enumerate(items):
            if key(item) == marker:
                start = index + 1
                break
        else:
            raise exception.MarkerNotFound(marker=marker)
    selected = items[start:start + limit]
    return selected, is_full(selected, limit)


def list_response(req, items: list, params: dict, collection, detail: bool):
    """The page ``limit``/``marker`` select, rendered by a view's ``collection``."""
    selected, full = page(items, params, req.conf.api.max_limit)
    return wsgi.json_response(collection(req, selected, detail=detail, page_full=full))
