"""The Placement API subset that reads the compute hosts' resources (Horizon's hypervisors
page, ``openstack resource provider …``).

Mounted at ``/placement`` (catalog type ``placement``): version discovery and
microversions (``translator.placement.versions``), one resource provider per Arktos node
(its uuid is the hypervisor id of Nova's API from 2.53, its name the hypervisor hostname)
with the node's VCPU, MEMORY_MB and DISK_GB inventory, the flavors of the server pods bound
to it as allocations and usages, the host aggregates it is in and the traits derived from
its service; allocation candidates are the nodes a request fits. Nothing here writes: the
inventory is Arktos's. Errors leave in Placement's shape (``translator.placement.faults``).
"""
