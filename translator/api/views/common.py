"""Links and pagination shared by the resource views."""

from translator.web import wsgi


def _prefix(req) -> str:
    project = req.url_project_id
    return f'/{project}' if project else ''


def self_link(req, collection: str, item_id: str) -> str:
    return f'{req.base_url}/v2.1{_prefix(req)}/{collection}/{item_id}'


def bookmark_link(req, collection: str, item_id: str) -> str:
    return f'{req.base_url}{_prefix(req)}/{collection}/{item_id}'


def image_link(req, image_id: str) -> str:
    """The image in the image API mounted next to the compute API."""
    return f'{req.base_url}{wsgi.IMAGE_MOUNT}/images/{image_id}'


def links(req, collection: str, item_id: str) -> list:
    return [{'rel': 'self', 'href': self_link(req, collection, item_id)},
            {'rel': 'bookmark', 'href': bookmark_link(req, collection, item_id)}]


def next_link(req, collection_path: str, marker: str) -> dict:
    """The ``next`` link of a full page: the same query with ``marker`` replaced."""
    query = wsgi.next_query(req, marker)
    href = f'{req.base_url}/v2.1{_prefix(req)}/{collection_path}?{query}'
    return {'rel': 'next', 'href': href}


def paged_collection(req, collection: str, items: list, render, *, detail: bool,
                     page_full: bool) -> dict:
    """``{collection: [...]}`` plus Nova's ``<collection>_links`` when the page is full.

    ``render(req, item)`` renders one item; list and detail pages differ by path.
    """
    body = {collection: [render(req, item) for item in items]}
    if page_full and items:
        path = f'{collection}/detail' if detail else collection
        body[f'{collection}_links'] = [next_link(req, path, items[-1].id)]
    return body
