"""One pass of the conductor: the next step of every pending task, written once."""

import dataclasses
import datetime

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import catalog_store, names, pod_fields, quotas, tasks, tenancy
from translator.backend.arktos import client as arktos_client

LOG = logging.getLogger(__name__)
_DELETE = {'apiVersion': 'v1', 'kind': 'DeleteOptions', 'gracePeriodSeconds': 0}


def _namespace(pod: dict) -> tenancy.Namespace:
    metadata = pod['metadata']
    return tenancy.Namespace(metadata.get('tenant') or 'system', metadata['namespace'])


def doomed_pods(members: list[dict]) -> list[dict]:
    """The pods of a batch given up on (``members``: every pod of its reservation) that
    are to be deleted: the uncommitted ones when at least the batch's ``min_count`` were
    committed (the create answered them), else all of them."""
    pending = [pod for pod in members if pod_fields.labels(pod).get(names.LABEL_UNCOMMITTED)]
    committed = len(members) - len(pending)
    try:
        min_count = max(int(pod_fields.annotations(pod).get(names.ANN_MIN_COUNT, 1))
                        for pod in pending)
    except ValueError:
        min_count = 1
    if not pending:
        return []
    return pending if committed >= min_count else members


class Reconciler:

    def __init__(self, client: arktos_client.ArktosClient,
                 catalog: catalog_store.CatalogStore, task_timeout: float,
                 batch_timeout: float):
        self.client = client
        self.catalog = catalog
        self.task_timeout = task_timeout
        self.batch_timeout = batch_timeout

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

    def sweep_batches(self) -> None:
        """Finish the server creates that could not (Arktos failed during the rollback, or
        the API process died): delete the pods of a batch still uncommitted once its
        newest pod is older than the batch deadline, and drop the reservations that such
        creates left in the projects' quota."""
        pods = self.client.get(tenancy.every_tenant('pods'),
                               params={'labelSelector': names.UNCOMMITTED_SELECTOR})
        batches: dict = {}
        for pod in pods.get('items') or ():
            key = (_namespace(pod), pod_fields.labels(pod).get(names.LABEL_RESERVATION))
            batches.setdefault(key, []).append(pod)
        for (namespace, reservation_id), pending in batches.items():
            if reservation_id and min(pod_fields.age(p['metadata'].get('creationTimestamp'))
                                      for p in pending) > self.batch_timeout:
                self._give_up(namespace, reservation_id)
        configmaps = self.client.get(tenancy.every_tenant('configmaps'),
                                     params={'labelSelector': names.LABEL_RESERVATIONS})
        for configmap in configmaps.get('items') or ():
            _, stale = quotas.reservations(configmap.get('data'), self.batch_timeout)
            if stale:
                namespace = _namespace(configmap)
                self.client.patch(namespace.item('configmaps', configmap['metadata']['name']),
                                  {'data': dict.fromkeys(stale)})
                LOG.info('Dropped quota reservations %s of %s/%s', ', '.join(stale),
                         namespace.tenant, namespace.namespace)

    def _give_up(self, namespace: tenancy.Namespace, reservation_id: str) -> None:
        members = self.client.get(namespace.collection('pods'), params={
            'labelSelector': f'{names.LABEL_RESERVATION}={reservation_id}'}).get('items') or []
        for pod in doomed_pods(members):
            name = pod['metadata']['name']
            try:
                self.client.delete(namespace.pod(name), _DELETE)
            except arktos_client.ArktosNotFound:
                continue
            LOG.info('Server %s: deleted, its create (reservation %s) did not finish', name,
                     reservation_id)
