"""The query of ``/servers/{id}/os-instance-actions`` (nova's schemas/instance_actions)."""

import functools

from translator.api.microversion import APIVersion
from translator.api.schemas import parameter_types as types


@functools.cache
def index_query(version: APIVersion) -> dict:
    """From 2.58: paging and ``changes-since``; 2.66 adds ``changes-before``."""
    properties = {**types.pagination_parameters, 'changes-since': types.common_query_param}
    if version >= (2, 66):
        properties['changes-before'] = properties['changes-since']
    return {'type': 'object', 'properties': properties, 'additionalProperties': False}
