"""The query of ``/os-simple-tenant-usage[/{tenant_id}]`` (nova's schemas/simple_tenant_usage)."""

import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types


def _query(version: APIVersion, names: tuple) -> dict:
    properties = {name: types.common_query_param for name in names}
    if version >= (2, 40):
        properties.update(types.pagination_parameters)
    return {'type': 'object', 'properties': properties,
            'additionalProperties': version < (2, 75)}


@functools.cache
def index_query(version: APIVersion) -> dict:
    """``start``, ``end``, ``detailed``; ``limit``/``marker`` from 2.40; unknown parameters
    are a 400 from 2.75."""
    return _query(version, ('start', 'end', 'detailed'))


@functools.cache
def show_query(version: APIVersion) -> dict:
    """``start``, ``end``; ``limit``/``marker`` from 2.40; unknown parameters are a 400
    from 2.75."""
    return _query(version, ('start', 'end'))
