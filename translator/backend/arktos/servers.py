"""Servers are VM pods in the project's namespace: list, show, update, delete.

Reads translate the pod as it is; they never write (``translator-conductor`` moves
recorded tasks on).
"""

import uuid

from translator import exception
from translator.backend import filters
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import names, pod_fields, quotas, tasks, tenancy, translate
from translator.backend.models import Server, ServerFilters

# Pods per Arktos list call when a list streams a project's pods.
_LIST_CHUNK = 500


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


class ServersMixin:
    """The server methods of ``ArktosDriver``."""

    def _server(self, pod: dict) -> Server:
        """The server of ``pod``, translated once per pod revision."""
        return self._servers.get(
            translate.revision(pod),
            lambda: translate.server_from_pod(pod, self.networks.default.label))

    def _pods(self, context, label_selector: str):
        """The project's pods that match ``label_selector``, streamed chunk by chunk."""
        return self._pods_at(tenancy.Namespace.of(context).collection('pods'), label_selector)

    def _pods_at(self, path: str, label_selector: str):
        """The pods of ``path`` that match ``label_selector``, streamed chunk by chunk."""
        params = {'labelSelector': label_selector, 'limit': _LIST_CHUNK}
        while True:
            page = self.client.get(path, params=params)
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
        selector = names.SERVER_SELECTOR
        if server_filters.reservation_id is not None:
            selector += f',{names.LABEL_RESERVATION}={server_filters.reservation_id}'
        after = marker_server = None
        if marker is not None:
            find = self._find_pod if server_filters.all_projects else self._get_pod
            try:
                marker_pod = find(context, marker)
            except exception.InstanceNotFound as e:
                raise exception.MarkerNotFound(marker=marker) from e
            after, marker_server = translate.sort_key(marker_pod), self._server(marker_pod)
        path = (tenancy.every_tenant('pods') if server_filters.all_projects
                else tenancy.Namespace.of(context).collection('pods'))
        pods = self._pods_at(path, selector)
        try:
            if server_filters.need_servers():
                return filters.select((self._server(pod) for pod in pods), server_filters,
                                      limit, after, marker_server)
            page = filters.newest(pods, limit, translate.sort_key, after)
        except arktos_client.ArktosInvalid:
            # A reservation id that is not a valid label value matches nothing.
            return []
        return [self._server(pod) for pod in page]

    def _get_pod(self, context, server_id: str) -> dict:
        if not is_uuid(server_id):
            raise exception.InstanceNotFound(instance_id=server_id)
        try:
            pod = self.client.get(tenancy.Namespace.of(context).pod(server_id))
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e
        if not translate.is_server_pod(pod):
            raise exception.InstanceNotFound(instance_id=server_id)
        return pod

    def get_server(self, context, server_id: str) -> Server:
        return self._server(self._get_pod(context, server_id))

    def _find_pod(self, context, server_id: str) -> dict:
        """The server pod named ``server_id`` in any tenant."""
        if not is_uuid(server_id):
            raise exception.InstanceNotFound(instance_id=server_id)
        page = self.client.get(tenancy.every_tenant('pods'), params={
            'labelSelector': names.SERVER_SELECTOR,
            'fieldSelector': f'metadata.name={server_id}'})
        pods = [pod for pod in page.get('items') or () if translate.is_server_pod(pod)]
        if len(pods) != 1:
            raise exception.InstanceNotFound(instance_id=server_id)
        return pods[0]

    def find_server_project(self, context, server_id: str) -> str:
        return self._server(self._find_pod(context, server_id)).project_id

    def _patch_server(self, context, server_id: str, patch: dict) -> Server:
        """Apply a merge patch; a conditional one (``tasks.conditional``) that lost to
        another write is ``ServerChanged``."""
        try:
            pod = self.client.patch(tenancy.Namespace.of(context).pod(server_id), patch)
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e
        except arktos_client.ArktosConflict as e:
            raise exception.ServerChanged(server_id=server_id) from e
        return translate.server_from_pod(pod, self.networks.default.label)

    def update_server(self, context, server_id: str, changes: dict,
                      resource_version: str | None = None) -> Server:
        self._get_pod(context, server_id)
        if 'metadata' in changes:
            quotas.check_metadata(self.get_quotas(context), changes['metadata'])
        patch = tasks.update_patch(changes, pod_fields.now())
        if resource_version is not None:
            patch = tasks.conditional(patch, resource_version)
        return self._patch_server(context, server_id, patch)

    def delete_server(self, context, server_id: str) -> None:
        if not is_uuid(server_id):
            raise exception.InstanceNotFound(instance_id=server_id)
        options = {'apiVersion': 'v1', 'kind': 'DeleteOptions',
                   'gracePeriodSeconds': self.conf.delete_grace_period}
        try:
            self.client.delete(tenancy.Namespace.of(context).pod(server_id), options)
        except arktos_client.ArktosNotFound as e:
            raise exception.InstanceNotFound(instance_id=server_id) from e
