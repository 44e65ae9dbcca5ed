"""The query of ``/os-simple-tenant-usage`` (nova's schemas/simple_tenant_usage)."""

import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types


@functools.cache
def index_query(version: APIVersion) -> dict:
    """``start``, ``end``, ``detailed``; unknown parameters are a 400 from 2.75."""
    return {
        'type': 'object',
        'properties': {'start': types.common_query_param, 'end': types.common_query_param,
                       'detailed': types.common_query_param},
        'additionalProperties': version < (2, 75),
    }
