"""Renders the nova-network proxy reads ``/os-networks`` and ``/os-security-groups``."""

from translator.backend.models import Network, SecurityGroup


def network(net: Network) -> dict:
    return {'id': net.id, 'label': net.label, 'cidr': net.cidr}


def security_group(group: SecurityGroup) -> dict:
    return {'id': group.id, 'name': group.name, 'description': group.description,
            'tenant_id': group.project_id, 'rules': []}
