"""The Neutron v2.0 subset OpenStack clients need next to the compute API.

Mounted at ``/networking`` (catalog type ``network``): version discovery, the networks
servers attach to (``[network] networks``) and their subnets, one port per server NIC
(derived from the server pods), the project's ``default`` security group and its rules,
the extensions, availability zones, quotas and IP availabilities of that subset. Nothing
here writes: requests to create, change or delete are refused with the reason. Errors
leave in Neutron's shape (``translator.network.faults``).
"""
