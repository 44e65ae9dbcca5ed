"""JSON-schema fragments shared by request schemas (after nova's parameter_types)."""

boolean = {
    'type': ['boolean', 'string'],
    'enum': [True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes',
             False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no'],
}

TRUE_STRINGS = frozenset({'true', '1', 'on', 'yes'})


def to_bool(value) -> bool:
    """Interpret one of ``boolean``'s values."""
    return value is True or str(value).lower() in TRUE_STRINGS


name = {'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'name'}

description = {'type': ['string', 'null'], 'minLength': 0, 'maxLength': 255,
               'format': 'description'}

uuid = {'type': 'string', 'format': 'uuid'}

image_id_or_empty_string = {'oneOf': [uuid, {'type': 'string', 'maxLength': 0}]}

flavor_ref = {'type': ['string', 'integer'], 'minLength': 1}

positive_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 1,
                    'minLength': 1}

non_negative_integer = {'type': ['integer', 'string'], 'pattern': '^[0-9]*$', 'minimum': 0,
                        'minLength': 1}


def multi_params(schema: dict) -> dict:
    """A query parameter's values (``validation.query_params`` gives each as a list)."""
    return {'type': 'array', 'items': schema}


# A query parameter whose values are not checked.
common_query_param = multi_params({'type': 'string'})

pagination_parameters = {
    'limit': multi_params(non_negative_integer),
    'marker': common_query_param,
}

metadata = {
    'type': 'object',
    'patternProperties': {
        '^[a-zA-Z0-9-_:. ]{1,255}$': {'type': 'string', 'maxLength': 255},
    },
    'additionalProperties': False,
}

ipv4 = {'type': 'string', 'format': 'ipv4'}
ipv6 = {'type': 'string', 'format': 'ipv6'}
ip_address = {'type': 'string', 'oneOf': [{'format': 'ipv4'}, {'format': 'ipv6'}]}

tag = {'type': 'string', 'minLength': 1, 'maxLength': 60, 'pattern': '^[^,/]*$'}

MAX_TAGS = 50
tags = {'type': 'array', 'items': tag, 'maxItems': MAX_TAGS}

hostname = {'type': 'string', 'minLength': 2, 'maxLength': 63,
            'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'}

fqdn = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': '^[a-zA-Z0-9]+[a-zA-Z0-9-._]*[a-zA-Z0-9]+$'}

disk_config = {'type': 'string', 'enum': ['AUTO', 'MANUAL']}
