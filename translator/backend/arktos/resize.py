"""Resizing a server in place, as Arktos's ``InPlacePodVerticalScaling`` does it.

Where the gate is on, Arktos's PodResourceAllocation admission gives every VM pod that
requests resources a ``spec.virtualMachine.resizePolicy``: a server whose pod has one can
be resized (``Server.resizable``; nothing to configure, nothing to probe, and a pod
created before the gate was turned on is not). A resize patches the pod's
``spec.virtualMachine.resources`` to the new flavor's, conditional on the resourceVersion
the caller checked, recording the old flavor, the VM's runtime id and a migration
record; Arktos's kubelet recreates the VM with the new size (a new runtime id) and the
conductor then shows the server VERIFY_RESIZE (``tasks.next_step``). ``confirmResize``
forgets the old flavor; ``revertResize`` patches it back the same way. The host does not
change and neither does the disk: Arktos resizes CPU and memory.
"""

import json
import uuid

from translator import exception, states
from translator.backend.arktos import names, pod_fields, pod_spec, tasks, tenancy
from translator.backend.models import Flavor, Migration, Server

# Migration records kept per server: the last ones.
MAX_MIGRATIONS = 10


def _migration_id(migration_uuid: str) -> int:
    """Nova's integer migration id, derived from the migration's UUID."""
    return int(migration_uuid.replace('-', '')[:8], 16) & 0x7fffffff


def new_migration(context, server: Server, flavor: Flavor, now: str) -> dict:
    migration_uuid = str(uuid.uuid4())
    return Migration(id=_migration_id(migration_uuid), uuid=migration_uuid,
                     instance_uuid=server.id, status='migrating',
                     old_flavor_id=server.flavor.id, new_flavor_id=flavor.id,
                     project_id=server.project_id, user_id=context.user_id,
                     created_at=now, updated_at=now, node=server.host).to_dict()


def check_quota(usage, old: Flavor, new: Flavor) -> None:
    """Nova's check for an upsize: the growth in cores and RAM must fit (403)."""
    for resource, growth in (('cores', new.vcpus - old.vcpus), ('ram', new.ram - old.ram)):
        limit = getattr(usage.limits, resource)
        used = getattr(usage, resource) + usage.reserved.get(resource, 0)
        if growth > 0 and 0 <= limit < used + growth:
            raise exception.QuotaExceeded(resource=resource, requested=growth, used=used,
                                          allowed=limit)


class ResizeMixin:
    """The resize methods of ``ArktosDriver``."""

    def _resources(self, flavor: Flavor) -> dict:
        return pod_spec.vm_resources(flavor, self.conf.cpu_allocation_ratio,
                                     self.conf.ram_allocation_ratio)

    def _resize_to(self, context, server: Server, task_state: str, flavor: Flavor,
                   annotations: dict, migrations: list, action: str) -> Server:
        pod = self._unchanged(context, server)
        patch = tasks.resize_patch(pod, task_state, self._resources(flavor),
                                   pod_spec.flavor_annotation(flavor), annotations,
                                   migrations, pod_fields.now())
        return self._claim(context, server, patch, action)

    def resize_server(self, context, server: Server, flavor: Flavor,
                      disk_config: str | None = None) -> Server:
        check_quota(self.get_quota_usage(context), server.flavor, flavor)
        now = pod_fields.now()
        annotations = {names.ANN_RESIZE_FROM: pod_spec.flavor_annotation(server.flavor),
                       names.ANN_RESIZED: None}
        if disk_config is not None:
            annotations[names.ANN_DISK_CONFIG] = disk_config
        migrations = [*server.migrations, new_migration(context, server, flavor, now)]
        return self._resize_to(context, server, states.RESIZE_FINISH, flavor, annotations,
                               migrations[-MAX_MIGRATIONS:], 'resize')

    def confirm_resize(self, context, server: Server) -> Server:
        pod = self._unchanged(context, server)
        now = pod_fields.now()
        patch = tasks.annotations_patch({
            names.ANN_RESIZED: None, names.ANN_RESIZE_FROM: None,
            names.ANN_MIGRATIONS: tasks.migrations_with(pod, 'confirmed', now)}, now)
        return self._claim(context, server, patch, 'confirmResize')

    def revert_resize(self, context, server: Server) -> Server:
        pod = self._unchanged(context, server)
        old = Flavor.from_dict(pod_fields.json_annotation(pod, names.ANN_RESIZE_FROM, {}))
        check_quota(self.get_quota_usage(context), server.flavor, old)
        now = pod_fields.now()
        migrations = json.loads(tasks.migrations_with(pod, 'reverting', now))
        return self._resize_to(context, server, states.RESIZE_REVERTING, old,
                               {names.ANN_RESIZE_FROM: None}, migrations, 'revertResize')

    def list_migrations(self, context) -> list[Migration]:
        """Every project's resizes, oldest first (a server's in the order made)."""
        pods = self._pods_at(tenancy.every_tenant('pods'), names.MIGRATED_SELECTOR)
        migrations = [Migration.from_dict(record) for pod in pods
                      for record in pod_fields.json_annotation(pod, names.ANN_MIGRATIONS, [])
                      if isinstance(record, dict)]
        return sorted(migrations, key=lambda m: m.created_at)
