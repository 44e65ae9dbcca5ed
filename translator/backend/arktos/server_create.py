"""Creating servers: one VM pod each, a batch of them concurrently, all or none."""

import concurrent.futures
import dataclasses
import secrets
import uuid

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import (
    flavors,
    images,
    names,
    pod_fields,
    pod_spec,
    quotas,
    tenancy,
    translate,
)
from translator.backend.models import Server, ServerCreate

LOG = logging.getLogger(__name__)


def new_reservation_id() -> str:
    return 'r-' + secrets.token_hex(4)


class ServerCreateMixin:
    """The server create method of ``ArktosDriver``."""

    def create_servers(self, context, request: ServerCreate, min_count: int,
                       max_count: int) -> list[Server]:
        catalog = self.catalog.load()
        flavor = flavors.catalog_flavor(catalog, request.flavor_ref, for_create=True)
        image = images.bootable_image(context, catalog, request.image_ref)
        public_key = self.public_key(context, request.key_name)
        zone, node_selector = self.zones.placement(request.availability_zone)
        request = dataclasses.replace(
            request, availability_zone=zone,
            security_groups=self.security_group_names(context, request.security_groups))
        attachment = self.networks.attach(request.networks)
        usage = quotas.creation_usage(self.get_quotas(context),
                                      self._pods(context, names.SERVER_SELECTOR))
        quotas.check_metadata(usage.limits, request.metadata)
        max_count = quotas.allowed_count(usage, flavor, min_count, max_count)
        reservation_id = new_reservation_id()
        now = pod_fields.now()
        namespace = tenancy.Namespace.of(context)

        def pod(index: int) -> dict:
            name = request.name if max_count == 1 else f'{request.name}-{index + 1}'
            return pod_spec.pod_for_server(
                request, server_id=str(uuid.uuid4()), flavor=flavor, image=image,
                tenant=namespace.tenant, namespace=namespace.namespace, now=now,
                public_key=public_key, default_key_pair_name=self.conf.default_key_pair_name,
                cpu_allocation_ratio=self.conf.cpu_allocation_ratio,
                ram_allocation_ratio=self.conf.ram_allocation_ratio,
                reservation_id=reservation_id, attachment=attachment,
                node_selector=node_selector, launch_index=index, display_name=name)

        # Concurrent creates in a bounded pool; each provisions the project's tenant
        # if it is missing (idempotent).
        def create(index: int) -> dict:
            context.update_store()
            return self.provisioner.create(namespace, namespace.collection('pods'), pod(index))

        created, errors = [], []
        workers = min(max_count, self.conf.create_concurrency)
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(create, index) for index in range(max_count)]:
                try:
                    created.append(future.result())
                except Exception as e:  # any failure: the batch rolls back below
                    errors.append(e)
        if len(created) < min_count:
            LOG.warning('Created %d of at least %d servers; deleting them', len(created),
                        min_count)
            self._delete_pods(namespace, [p['metadata']['name'] for p in created])
            raise errors[0]
        if errors:
            LOG.warning('Created %d of %d servers of reservation %s: %s', len(created),
                        max_count, reservation_id, errors[0])
        return [translate.server_from_pod(p, self.networks.default.label) for p in created]

    def _delete_pods(self, namespace: tenancy.Namespace, pod_names: list[str]) -> None:
        options = {'apiVersion': 'v1', 'kind': 'DeleteOptions', 'gracePeriodSeconds': 0}
        for name in pod_names:
            try:
                self.client.delete(namespace.pod(name), options)
            except exception.TranslatorException as e:
                LOG.error('Could not delete pod %s of a failed batch: %s', name, e)

    def public_key(self, context, key_name: str | None) -> str | None:
        """The public key of the caller's key pair ``key_name`` (400 when unknown)."""
        if key_name is None:
            return None
        try:
            return self.keypairs.get(context, context.user_id, key_name).public_key
        except exception.KeypairNotFound as e:
            raise exception.InvalidKeyName() from e
