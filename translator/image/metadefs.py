"""``/v2/metadefs``: Glance's metadata definitions catalog, which this service does not
keep.

The schemas are Glance's own (``/v2/schemas/metadefs/...``, which glanceclient reads
before any metadefs call); the lists are empty and take Glance's parameters, a named
namespace is not found, and creating one is refused: Glance lets only admins write the
catalog, and for them the answer says that there is none here.
"""

from urllib import parse

from translator import exception
from translator.policies import images as policies
from translator.web import wsgi

_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string', None]
_STRING = {'type': 'string'}
_READ_ONLY = {'readOnly': True, 'type': 'string'}
_POSITIVE = {'type': 'integer', 'minimum': 0}
_POSITIVE_DEFAULT_0 = {'allOf': [{'$ref': '#/definitions/positiveInteger'}, {'default': 0}]}
_PROPERTY = {
    'name': {'type': 'string', 'maxLength': 80},
    'title': _STRING,
    'description': _STRING,
    'operators': {'type': 'array', 'items': _STRING},
    'type': {'type': 'string', 'enum': _TYPES},
    'required': {'$ref': '#/definitions/stringArray'},
    'minimum': {'type': 'number'},
    'maximum': {'type': 'number'},
    'maxLength': {'$ref': '#/definitions/positiveInteger'},
    'minLength': {'$ref': '#/definitions/positiveIntegerDefault0'},
    'pattern': {'type': 'string', 'format': 'regex'},
    'enum': {'type': 'array'},
    'readonly': {'type': 'boolean'},
    'default': {},
    'items': {'type': 'object', 'properties': {'type': {'type': 'string', 'enum': _TYPES},
                                               'enum': {'type': 'array'}}},
    'maxItems': {'$ref': '#/definitions/positiveInteger'},
    'minItems': {'$ref': '#/definitions/positiveIntegerDefault0'},
    'uniqueItems': {'type': 'boolean', 'default': False},
    'additionalItems': {'type': 'boolean'},
}
_DEFINITIONS = {
    'positiveInteger': _POSITIVE,
    'positiveIntegerDefault0': _POSITIVE_DEFAULT_0,
    'stringArray': {'type': 'array', 'items': _STRING, 'uniqueItems': True},
    'property': {'type': 'object', 'additionalProperties': {
        'type': 'object', 'required': ['title', 'type'], 'properties': _PROPERTY}},
}
# A single property's schema has a stricter stringArray (Glance's metadef_properties).
_PROPERTY_DEFINITIONS = {
    'positiveInteger': _POSITIVE,
    'positiveIntegerDefault0': _POSITIVE_DEFAULT_0,
    'stringArray': {'type': 'array', 'items': _STRING, 'minItems': 1, 'uniqueItems': True},
}


def _dated(what: str) -> dict:
    return {
        'created_at': {'type': 'string', 'readOnly': True,
                       'description': f'Date and time of {what} creation',
                       'format': 'date-time'},
        'updated_at': {'type': 'string', 'readOnly': True,
                       'description': f'Date and time of the last {what} modification',
                       'format': 'date-time'},
    }


_NAMES = {'type': 'array', 'items': {'type': 'object', 'properties': {'name': _STRING}}}
_NAMESPACE = {
    'namespace': {'type': 'string', 'description': 'The unique namespace text.',
                  'maxLength': 80},
    'display_name': {'type': 'string', 'description': 'The user friendly name for the '
                     'namespace. Used by UI if available.', 'maxLength': 80},
    'description': {'type': 'string', 'description': 'Provides a user friendly '
                    'description of the namespace.', 'maxLength': 500},
    'visibility': {'type': 'string', 'description': 'Scope of namespace accessibility.',
                   'enum': ['public', 'private']},
    'protected': {'type': 'boolean',
                  'description': 'If true, namespace will not be deletable.'},
    'owner': {'type': 'string', 'description': 'Owner of the namespace.', 'maxLength': 255},
    **_dated('namespace'),
    'schema': _READ_ONLY,
    'self': _READ_ONLY,
    'resource_type_associations': {'type': 'array', 'items': {
        'type': 'object', 'properties': {'name': _STRING, 'prefix': _STRING,
                                         'properties_target': _STRING}}},
    'properties': {'$ref': '#/definitions/property'},
    'objects': {'type': 'array', 'items': {'type': 'object', 'properties': {
        'name': _STRING, 'description': _STRING,
        'required': {'$ref': '#/definitions/stringArray'},
        'properties': {'$ref': '#/definitions/property'}}}},
    'tags': _NAMES,
}
_RESOURCE_TYPE = {
    'name': {'type': 'string', 'description': 'Resource type names should be aligned with '
             'Heat resource types whenever possible: https://docs.openstack.org/heat/'
             'latest/template_guide/openstack.html', 'maxLength': 80},
    'prefix': {'type': 'string', 'description': 'Specifies the prefix to use for the given '
               'resource type. Any properties in the namespace should be prefixed with '
               'this prefix when being applied to the specified resource type. Must '
               'include prefix separator (e.g. a colon :).', 'maxLength': 80},
    'properties_target': {'type': 'string', 'description': 'Some resource types allow '
                          'more than one key / value pair per instance.  For example, '
                          'Cinder allows user and image metadata on volumes. Only the '
                          'image properties metadata is evaluated by Nova (scheduling or '
                          'drivers). This property allows a namespace target to remove '
                          'the ambiguity.', 'maxLength': 80},
    'created_at': {'type': 'string', 'readOnly': True,
                   'description': 'Date and time of resource type association',
                   'format': 'date-time'},
    'updated_at': {'type': 'string', 'readOnly': True,
                   'description': 'Date and time of the last resource type association '
                                  'modification', 'format': 'date-time'},
}
_OBJECT = {
    'name': {'type': 'string', 'maxLength': 80},
    'description': _STRING,
    'required': {'$ref': '#/definitions/stringArray'},
    'properties': {'$ref': '#/definitions/property'},
    'schema': _READ_ONLY,
    'self': _READ_ONLY,
    **_dated('object'),
}
_TAG = {'name': {'type': 'string', 'maxLength': 80}, **_dated('tag')}


def _schema(name: str, properties: dict, required: list) -> dict:
    """Glance's ``Schema.raw()`` without its definitions."""
    return {'name': name, 'properties': properties, 'additionalProperties': False,
            'required': required}


def _collection(name: str, item: dict, definitions: dict | None,
                by_name: bool = False) -> dict:
    """Glance's ``CollectionSchema.raw()`` (``DictCollectionSchema`` ``by_name``)."""
    items = ({'type': 'object', 'additionalProperties': item} if by_name
             else {'type': 'array', 'items': item})
    raw = {'name': name,
           'properties': {name: items, 'first': _STRING, 'next': _STRING, 'schema': _STRING},
           'links': [{'rel': 'first', 'href': '{first}'}, {'rel': 'next', 'href': '{next}'},
                     {'rel': 'describedby', 'href': '{schema}'}]}
    return {**raw, 'definitions': definitions} if definitions else raw


def _with(definitions: dict, schema: dict) -> dict:
    return {**schema, 'definitions': definitions}


_NAMESPACE_ITEM = _schema('namespace', _NAMESPACE, ['namespace'])
_RESOURCE_TYPE_ITEM = _schema('resource_type_association', _RESOURCE_TYPE, ['name'])
_OBJECT_ITEM = _schema('object', _OBJECT, ['name'])
_TAG_ITEM = _schema('tag', _TAG, ['name'])
SCHEMAS = {
    'namespace': _with(_DEFINITIONS, _NAMESPACE_ITEM),
    'namespaces': _collection('namespaces', _NAMESPACE_ITEM, _DEFINITIONS),
    'resource_type': _RESOURCE_TYPE_ITEM,
    'resource_types': _collection('resource_type_associations', _RESOURCE_TYPE_ITEM, None),
    'property': _with(_PROPERTY_DEFINITIONS,
                      _schema('property', _PROPERTY, ['type', 'title', 'name'])),
    'properties': _collection('properties', _schema('property', _PROPERTY,
                                                    ['type', 'title']),
                              _PROPERTY_DEFINITIONS, by_name=True),
    'object': _with(_DEFINITIONS, _OBJECT_ITEM),
    'objects': _collection('objects', _OBJECT_ITEM, _DEFINITIONS),
    'tag': _TAG_ITEM,
    'tags': _collection('tags', _TAG_ITEM, None),
}


def schema(req: wsgi.Request):
    """``/v2/schemas/metadefs/{kind}``, open to all as Glance's schemas are."""
    kind = req.urlvars['kind']
    if kind not in SCHEMAS:
        raise exception.NotFound(f'Schema metadefs/{kind} not found.')
    return wsgi.json_response(SCHEMAS[kind])


def _check_list_params(params) -> None:
    """Glance's checks of the namespace list's parameters; ``resource_types`` and the
    other filters narrow an empty catalog."""
    if params.get('sort_dir', 'desc') not in ('asc', 'desc'):
        raise exception.Invalid(f'Invalid sort direction: {params["sort_dir"]}')
    if params.get('visibility') and params['visibility'] not in ('public', 'private'):
        raise exception.Invalid(f'Invalid visibility value: {params["visibility"]}')
    if 'limit' in params:
        try:
            limit = int(params['limit'])
        except ValueError:
            raise exception.Invalid('limit param must be an integer') from None
        if limit < 0:
            raise exception.Invalid('limit param must be positive')
    if 'marker' in params:
        raise _namespace_not_found(params['marker'])


def _namespace_not_found(namespace: str) -> exception.NotFound:
    return exception.NotFound(f'Metadata definition namespace={namespace} was not found.')


def namespaces(req: wsgi.Request):
    req.context.can(policies.GET_METADEF_NAMESPACES)
    _check_list_params(req.GET)
    query = parse.urlencode([(k, v) for k, v in req.GET.items() if k != 'marker'])
    first = '/v2/metadefs/namespaces' + (f'?{query}' if query else '')
    return wsgi.json_response({'namespaces': [], 'first': first,
                               'schema': '/v2/schemas/metadefs/namespaces'})


def create_namespace(req: wsgi.Request):
    req.context.can(policies.ADD_METADEF_NAMESPACE)
    raise exception.Forbidden('This service keeps no metadata definitions catalog: '
                              'namespaces cannot be created.')


def namespace(req: wsgi.Request):
    """A named namespace (to show, change or delete): there is none."""
    req.context.can(_NAMESPACE_RULES[req.method])
    raise _namespace_not_found(req.urlvars['namespace'])


_NAMESPACE_RULES = {'GET': policies.GET_METADEF_NAMESPACE,
                    'PUT': policies.MODIFY_METADEF_NAMESPACE,
                    'DELETE': policies.DELETE_METADEF_NAMESPACE}


def resource_types(req: wsgi.Request):
    req.context.can(policies.LIST_METADEF_RESOURCE_TYPES)
    return wsgi.json_response({'resource_types': []})
