"""Query schema of ``GET /limits`` (nova's schemas/limits.py)."""

import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types


@functools.cache
def index_query(version: APIVersion) -> dict:
    """``tenant_id`` (admins); other parameters are dropped below 2.75, a 400 from it.

    ``reserved`` (the SDK's and novaclient's, unused) is accepted at every version,
    where Nova's 2.75 schema refuses it.
    """
    return {
        'type': 'object',
        'properties': {'tenant_id': types.common_query_param,
                       'reserved': types.common_query_param},
        'additionalProperties': version < (2, 75),
    }
