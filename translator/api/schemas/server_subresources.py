"""Request bodies of the server sub-resources (nova's server_metadata and server_tags
schemas)."""

from translator.api.schemas import parameter_types as types

metadata = {
    'type': 'object',
    'properties': {'metadata': types.metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

metadata_item = {
    'type': 'object',
    'properties': {'meta': {**types.metadata, 'minProperties': 1, 'maxProperties': 1}},
    'required': ['meta'],
    'additionalProperties': False,
}

tags = {
    'type': 'object',
    'properties': {'tags': types.tags},
    'required': ['tags'],
    'additionalProperties': False,
}
