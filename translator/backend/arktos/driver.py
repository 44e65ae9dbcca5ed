"""The Arktos compute backend: servers are VM pods in the project's tenant."""

import datetime
import secrets
import uuid

from oslo_log import log as logging

from translator import exception
from translator.backend import base, catalog, filters
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import translate
from translator.backend.models import Flavor, Image, Server, ServerCreate, ServerFilters

LOG = logging.getLogger(__name__)

_LIST_CHUNK = 500
_PROVISIONING_KINDS = frozenset({'tenants', 'namespaces'})


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def new_reservation_id() -> str:
    return 'r-' + secrets.token_hex(4)


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


class ArktosDriver(base.Driver):

    def __init__(self, conf):
        self.conf = conf.arktos
        self.client = arktos_client.ArktosClient.from_conf(self.conf)

    # Paths -----------------------------------------------------------------

    @staticmethod
    def _pods_path(context) -> str:
        return (f'/api/v1/tenants/{context.arktos_tenant}/namespaces/'
                f'{context.arktos_namespace}/pods')

    def _pod_path(self, context, server_id: str) -> str:
        return f'{self._pods_path(context)}/{server_id}'

    # Servers ---------------------------------------------------------------

    def _server(self, pod: dict) -> Server:
        return translate.server_from_pod(pod, self.conf.network_label)

    def _pods(self, context, label_selector: str):
        params = {'labelSelector': label_selector, 'limit': _LIST_CHUNK}
        while True:
            page = self.client.get(self._pods_path(context), params=params)
            yield from page.get('items') or ()
            token = (page.get('metadata') or {}).get('continue')
            if not token:
                return
            params = {**params, 'continue': token}

    def list_servers(self, context, server_filters: ServerFilters) -> list[Server]:
        selector = translate.SERVER_SELECTOR
        if server_filters.reservation_id is not None:
            selector += f',{translate.LABEL_RESERVATION}={server_filters.reservation_id}'
        try:
            servers = [self._server(pod) for pod in self._pods(context, selector)]
        except arktos_client.ArktosInvalid:
            # A reservation id that is not a valid label value matches nothing.
            return []
        return filters.apply(servers, server_filters)

    def _get_pod(self, context, server_id: str) -> dict:
        if not _is_uuid(server_id):
            raise exception.InstanceNotFound(instance_id=server_id)
        try:
            pod = self.client.get(self._pod_path(context, server_id))
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e
        if not translate.is_server_pod(pod):
            raise exception.InstanceNotFound(instance_id=server_id)
        return pod

    def get_server(self, context, server_id: str) -> Server:
        return self._server(self._get_pod(context, server_id))

    def create_server(self, context, request: ServerCreate) -> Server:
        flavor = self.get_flavor(context, request.flavor_ref, for_create=True)
        image = self.get_image(context, request.image_ref)
        if request.key_name is not None:
            raise exception.InvalidKeyName()
        pod = translate.pod_for_server(
            request, server_id=str(uuid.uuid4()), flavor=flavor, image=image,
            tenant=context.arktos_tenant, namespace=context.arktos_namespace, now=_now(),
            public_key=None, default_key_pair_name=self.conf.default_key_pair_name,
            cpu_allocation_ratio=self.conf.cpu_allocation_ratio,
            ram_allocation_ratio=self.conf.ram_allocation_ratio,
            reservation_id=new_reservation_id())
        return self._server(self._create_pod(context, pod))

    def _create_pod(self, context, pod: dict) -> dict:
        try:
            return self.client.post(self._pods_path(context), pod)
        except arktos_client.ArktosNotFound as e:
            if e.details.get('kind') not in _PROVISIONING_KINDS:
                raise
        self._provision(context)
        return self.client.post(self._pods_path(context), pod)

    def _provision(self, context) -> None:
        """Create the project's tenant and namespace on its first server create.

        Idempotent and safe when several requests race: "already exists" is success.
        """
        tenant, namespace = context.arktos_tenant, context.arktos_namespace
        LOG.info('Provisioning Arktos tenant %s namespace %s for project %s',
                 tenant, namespace, context.project_id)
        steps = (
            ('/api/v1/tenants', {
                'apiVersion': 'v1', 'kind': 'Tenant', 'metadata': {'name': tenant},
                'spec': {'storageClusterId': self.conf.storage_cluster_id}}),
            (f'/api/v1/tenants/{tenant}/namespaces', {
                'apiVersion': 'v1', 'kind': 'Namespace',
                'metadata': {'name': namespace, 'tenant': tenant}}),
        )
        for path, body in steps:
            try:
                self.client.post(path, body)
            except arktos_client.ArktosConflict:
                pass

    def update_server(self, context, server_id: str, changes: dict) -> Server:
        self._get_pod(context, server_id)
        try:
            pod = self.client.patch(self._pod_path(context, server_id),
                                    translate.update_patch(changes, _now()))
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e
        return self._server(pod)

    def delete_server(self, context, server_id: str) -> None:
        pod = self._get_pod(context, server_id)
        options = {'apiVersion': 'v1', 'kind': 'DeleteOptions',
                   'gracePeriodSeconds': self.conf.delete_grace_period,
                   'preconditions': {'uid': pod['metadata']['uid']}}
        try:
            self.client.delete(self._pod_path(context, server_id), options)
        except (arktos_client.ArktosNotFound, arktos_client.ArktosConflict) as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e

    # Catalog ---------------------------------------------------------------

    def list_flavors(self, context) -> list[Flavor]:
        return list(catalog.FLAVORS)

    def get_flavor(self, context, flavor_id: str, for_create: bool = False) -> Flavor:
        for flavor in catalog.FLAVORS:
            if flavor.id == flavor_id:
                return flavor
        if for_create:
            raise exception.FlavorNotFoundForCreate(flavor_id=flavor_id)
        raise exception.FlavorNotFound(flavor_id=flavor_id)

    def get_image(self, context, image_id: str) -> Image:
        for image in catalog.IMAGES:
            if image.id == image_id:
                return image
        raise exception.ImageNotFoundForCreate()
