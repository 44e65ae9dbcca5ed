"""The JSON schemas Glance publishes at ``/v2/schemas/image[s]`` (the fields served here).

The disk and container formats are the configured ones (``[image]``), as Glance's are.
"""

import functools

_STRING_OR_NULL = {'type': ['null', 'string']}

_IMAGE = {
    'name': 'image',
    'properties': {
        'id': {'type': 'string', 'description': 'An identifier for the image',
               'pattern': '^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}'
                          '-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$'},
        'name': {**_STRING_OR_NULL, 'maxLength': 255},
        'status': {'type': 'string', 'readOnly': True,
                   'enum': ['queued', 'saving', 'active', 'killed', 'deleted', 'uploading',
                            'importing', 'pending_delete', 'deactivated']},
        'visibility': {'type': 'string', 'enum': ['community', 'public', 'private',
                                                  'shared']},
        'protected': {'type': 'boolean'},
        'os_hidden': {'type': 'boolean'},
        'owner': {**_STRING_OR_NULL, 'maxLength': 255},
        'min_disk': {'type': 'integer'},
        'min_ram': {'type': 'integer'},
        'size': {'type': ['null', 'integer'], 'readOnly': True},
        'virtual_size': {'type': ['null', 'integer'], 'readOnly': True},
        'checksum': {**_STRING_OR_NULL, 'readOnly': True},
        'os_hash_algo': {**_STRING_OR_NULL, 'readOnly': True},
        'os_hash_value': {**_STRING_OR_NULL, 'readOnly': True},
        'created_at': {'type': 'string', 'readOnly': True},
        'updated_at': {'type': 'string', 'readOnly': True},
        'tags': {'type': 'array', 'items': {'type': 'string', 'maxLength': 255}},
        'self': {'type': 'string', 'readOnly': True},
        'file': {'type': 'string', 'readOnly': True},
        'schema': {'type': 'string', 'readOnly': True},
        'locations': {'type': 'array', 'items': {'type': 'object'}},
        'stores': {'type': 'string', 'readOnly': True,
                   'description': 'Store in which image data resides.'},
    },
    'additionalProperties': {'type': 'string'},
    'links': [{'rel': 'self', 'href': '{self}'}, {'rel': 'enclosure', 'href': '{file}'},
              {'rel': 'describedby', 'href': '{schema}'}],
}


@functools.cache
def _image(disk_formats: tuple, container_formats: tuple) -> dict:
    properties = {**_IMAGE['properties'],
                  'disk_format': {**_STRING_OR_NULL, 'enum': [None, *disk_formats]},
                  'container_format': {**_STRING_OR_NULL,
                                       'enum': [None, *container_formats]}}
    return {**_IMAGE, 'properties': properties}


def image(conf) -> dict:
    """The image schema of the configured ``[image]`` formats."""
    return _image(tuple(conf.image.disk_formats), tuple(conf.image.container_formats))


def images(conf) -> dict:
    return {**_IMAGES, 'properties': {**_IMAGES['properties'],
                                      'images': {'type': 'array', 'items': image(conf)}}}


_IMAGES = {
    'name': 'images',
    'properties': {
        'schema': {'type': 'string'},
        'first': {'type': 'string'},
        'next': {'type': 'string'},
    },
    'links': [{'rel': 'first', 'href': '{first}'}, {'rel': 'next', 'href': '{next}'},
              {'rel': 'describedby', 'href': '{schema}'}],
}
