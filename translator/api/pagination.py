"""Nova's ``limit``/``marker`` paging over an ordered list."""

from translator import exception
from translator.api import validation


def page(items: list, params: dict, max_limit: int, key=lambda item: item.id):
    """``(page, page_full)``: the items after ``marker``, at most ``limit`` of them.

    ``page_full`` tells whether the page is as long as the limit in force, the
    condition on which Nova adds a ``next`` link.
    """
    limit = validation.non_negative_int(params, 'limit')
    limit = max_limit if limit is None else min(limit, max_limit)
    start = 0
    if 'marker' in params:
        marker = params['marker'][-1]
        for index, item in enumerate(items):
            if key(item) == marker:
                start = index + 1
                break
        else:
            raise exception.ValidationError(detail=f'marker [{marker}] not found')
    selected = items[start:start + limit]
    return selected, limit > 0 and len(selected) == limit
