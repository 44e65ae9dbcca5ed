"""Server actions: power states, Arktos Actions (reboot, snapshot, restore), rebuild,
lock and security groups.

Every write that claims a server for a task is conditional on the resourceVersion of
the server the caller checked (``tasks.conditional``): of two actions sent together
exactly one wins, the other is ``ServerChanged`` (409). The conductor finishes what
an Action or a power cycle leaves pending.
"""

import datetime
import json
import time
import uuid

from oslo_log import log as logging

from translator import exception, states
from translator.backend import actions_log
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import images, names, pod_fields, pod_spec, tasks, tenancy
from translator.backend.models import Image, Server

LOG = logging.getLogger(__name__)

# Conditional writes retried when only what the action does not depend on changed
# (the kubelet updating the pod's status, say).
_CLAIM_ATTEMPTS = 5
# Arktos names actions <operation>-<unix seconds> per namespace: a second one in the
# same second is a 409, so each second takes one. Try again in the next seconds, this many
# times: enough for that many servers of one project acting at once (Rally's concurrency).
_ACTION_NAME_RETRIES = 12


def _checked_state(server: Server) -> tuple:
    """What the API checks before an action: the state and the lock."""
    return server.vm_state, server.task_state, server.locked_by, server.image_id


class ActionsMixin:
    """The server action methods of ``ArktosDriver``."""

    def _unchanged(self, context, server: Server) -> dict:
        """The server's pod now, if the server is still in the state the caller checked
        (its status may have changed otherwise); else ``ServerChanged``."""
        pod = self._get_pod(context, server.id)
        if _checked_state(self._server(pod)) != _checked_state(server):
            raise exception.ServerChanged(server_id=server.id)
        return pod

    def _claim(self, context, server: Server, patch: dict, action: str | None = None
               ) -> Server:
        """Write ``patch`` only if the server is in the state the caller checked, with
        the instance action ``action`` recorded.

        The write is conditional on the resourceVersion read; when it loses only to a
        write that left that state as it was, it is made again on the new version.
        """
        if action is not None:
            patch['metadata']['annotations'][names.ANN_ACTIONS] = json.dumps(
                actions_log.appended(server, actions_log.record(action, context,
                                                                pod_fields.now())))
        resource_version = server.resource_version
        for _ in range(_CLAIM_ATTEMPTS):
            try:
                return self._patch_server(context, server.id,
                                          tasks.conditional(patch, resource_version))
            except exception.ServerChanged:
                resource_version = self._unchanged(context, server)['metadata'][
                    'resourceVersion']
        raise exception.ServerChanged(server_id=server.id)

    def set_power_state(self, context, server: Server, vm_state: str,
                        task_state: str | None) -> Server:
        return self._claim(context, server,
                           tasks.power_patch(vm_state, task_state, pod_fields.now()),
                           actions_log.TASK_ACTIONS.get(task_state))

    def _run_action(self, context, server: Server, task: str, body: dict,
                    annotations: dict | None = None, image_id: str | None = None) -> Server:
        """Record ``task`` on the server, then create the Arktos Action ``body``.

        Arktos names Actions ``<operation>-<unix seconds>`` per namespace; a name
        clash (409) is retried in the next second. If the Action cannot be created
        the task is withdrawn. Real Arktos drops Actions for a VM restarted a moment
        ago, so those wait until it has run for a few seconds.
        """
        pod = self._unchanged(context, server)
        delay = tasks.action_settle_delay(pod, datetime.datetime.now(datetime.timezone.utc))
        if delay:
            time.sleep(delay)
        patch = tasks.task_patch(task, pod_fields.now(), image_id)
        patch['metadata']['annotations'].update(annotations or {})
        server = self._claim(context, server, patch, actions_log.TASK_ACTIONS[task])
        path = tenancy.Namespace.of(context).pod_action(server.id)
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
                self._withdraw_task(context, server)
                raise
            except exception.TranslatorException:
                self._withdraw_task(context, server)
                raise

    def _withdraw_task(self, context, server: Server) -> None:
        """Take back the task ``server`` (as recorded) claimed."""
        try:
            self._claim(context, server, tasks.task_patch(None, pod_fields.now()))
        except exception.TranslatorException as e:
            LOG.warning('Could not withdraw the task of %s: %s', server.id, e)

    def reboot_server(self, context, server: Server, hard: bool) -> Server:
        task = states.REBOOTING_HARD if hard else states.REBOOTING
        return self._run_action(context, server, task, {
            'operation': 'reboot', 'rebootParams': {'delayInSeconds': 0}})

    def snapshot_server(self, context, server: Server, name: str, metadata: dict) -> Image:
        base_image = self.catalog.load().image(server.image_id)
        now = pod_fields.now()
        image = Image(
            id=str(uuid.uuid4()), name=name, location=base_image.location if base_image else '',
            min_disk=server.flavor.disk, min_ram=base_image.min_ram if base_image else 0,
            status='saving', visibility='private', owner=context.project_id,
            disk_format=base_image.disk_format if base_image else 'qcow2', created_at=now,
            updated_at=now,
            properties={**metadata, 'image_type': 'snapshot', 'instance_uuid': server.id,
                        'base_image_ref': server.image_id, 'user_id': context.user_id})
        self.catalog.create_image(image)
        try:
            self._run_action(context, server, states.IMAGE_SNAPSHOT, {
                'operation': 'snapshot', 'snapshotParams': {'snapshotName': image.id}},
                image_id=image.id)
        except exception.TranslatorException:
            self.catalog.delete_image(image.id)
            raise
        return image

    def rebuild_server(self, context, server: Server, image: Image, changes: dict,
                       guest: dict) -> Server:
        """Restore the server to its own snapshot ``image`` (an Arktos ``restore``
        Action), or give it another image (power-cycled with the new disk image);
        ``guest`` may set a new ``key_name`` and ``user_data`` (None removes them)."""
        now = pod_fields.now()
        if image.properties.get('instance_uuid') != server.id:
            vm, annotations = {}, {}
            if 'key_name' in guest:
                key_name = guest['key_name']
                vm['publicKey'] = self.public_key(context, key_name)
                vm['keyPairName'] = key_name or self.conf.default_key_pair_name
                annotations[names.ANN_KEY_NAME] = key_name
            if 'user_data' in guest:
                vm['userData'] = pod_spec.encode_user_data(guest['user_data'])
            patch = tasks.reimage_patch(images.for_runtime(self.image_conf, image), changes,
                                        server.vm_state == states.ACTIVE, now)
            patch['spec']['virtualMachine'].update(vm)
            patch['metadata']['annotations'].update(annotations)
            return self._claim(context, server, patch, 'rebuild')
        annotations = tasks.update_patch(changes, now)['metadata']['annotations']
        annotations[names.ANN_IMAGE] = image.id
        return self._run_action(context, server, states.REBUILDING, {
            'operation': 'restore', 'restoreParams': {'snapshotID': image.id}},
            annotations)

    def reset_state(self, context, server: Server, vm_state: str) -> Server:
        return self._patch_server(context, server.id, tasks.conditional(
            tasks.reset_state_patch(vm_state, pod_fields.now()), server.resource_version))

    def set_lock(self, context, server: Server, locked: bool, reason: str | None = None,
                 by_admin: bool = False) -> Server:
        locked_by = ('admin' if by_admin else 'owner') if locked else None
        annotations = {names.ANN_LOCKED: locked_by,
                       names.ANN_LOCKED_REASON: reason if locked else None}
        return self._claim(context, server,
                           tasks.annotations_patch(annotations, pod_fields.now()),
                           'lock' if locked else 'unlock')

    def set_security_groups(self, context, server: Server, group_names: tuple) -> Server:
        """Replace the security groups a server shows (names as ``addSecurityGroup``
        gives them, checked like the ones given at create)."""
        group_names = self.security_group_names(context, group_names)
        return self._claim(context, server, tasks.annotations_patch(
            {names.ANN_SECURITY_GROUPS: json.dumps(list(group_names))}, pod_fields.now()))
