"""Where objects live in Arktos: the paths of a project's namespace, the catalog and
the service's leases, and provisioning a project's tenant and namespace on first use.

Every Arktos path the service requests is built here, from the context's mapped tenant
and namespace (``translator.context``) or the service's configuration, never from
client input; each name is checked to be a valid Arktos name before it goes into a path.
"""

import dataclasses
import re

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import client as arktos_client

LOG = logging.getLogger(__name__)

# A DNS-1123 subdomain: what Arktos accepts as the name of a tenant, namespace or object.
_NAME = re.compile(r'^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$')
# The tenant segment that lists or watches every tenant.
ALL_TENANTS = 'all'
_PROVISIONING_KINDS = frozenset({'tenants', 'namespaces'})


def name(value: str) -> str:
    """``value`` when it is a valid Arktos name, else ``InvalidArktosName``."""
    if not isinstance(value, str) or not _NAME.match(value):
        raise exception.InvalidArktosName(name=value)
    return value


@dataclasses.dataclass(frozen=True)
class Namespace:
    """One Arktos namespace of one tenant: a project's, or the catalog's."""

    tenant: str
    namespace: str

    @classmethod
    def of(cls, context) -> 'Namespace':
        """The namespace the request's project maps to."""
        return cls(context.arktos_tenant, context.arktos_namespace)

    @property
    def path(self) -> str:
        return f'/api/v1/tenants/{name(self.tenant)}/namespaces/{name(self.namespace)}'

    def collection(self, resource: str) -> str:
        """``pods``, ``actions``, ``secrets``, ``configmaps`` of the namespace."""
        return f'{self.path}/{resource}'

    def item(self, resource: str, object_name: str) -> str:
        return f'{self.path}/{resource}/{name(object_name)}'

    def pod(self, pod_name: str) -> str:
        return self.item('pods', pod_name)

    def pod_action(self, pod_name: str) -> str:
        """Where a CustomAction on the pod is created."""
        return f'{self.pod(pod_name)}/action'

    def leases(self) -> str:
        return (f'/apis/coordination.k8s.io/v1/tenants/{name(self.tenant)}/namespaces/'
                f'{name(self.namespace)}/leases')

    def lease(self, lease_name: str) -> str:
        return f'{self.leases()}/{name(lease_name)}'


def every_tenant(resource: str) -> str:
    """The collection of ``resource`` across every tenant (lists and watches)."""
    return f'/api/v1/tenants/{ALL_TENANTS}/{resource}'


class Provisioner:
    """Creates a project's tenant and namespace the first time it stores something."""

    def __init__(self, client: arktos_client.ArktosClient, storage_cluster_id: str):
        self.client = client
        self.storage_cluster_id = storage_cluster_id

    def create(self, namespace: Namespace, path: str, body: dict) -> dict:
        """POST ``body`` to ``path`` in ``namespace``, provisioning the tenant and
        namespace when Arktos answers that they do not exist yet."""
        try:
            return self.client.post(path, body)
        except arktos_client.ArktosNotFound as e:
            if e.details.get('kind') not in _PROVISIONING_KINDS:
                raise
        self.provision(namespace)
        return self.client.post(path, body)

    def provision(self, namespace: Namespace, tenant: bool = True) -> None:
        """Create the tenant (unless ``tenant`` is false) and the namespace.

        Idempotent and safe when several requests race: "already exists" is success.
        """
        LOG.info('Provisioning Arktos tenant %s namespace %s', namespace.tenant,
                 namespace.namespace)
        steps = [(f'/api/v1/tenants/{name(namespace.tenant)}/namespaces', {
            'apiVersion': 'v1', 'kind': 'Namespace',
            'metadata': {'name': namespace.namespace, 'tenant': namespace.tenant}})]
        if tenant:
            steps.insert(0, ('/api/v1/tenants', {
                'apiVersion': 'v1', 'kind': 'Tenant',
                'metadata': {'name': name(namespace.tenant)},
                'spec': {'storageClusterId': self.storage_cluster_id}}))
        for path, body in steps:
            try:
                self.client.post(path, body)
            except arktos_client.ArktosConflict:
                pass
