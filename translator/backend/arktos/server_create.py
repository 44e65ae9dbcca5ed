"""Creating servers: one VM pod each, a batch of them concurrently, all or none.

A create reserves its servers in the project's quota first (``quotas``), then creates
their pods, labelled uncommitted and carrying the batch's reservation id and
``min_count``. Once at least ``min_count`` pods exist they are committed (the label is
removed) and the servers answered; otherwise, or when fewer than ``min_count`` could be
committed, every pod of the batch is deleted. All of it runs under one deadline
(``[arktos] read_timeout``): a stalled Arktos gives a 503 within it. Pods a batch could
not delete in time stay uncommitted; translator-conductor deletes them after
``[conductor] batch_timeout``.
"""

import dataclasses
import json
import random
import secrets
import time
import uuid

from oslo_log import log as logging

from translator import exception
from translator.backend import actions_log
from translator.backend.arktos import (
    batch,
    flavors,
    images,
    names,
    pod_fields,
    pod_spec,
    quotas,
    server_groups,
    tenancy,
    translate,
)
from translator.backend.arktos import client as arktos_client
from translator.backend.models import Flavor, QuotaSet, Server, ServerCreate

LOG = logging.getLogger(__name__)

# Seconds a pod that Arktos's ResourceQuota refuses is tried again: its admission reads
# the quota from a cache that follows a new or changed limit a moment later, while the
# reservation already counted exactly.
QUOTA_SETTLE = 2.0
_COMMIT = {'metadata': {'labels': {names.LABEL_UNCOMMITTED: None}}}
_DELETE = {'apiVersion': 'v1', 'kind': 'DeleteOptions', 'gracePeriodSeconds': 0}


def new_reservation_id() -> str:
    return 'r-' + secrets.token_hex(4)


def uncommitted(pod: dict, min_count: int) -> dict:
    """``pod`` marked as part of a batch that has not reached ``min_count`` yet."""
    metadata = pod['metadata']
    metadata['labels'][names.LABEL_UNCOMMITTED] = 'true'
    metadata['annotations'][names.ANN_MIN_COUNT] = str(min_count)
    return pod


def _refused_by_quota(error: arktos_client.ArktosForbidden) -> bool:
    message = str(error)
    return (f'exceeded quota: {names.QUOTA_NAME},' in message or
            f'status unknown for quota: {names.QUOTA_NAME},' in message)


class ServerCreateMixin:
    """The server create method of ``ArktosDriver``."""

    def create_servers(self, context, request: ServerCreate, min_count: int,
                       max_count: int) -> list[Server]:
        catalog = self.catalog.load()
        flavor = flavors.catalog_flavor(catalog, request.flavor_ref, True, context)
        image = images.bootable_image(context, catalog, request.image_ref)
        images.check_flavor_fits(image, flavor)
        public_key = self.public_key(context, request.key_name)
        zone, node_selector = self.zones.placement(request.availability_zone)
        request = dataclasses.replace(
            request, availability_zone=zone,
            security_groups=self.security_group_names(context, request.security_groups))
        attachment = self.networks.attach(request.networks)
        namespace = tenancy.Namespace.of(context)
        project = self.quota_store.project(namespace)
        limits = project.limits
        quotas.check_metadata(limits, request.metadata)
        group, member_pods = self.server_groups.for_boot(
            context, request.scheduler_hints.get('group'), max_count,
            limits.server_group_members)
        group_slots = server_groups.slots(group, member_pods, max_count) if group else ()
        deadline = batch.Deadline(self.conf.read_timeout)
        reservation_id = new_reservation_id()
        reserved = quotas.limited(limits)
        if reserved:
            max_count = self._reserve(context, namespace, limits, flavor, reservation_id,
                                      min_count, max_count, deadline)
        now = pod_fields.now()

        def pod(index: int) -> dict:
            name = request.name if max_count == 1 else f'{request.name}-{index + 1}'
            return uncommitted(pod_spec.pod_for_server(
                request, server_id=str(uuid.uuid4()), flavor=flavor,
                image=images.for_runtime(self.image_conf, image),
                tenant=namespace.tenant, namespace=namespace.namespace, now=now,
                public_key=public_key, default_key_pair_name=self.conf.default_key_pair_name,
                cpu_allocation_ratio=self.conf.cpu_allocation_ratio,
                ram_allocation_ratio=self.conf.ram_allocation_ratio,
                reservation_id=reservation_id, attachment=attachment,
                node_selector=node_selector, launch_index=index, display_name=name,
                server_group=group, group_slot=group_slots[index] if group else None,
                extra_annotations={names.ANN_ACTIONS: json.dumps(
                    [actions_log.record('create', context, now)])}),
                min_count)

        try:
            self.quota_store.enforce(namespace, project)
            pods = self._create_batch(context, namespace, [pod(i) for i in range(max_count)],
                                      min_count, limits, deadline)
        finally:
            if reserved:
                self._release(namespace, reservation_id)
        return [translate.server_from_pod(p, self.networks.default.label) for p in pods]

    def _reserve(self, context, namespace: tenancy.Namespace, limits: QuotaSet,
                 flavor: Flavor, reservation_id: str, min_count: int, max_count: int,
                 deadline: batch.Deadline) -> int:
        """Reserve as many of ``max_count`` servers as fit (at least ``min_count``, else
        Nova's 403), conditional on the reservations it counted; how many."""
        pause = 0.01
        while True:
            usage, resource_version, stale = self._counted(context, namespace, limits)
            count = quotas.allowed_count(usage, flavor, min_count, max_count)
            reservation = quotas.Reservation(reservation_id, count, flavor.vcpus, flavor.ram,
                                             pod_fields.now())
            try:
                self.quota_store.reserve(namespace, reservation, resource_version, stale)
                return count
            except arktos_client.ArktosConflict:
                if deadline.remaining() < pause:
                    raise exception.BackendUnavailable(
                        reason='contended: too many creates in the project at once') from None
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 0.2)

    def _release(self, namespace: tenancy.Namespace, reservation_id: str) -> None:
        try:
            self.quota_store.release(namespace, [reservation_id])
        except exception.TranslatorException as e:
            # It stops counting after [conductor] batch_timeout.
            LOG.warning('Could not release quota reservation %s: %s', reservation_id, e)

    def _create_batch(self, context, namespace: tenancy.Namespace, bodies: list[dict],
                      min_count: int, limits: QuotaSet, deadline: batch.Deadline) -> list:
        """Create the pods of a batch and commit them; the committed pods in launch order,
        or the first error after deleting every pod (see the module docstring)."""
        def create(body: dict):
            def call() -> dict:
                context.update_store()
                return self._create_pod(namespace, body, limits, len(bodies), deadline)
            return call

        def commit(pod: dict):
            def call() -> dict:
                context.update_store()
                return self.client.patch(namespace.pod(pod['metadata']['name']), _COMMIT)
            return call

        workers = self.conf.create_concurrency
        created, errors = batch.run([create(body) for body in bodies], workers, deadline,
                                    max_failures=len(bodies) - min_count)
        pods = [created[index] for index in sorted(created)]
        if len(pods) >= min_count:
            committed, commit_errors = batch.run([commit(p) for p in pods], workers, deadline)
            if len(committed) >= min_count:
                if errors or commit_errors:
                    LOG.warning('Created %d of %d servers of reservation %s: %s',
                                len(committed), len(bodies),
                                pods[0]['metadata']['labels'][names.LABEL_RESERVATION],
                                (errors + commit_errors)[0])
                self._delete_pods(namespace, [p for i, p in enumerate(pods)
                                              if i not in committed], deadline)
                return [committed[index] for index in sorted(committed)]
            errors += commit_errors
        LOG.warning('Created %d of at least %d servers; deleting them', len(pods), min_count)
        self._delete_pods(namespace, pods, deadline)
        raise errors[0]

    def _create_pod(self, namespace: tenancy.Namespace, body: dict, limits: QuotaSet,
                    requested: int, deadline: batch.Deadline) -> dict:
        """POST one pod; one the ResourceQuota refuses is tried again for a moment, then
        is Nova's 403."""
        settle = batch.Deadline(min(QUOTA_SETTLE, deadline.remaining()))
        pause = 0.05
        while True:
            try:
                return self.provisioner.create(namespace, namespace.collection('pods'), body)
            except arktos_client.ArktosForbidden as e:
                if not _refused_by_quota(e):
                    raise
                if settle.remaining() < pause:
                    raise exception.QuotaExceeded(
                        resource='instances', requested=requested,
                        used=max(0, limits.instances), allowed=limits.instances) from e
            time.sleep(pause)
            pause *= 2

    def _delete_pods(self, namespace: tenancy.Namespace, pods: list[dict],
                     deadline: batch.Deadline) -> None:
        """Delete ``pods`` concurrently, waiting until the deadline at most; what is left
        stays uncommitted for translator-conductor."""
        def delete(name: str):
            def call() -> None:
                try:
                    self.client.delete(namespace.pod(name), _DELETE)
                except arktos_client.ArktosNotFound:
                    pass
            return call

        pod_names = [p['metadata']['name'] for p in pods]
        _, errors = batch.run([delete(name) for name in pod_names],
                              self.conf.create_concurrency, deadline, finish_late=True)
        if errors:
            LOG.error('Could not delete %d pods of a failed batch (%s); translator-conductor '
                      'deletes them later: %s', len(errors), ', '.join(pod_names), errors[0])

    def public_key(self, context, key_name: str | None) -> str | None:
        """The public key of the caller's key pair ``key_name`` (400 when unknown)."""
        if key_name is None:
            return None
        try:
            return self.keypairs.get(context, context.user_id, key_name).public_key
        except exception.KeypairNotFound as e:
            raise exception.InvalidKeyName() from e
