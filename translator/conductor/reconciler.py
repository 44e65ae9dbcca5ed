"""One pass of the conductor: the next step of every pending task, written once."""

import dataclasses
import datetime

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import catalog_store, names, pod_fields, tasks, tenancy
from translator.backend.arktos import client as arktos_client

LOG = logging.getLogger(__name__)


def _namespace(pod: dict) -> tenancy.Namespace:
    metadata = pod['metadata']
    return tenancy.Namespace(metadata.get('tenant') or 'system', metadata['namespace'])


class Reconciler:

    def __init__(self, client: arktos_client.ArktosClient,
                 catalog: catalog_store.CatalogStore, task_timeout: float):
        self.client = client
        self.catalog = catalog
        self.task_timeout = task_timeout

    def reconcile(self, pods: list[dict]) -> None:
        """Write the next step of each pod's task; the Actions of a namespace are read
        once, and only when one of its pods waits for an Action."""
        actions: dict = {}
        at = datetime.datetime.now(datetime.timezone.utc)
        for pod in pods:
            try:
                namespace = _namespace(pod)
                pod_actions = None
                if tasks.needs_actions(pod):
                    if namespace not in actions:
                        actions[namespace] = self.client.get(
                            namespace.collection('actions')).get('items') or []
                    pod_actions = actions[namespace]
                step = tasks.next_step(pod, pod_actions, self.task_timeout, at)
                if step is not None:
                    self._apply(namespace, pod, step)
            except exception.TranslatorException as e:
                LOG.warning('Could not move the task of %s on: %s',
                            pod['metadata'].get('name'), e)

    def _apply(self, namespace: tenancy.Namespace, pod: dict, step: tasks.Step) -> None:
        name = pod['metadata']['name']
        if step.image_id and not self._finish_image(step.image_id, step.image_status):
            return
        try:
            self.client.patch(namespace.pod(name), step.patch)
        except arktos_client.ArktosConflict:
            LOG.debug('Server %s changed since it was read; it is looked at again', name)
            return
        except arktos_client.ArktosNotFound:
            return
        LOG.info('Server %s: task %s %s', name,
                 pod_fields.annotations(pod).get(names.ANN_TASK_STATE), step.reason)

    def _finish_image(self, image_id: str, status: str) -> bool:
        """Move a ``saving`` snapshot to ``status``; False when the image changed since
        it was read (the step is taken again on the next pass)."""
        try:
            image, resource_version = self.catalog.get_image(image_id)
        except arktos_client.ArktosNotFound:
            return True
        if image.status != 'saving':
            return True
        try:
            self.catalog.update_image(
                dataclasses.replace(image, status=status, updated_at=pod_fields.now()),
                resource_version)
        except arktos_client.ArktosConflict:
            return False
        except arktos_client.ArktosNotFound:
            return True
        LOG.info('Image %s: %s', image_id, status)
        return True

    def sweep_images(self, pods: list[dict]) -> None:
        """Kill snapshot images left ``saving`` by a task that no longer exists (the API
        stopped between storing the image and recording the task), once they are
        older than the task deadline."""
        pending = {pod_fields.annotations(pod).get(names.ANN_TASK_IMAGE) for pod in pods}
        for image in self.catalog.load().images:
            if (image.status == 'saving' and image.id not in pending and
                    pod_fields.age(image.created_at) > self.task_timeout):
                self._finish_image(image.id, 'killed')
