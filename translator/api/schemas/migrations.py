"""The query of ``/os-migrations`` per microversion (nova's schemas/migrations)."""

import copy
import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types

FILTERS = ('host', 'instance_uuid', 'source_compute', 'status', 'migration_type')
_V20 = {
    'type': 'object',
    'properties': {name: types.common_query_param for name in ('hidden',) + FILTERS},
    'additionalProperties': True,
}


@functools.cache
def index_query(version: APIVersion) -> dict:
    """2.59 adds paging and ``changes-since`` (and closes the query), 2.66
    ``changes-before``, 2.80 the ``user_id`` and ``project_id`` filters."""
    schema = copy.deepcopy(_V20)
    if version >= (2, 59):
        schema['properties'].update({**types.pagination_parameters,
                                     'changes-since': types.common_query_param})
        schema['additionalProperties'] = False
    if version >= (2, 66):
        schema['properties']['changes-before'] = types.common_query_param
    if version >= (2, 80):
        schema['properties'].update(user_id=types.common_query_param,
                                    project_id=types.common_query_param)
    return schema
