"""Query schema of Nova's ``/images`` proxy (nova's schemas/images.py), up to 2.35.

The proxy is gone from 2.36, before Nova's 2.75 strictness: unknown parameters
are always dropped.
"""

from translator.api.schemas import parameter_types as types

# Nova's filters → what they match (``nova/api/openstack/compute/images.py``).
FILTERS = ('name', 'status', 'changes-since', 'server', 'type', 'minRam', 'minDisk')
PROPERTY_PREFIX = 'property-'

_PAGE_NUMBER = types.multi_params(types.positive_integer)

index_query = {
    'type': 'object',
    'properties': {
        **{name: types.common_query_param for name in FILTERS},
        'limit': _PAGE_NUMBER,
        'page_size': _PAGE_NUMBER,
        'offset': _PAGE_NUMBER,
        'marker': types.common_query_param,
    },
    'patternProperties': {f'^{PROPERTY_PREFIX}.*$': types.common_query_param},
    'additionalProperties': True,
}
