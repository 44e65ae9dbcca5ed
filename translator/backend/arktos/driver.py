"""The Arktos compute backend: servers are VM pods in the project's tenant."""

import concurrent.futures
import dataclasses
import datetime
import functools
import json
import secrets
import time
import uuid

from oslo_log import log as logging

from translator import exception, memo, states
from translator.backend import base, filters
from translator.backend.arktos import catalog_store, keypairs, networks, quotas, translate, zones
from translator.backend.arktos import client as arktos_client
from translator.backend.models import (
    AvailabilityZone,
    Flavor,
    Image,
    KeyPair,
    Network,
    QuotaSet,
    QuotaUsage,
    SecurityGroup,
    Server,
    ServerCreate,
    ServerFilters,
)

LOG = logging.getLogger(__name__)

_LIST_CHUNK = 500
# Translated servers remembered per worker: a page of the default [api] max_limit
# (some 6 KB each; a larger memo would tie up memory a paged 10,000-server list never reuses).
_REMEMBERED_SERVERS = 1024
_PROVISIONING_KINDS = frozenset({'tenants', 'namespaces'})
# Arktos names actions <operation>-<unix seconds> per namespace: a second one in the
# same second is a 409, so each second takes one. Try again in the next seconds, this many
# times: enough for that many servers of one project acting at once (Rally's concurrency).
_ACTION_NAME_RETRIES = 12
# Seconds a recorded task waits for its Action to appear.
_ACTION_GRACE = 10.0


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def _age(timestamp: str) -> float:
    """Seconds since a ``YYYY-MM-DDTHH:MM:SSZ`` timestamp (infinite when unreadable)."""
    try:
        moment = datetime.datetime.strptime(timestamp, '%Y-%m-%dT%H:%M:%SZ')
    except ValueError:
        return float('inf')
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    return (now - moment).total_seconds()


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
        self.catalog = catalog_store.CatalogStore(self.client, conf.catalog.tenant,
                                                  conf.catalog.namespace)
        self.quota_conf = conf.quota
        self.networks = networks.NetworkTable.from_conf(conf.network)
        self.zones = zones.Zones(conf.availability_zone, self.client)
        self.keypairs = keypairs.KeyPairs(self.client, self._create_object)
        # Servers by translate.revision: a pod that has not changed is not translated again.
        self._servers = memo.BoundedMemo(_REMEMBERED_SERVERS)

    # Paths -----------------------------------------------------------------

    @staticmethod
    def _namespace_path(context) -> str:
        return (f'/api/v1/tenants/{context.arktos_tenant}/namespaces/'
                f'{context.arktos_namespace}')

    def _pods_path(self, context) -> str:
        return f'{self._namespace_path(context)}/pods'

    def _pod_path(self, context, server_id: str) -> str:
        return f'{self._pods_path(context)}/{server_id}'

    # Servers ---------------------------------------------------------------

    def _actions(self, context) -> list:
        return self.client.get(f'{self._namespace_path(context)}/actions').get('items') or []

    def _action_progress(self, pod: dict, started: str, actions: list) -> tuple[bool, str]:
        """``(pending, error)`` of the Action a recorded task waits for.

        Actions name their pod in ``spec.podName``; the ones created since the task
        started count. A task whose Action is not there yet is pending for a grace
        period (it is recorded just before the Action is created).
        """
        name = pod['metadata']['name']
        mine = [action for action in actions
                if (action.get('spec') or {}).get('podName') == name and
                (action.get('metadata') or {}).get('creationTimestamp', '') >= started]
        if not mine:
            return _age(started) < _ACTION_GRACE, ''
        if any(not (action.get('status') or {}).get('complete') for action in mine):
            return True, ''
        newest = max(mine, key=lambda action: action['metadata']['creationTimestamp'])
        return False, (newest.get('status') or {}).get('error') or ''

    def _server(self, context, pod: dict, actions=None) -> Server:
        """The server of ``pod``; forgets a recorded task once it is over.

        ``actions`` is a callable that lists the namespace's Arktos Actions (called
        only when the pod records an Action-backed task).
        """
        step = translate.cycle_step(pod, _now())
        if step is not None:
            pod = self.client.patch(self._pod_path(context, pod['metadata']['name']), step)
        started = translate.action_task_started(pod)
        pending, error = False, ''
        if started is not None:
            pending, error = self._action_progress(
                pod, started, (actions or (lambda: self._actions(context)))())
        server = self._servers.get(
            translate.revision(pod, pending),
            lambda: translate.server_from_pod(pod, self.networks.default.label,
                                              action_pending=pending))
        if translate.has_finished_task(pod, server):
            fault = {'code': 500, 'message': error, 'created': _now()} if error else None
            try:
                pod = self.client.patch(self._pod_path(context, server.id),
                                        translate.finished_task_patch(fault, _now()))
            except exception.TranslatorException as e:
                LOG.warning('Could not clear the finished task of %s: %s', server.id, e)
                return server
            server = translate.server_from_pod(pod, self.networks.default.label)
        return server

    def _pods(self, context, label_selector: str):
        params = {'labelSelector': label_selector, 'limit': _LIST_CHUNK}
        while True:
            page = self.client.get(self._pods_path(context), params=params)
            yield from page.get('items') or ()
            token = (page.get('metadata') or {}).get('continue')
            if not token:
                return
            params = {**params, 'continue': token}

    def list_servers(self, context, server_filters: ServerFilters, limit: int,
                     marker: str | None = None) -> list[Server]:
        """Streams the project's pods chunk by chunk, keeping only the page: memory grows
        with ``limit``, not with the number of servers. Without filters on rendered
        fields only the page's pods are turned into servers."""
        selector = translate.SERVER_SELECTOR
        if server_filters.reservation_id is not None:
            selector += f',{translate.LABEL_RESERVATION}={server_filters.reservation_id}'
        after = None
        if marker is not None:
            try:
                after = translate.sort_key(self._get_pod(context, marker))
            except exception.InstanceNotFound as e:
                raise exception.MarkerNotFound(marker=marker) from e
        actions = functools.cache(lambda: self._actions(context))
        pods = self._pods(context, selector)
        try:
            if server_filters.need_servers():
                return filters.select((self._server(context, pod, actions) for pod in pods),
                                      server_filters, limit, after)
            page = filters.newest(pods, limit, translate.sort_key, after)
        except arktos_client.ArktosInvalid:
            # A reservation id that is not a valid label value matches nothing.
            return []
        return [self._server(context, pod, actions) for pod in page]

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
        return self._server(context, self._get_pod(context, server_id))

    def _patch_server(self, context, server_id: str, patch: dict) -> Server:
        try:
            pod = self.client.patch(self._pod_path(context, server_id), patch)
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e
        return translate.server_from_pod(pod, self.networks.default.label)

    # Create ----------------------------------------------------------------

    def create_servers(self, context, request: ServerCreate, min_count: int,
                       max_count: int) -> list[Server]:
        snapshot = self._catalog()
        flavor = self.get_flavor(context, request.flavor_ref, for_create=True,
                                 catalog=snapshot)
        image = self.get_image(context, request.image_ref, catalog=snapshot)
        public_key = self._public_key(context, request.key_name)
        zone, node_selector = self.zones.placement(request.availability_zone)
        request = dataclasses.replace(
            request, availability_zone=zone,
            security_groups=self._security_group_names(context, request.security_groups))
        attachment = self.networks.attach(request.networks)
        usage = quotas.creation_usage(self.get_quotas(context),
                                      self._pods(context, translate.SERVER_SELECTOR))
        quotas.check_metadata(usage.limits, request.metadata)
        max_count = quotas.allowed_count(usage, flavor, min_count, max_count)
        reservation_id = new_reservation_id()
        now = _now()

        def pod(index: int) -> dict:
            name = request.name if max_count == 1 else f'{request.name}-{index + 1}'
            return translate.pod_for_server(
                request, server_id=str(uuid.uuid4()), flavor=flavor, image=image,
                tenant=context.arktos_tenant, namespace=context.arktos_namespace, now=now,
                public_key=public_key, default_key_pair_name=self.conf.default_key_pair_name,
                cpu_allocation_ratio=self.conf.cpu_allocation_ratio,
                ram_allocation_ratio=self.conf.ram_allocation_ratio,
                reservation_id=reservation_id, attachment=attachment,
                node_selector=node_selector, launch_index=index, display_name=name)

        # Concurrent creates in a bounded pool; each provisions the project's tenant
        # if it is missing (idempotent).
        def create(index: int) -> dict:
            context.update_store()
            return self._create_object(context, self._pods_path(context), pod(index))

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
            self._delete_pods(context, [p['metadata']['name'] for p in created])
            raise errors[0]
        if errors:
            LOG.warning('Created %d of %d servers of reservation %s: %s', len(created),
                        max_count, reservation_id, errors[0])
        return [translate.server_from_pod(p, self.networks.default.label) for p in created]

    def _public_key(self, context, key_name: str | None) -> str | None:
        if key_name is None:
            return None
        try:
            return self.keypairs.get(context, context.user_id, key_name).public_key
        except exception.KeypairNotFound as e:
            raise exception.InvalidKeyName() from e

    def _create_object(self, context, path: str, body: dict) -> dict:
        """POST ``body`` to ``path`` in the project's namespace, provisioning the
        project's tenant and namespace when they do not exist yet."""
        try:
            return self.client.post(path, body)
        except arktos_client.ArktosNotFound as e:
            if e.details.get('kind') not in _PROVISIONING_KINDS:
                raise
        self._provision(context)
        return self.client.post(path, body)

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

    # Update, delete --------------------------------------------------------

    def update_server(self, context, server_id: str, changes: dict) -> Server:
        self._get_pod(context, server_id)
        return self._patch_server(context, server_id, translate.update_patch(changes, _now()))

    def _delete_pods(self, context, names: list[str]) -> None:
        options = {'apiVersion': 'v1', 'kind': 'DeleteOptions', 'gracePeriodSeconds': 0}
        for name in names:
            try:
                self.client.delete(self._pod_path(context, name), options)
            except exception.TranslatorException as e:
                LOG.error('Could not delete pod %s of a failed batch: %s', name, e)

    def delete_server(self, context, server_id: str) -> None:
        if not _is_uuid(server_id):
            raise exception.InstanceNotFound(instance_id=server_id)
        options = {'apiVersion': 'v1', 'kind': 'DeleteOptions',
                   'gracePeriodSeconds': self.conf.delete_grace_period}
        try:
            self.client.delete(self._pod_path(context, server_id), options)
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e

    # Actions ---------------------------------------------------------------

    def set_power_state(self, context, server_id: str, vm_state: str,
                        task_state: str | None) -> Server:
        return self._patch_server(context, server_id,
                                  translate.power_patch(vm_state, task_state, _now()))

    def _run_action(self, context, server_id: str, task: str, body: dict,
                    annotations: dict | None = None) -> Server:
        """Record ``task`` on the server, then create the Arktos Action ``body``.

        Arktos names Actions ``<operation>-<unix seconds>`` per namespace; a name
        clash (409) is retried in the next second. If the Action cannot be created
        the task is withdrawn. Real Arktos drops Actions for a VM restarted a moment
        ago, so those wait until it has run for a few seconds.
        """
        delay = translate.action_settle_delay(
            self._get_pod(context, server_id), datetime.datetime.now(datetime.timezone.utc))
        if delay:
            time.sleep(delay)
        patch = translate.task_patch(task, _now())
        patch['metadata']['annotations'].update(annotations or {})
        server = self._patch_server(context, server_id, patch)
        path = f'{self._pod_path(context, server_id)}/action'
        for attempt in range(_ACTION_NAME_RETRIES):
            try:
                self.client.post(path, {'apiVersion': 'v1', 'kind': 'CustomAction', **body})
                return server
            except arktos_client.ArktosConflict:
                if attempt < _ACTION_NAME_RETRIES - 1:
                    # Who has waited longer posts earlier in the next second: first come,
                    # first served, rather than a lottery that can starve a request.
                    time.sleep(1.0 - time.time() % 1.0 + max(0.002, 0.05 - 0.005 * attempt))
                    continue
                self._withdraw_task(context, server_id)
                raise
            except exception.TranslatorException:
                self._withdraw_task(context, server_id)
                raise

    def reboot_server(self, context, server_id: str, hard: bool) -> Server:
        task = states.REBOOTING_HARD if hard else states.REBOOTING
        return self._run_action(context, server_id, task, {
            'operation': 'reboot', 'rebootParams': {'delayInSeconds': 0}})

    def snapshot_server(self, context, server: Server, name: str, metadata: dict) -> Image:
        base_image = self._catalog().image(server.image_id)
        now = _now()
        image = Image(
            id=str(uuid.uuid4()), name=name, location=base_image.location if base_image else '',
            min_disk=server.flavor.disk, min_ram=base_image.min_ram if base_image else 0,
            status='saving', visibility='private', owner=context.project_id,
            disk_format=base_image.disk_format if base_image else 'qcow2', created_at=now,
            updated_at=now,
            properties={**metadata, 'image_type': 'snapshot', 'instance_uuid': server.id,
                        'base_image_ref': server.image_id, 'user_id': context.user_id,
                        'arktos_tenant': context.arktos_tenant,
                        'arktos_namespace': context.arktos_namespace})
        self.catalog.create_image(image)
        try:
            self._run_action(context, server.id, states.IMAGE_SNAPSHOT, {
                'operation': 'snapshot', 'snapshotParams': {'snapshotName': image.id}})
        except exception.TranslatorException:
            self.catalog.delete_image(image.id)
            raise
        return image

    def rebuild_server(self, context, server: Server, image: Image, changes: dict,
                       guest: dict) -> Server:
        """Restore the server to its own snapshot ``image`` (an Arktos ``restore``
        Action), or give it another image (power-cycled with the new disk image);
        ``guest`` may set a new ``key_name`` and ``user_data`` (None removes them)."""
        if image.properties.get('instance_uuid') != server.id:
            vm, annotations = {}, {}
            if 'key_name' in guest:
                key_name = guest['key_name']
                vm['publicKey'] = self._public_key(context, key_name)
                vm['keyPairName'] = key_name or self.conf.default_key_pair_name
                annotations[translate.ANN_KEY_NAME] = key_name
            if 'user_data' in guest:
                vm['userData'] = translate.encode_user_data(guest['user_data'])
            patch = translate.reimage_patch(image, changes, server.vm_state == states.ACTIVE,
                                            _now())
            patch['spec']['virtualMachine'].update(vm)
            patch['metadata']['annotations'].update(annotations)
            return self._patch_server(context, server.id, patch)
        annotations = translate.update_patch(changes, _now())['metadata']['annotations']
        annotations[translate.ANN_IMAGE] = image.id
        return self._run_action(context, server.id, states.REBUILDING, {
            'operation': 'restore', 'restoreParams': {'snapshotID': image.id}},
            annotations)

    def _withdraw_task(self, context, server_id: str) -> None:
        try:
            self.client.patch(self._pod_path(context, server_id),
                              translate.task_patch(None, _now()))
        except exception.TranslatorException as e:
            LOG.warning('Could not withdraw the task of %s: %s', server_id, e)

    def set_lock(self, context, server_id: str, locked: bool, reason: str | None = None,
                 by_admin: bool = False) -> Server:
        locked_by = ('admin' if by_admin else 'owner') if locked else None
        annotations = {translate.ANN_LOCKED: locked_by,
                       translate.ANN_LOCKED_REASON: reason if locked else None}
        return self._patch_server(context, server_id,
                                  translate.annotations_patch(annotations, _now()))

    # Catalog ---------------------------------------------------------------

    def _catalog(self):
        return self.catalog.load()

    def list_flavors(self, context) -> list[Flavor]:
        return self._catalog().flavors

    def get_flavor(self, context, flavor_id: str, for_create: bool = False,
                   catalog=None) -> Flavor:
        """``catalog``: a snapshot already loaded in this request (else one is loaded)."""
        flavor = (catalog or self._catalog()).flavor(flavor_id)
        if flavor is not None:
            return flavor
        if for_create:
            raise exception.FlavorNotFoundForCreate(flavor_id=flavor_id)
        raise exception.FlavorNotFound(flavor_id=flavor_id)

    def create_flavor(self, context, flavor: Flavor) -> Flavor:
        try:
            self.catalog.create_flavor(flavor)
        except arktos_client.ArktosConflict as e:
            raise exception.FlavorExists(flavor_id=flavor.id) from e
        return flavor

    def delete_flavor(self, context, flavor_id: str) -> None:
        try:
            self.catalog.delete_flavor(flavor_id)
        except arktos_client.ArktosNotFound as e:
            raise exception.FlavorNotFound(flavor_id=flavor_id) from e

    def _snapshot_progress(self, image: Image) -> Image:
        """A saving snapshot becomes active (or killed) once its Arktos Action is done."""
        if image.status != 'saving':
            return image
        props = image.properties
        path = (f'/api/v1/tenants/{props.get("arktos_tenant")}/namespaces/'
                f'{props.get("arktos_namespace")}/actions')
        actions = [action for action in self.client.get(path).get('items') or ()
                   if ((action.get('spec') or {}).get('snapshotAction') or {})
                   .get('snapshotName') == image.id]
        status = (actions[0].get('status') or {}) if actions else {}
        if status.get('complete'):
            new_status = 'killed' if status.get('error') else 'active'
        elif not actions and _age(image.created_at) > _ACTION_GRACE:
            new_status = 'killed'
        else:
            return image
        image = dataclasses.replace(image, status=new_status, updated_at=_now())
        self.catalog.update_image(image)
        return image

    def list_images(self, context) -> list[Image]:
        """The images the project may see, oldest first."""
        return [self._snapshot_progress(image) for image in self._catalog().images
                if image.visible_to(context.project_id, context.is_admin)]

    def show_image(self, context, image_id: str, catalog=None) -> Image:
        image = (catalog or self._catalog()).image(image_id)
        if image is None or not image.visible_to(context.project_id, context.is_admin):
            raise exception.ImageNotFound(image_id=image_id)
        return self._snapshot_progress(image)

    def get_image(self, context, image_id: str, catalog=None) -> Image:
        """The image to boot from: visible to the project and active."""
        try:
            image = self.show_image(context, image_id, catalog)
        except exception.ImageNotFound as e:
            raise exception.ImageNotFoundForCreate() from e
        if image.status != 'active':
            raise exception.ImageNotActive(image_id=image_id)
        return image

    def update_image(self, context, image_id: str, changes: dict) -> Image:
        image = self._owned_image(context, image_id)
        image = dataclasses.replace(image, **changes, updated_at=_now())
        self.catalog.update_image(image)
        return image

    def delete_image(self, context, image_id: str) -> None:
        image = self._owned_image(context, image_id)
        if image.protected:
            raise exception.Forbidden(f'Image {image_id} is protected and cannot be deleted.')
        try:
            self.catalog.delete_image(image_id)
        except arktos_client.ArktosNotFound as e:
            raise exception.ImageNotFound(image_id=image_id) from e

    def _owned_image(self, context, image_id: str) -> Image:
        image = self.show_image(context, image_id)
        if image.owner != context.project_id and not context.is_admin:
            raise exception.Forbidden(f'You are not permitted to modify image {image_id}.')
        return image

    # Key pairs -------------------------------------------------------------

    def list_keypairs(self, context, user_id: str) -> list[KeyPair]:
        return self.keypairs.list(context, user_id)

    def get_keypair(self, context, user_id: str, name: str) -> KeyPair:
        return self.keypairs.get(context, user_id, name)

    def create_keypair(self, context, user_id: str, name: str, key_type: str,
                       public_key: str | None) -> KeyPair:
        keypair = keypairs.new_keypair(user_id, name, key_type, public_key)
        return self.keypairs.create(context, keypair, self.get_quotas(context).key_pairs)

    def delete_keypair(self, context, user_id: str, name: str) -> None:
        self.keypairs.delete(context, user_id, name)

    # Quotas, zones, networks -----------------------------------------------

    def get_quotas(self, context) -> QuotaSet:
        return quotas.quota_set(self.quota_conf)

    def get_quota_usage(self, context) -> QuotaUsage:
        return quotas.usage(self.get_quotas(context),
                            self._pods(context, translate.SERVER_SELECTOR))

    def list_availability_zones(self, context) -> list[AvailabilityZone]:
        return self.zones.list()

    def list_networks(self, context) -> list[Network]:
        return list(self.networks.networks)

    def get_network(self, context, network_id: str) -> Network:
        return self.networks.get(network_id)

    def list_security_groups(self, context) -> list[SecurityGroup]:
        return [networks.default_security_group(context.project_id)]

    def get_security_group(self, context, group_id: str) -> SecurityGroup:
        group = networks.default_security_group(context.project_id)
        if group_id != group.id:
            raise exception.SecurityGroupNotFound(security_group_id=group_id)
        return group

    def set_security_groups(self, context, server_id: str, names: tuple) -> Server:
        """Replace the security groups a server shows (names as ``addSecurityGroup``
        gives them, checked like the ones given at create)."""
        names = self._security_group_names(context, names)
        return self._patch_server(context, server_id, translate.annotations_patch(
            {translate.ANN_SECURITY_GROUPS: json.dumps(list(names))}, _now()))

    def _security_group_names(self, context, requested: tuple) -> tuple:
        """The names of the groups a server asks for by name or id (OSC sends ids)."""
        group = networks.default_security_group(context.project_id)
        unknown = [name for name in requested if name not in (group.id, group.name)]
        if unknown:
            raise exception.Invalid(f'Security group {unknown[0]} not found.')
        return (group.name,) if requested else ()
