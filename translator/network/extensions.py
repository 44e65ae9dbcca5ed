"""The Neutron extensions this subset implements, as ``GET /v2.0/extensions`` lists
them: clients ask for no other."""

_EXTENSIONS = (
    ('security-group', 'security-group', 'The security groups extension.',
     '2012-10-05T10:00:00-00:00'),
    ('external-net', 'Neutron external network',
     'Adds external network attribute to network resource.', '2013-01-14T10:00:00-00:00'),
    ('availability_zone', 'Availability Zone', 'The availability zone extension.',
     '2015-01-01T10:00:00-00:00'),
    ('network_availability_zone', 'Network Availability Zone',
     'Availability zone support for network.', '2015-01-01T10:00:00-00:00'),
    ('quotas', 'Quota management support', 'Expose functions for quotas management per '
     'tenant', '2012-07-29T10:00:00-00:00'),
    ('quota_details', 'Quota details management support', 'Expose functions for quotas '
     'usage statistics per project', '2017-02-10T10:00:00-00:00'),
    ('network-ip-availability', 'Network IP Availability', 'Provides IP availability '
     'data for each network and subnet.', '2015-09-24T00:00:00-00:00'),
    ('standard-attr-description', 'standard-attr-description', 'Extension to add '
     'descriptions to standard attributes', '2016-02-10T10:00:00-00:00'),
    ('project-id', 'project_id field enabled', 'Extension that indicates that project_id '
     'field is enabled.', '2016-09-09T09:09:09-09:09'),
    ('filter-validation', 'Filter parameters validation', 'Provides validation on filter '
     'parameters.', '2018-03-21T10:00:00-00:00'),
    ('pagination', 'Pagination support', 'Extension that indicates that pagination is '
     'enabled.', '2016-06-12T00:00:00-00:00'),
    ('sorting', 'Sorting support', 'Extension that indicates that sorting is enabled.',
     '2016-06-12T00:00:00-00:00'),
    ('security-groups-rules-belongs-to-default-sg', 'Security group rule belongs to the '
     'project\'s default security group', 'Flag to determine if the security group rule '
     'belongs to the project\'s default security group', '2023-05-23T10:00:00-00:00'),
)

EXTENSIONS = [{'alias': alias, 'name': name, 'description': description,
               'updated': updated, 'links': []}
              for alias, name, description, updated in _EXTENSIONS]
