"""Server groups as ConfigMaps in the project's namespace; their members are the pods
that carry the group's label, placed by the Arktos scheduler.

A group is a small record that no controller acts on, so it is a ConfigMap (as flavors
and images are): labelled to be listed, named by a hash of the group id (the id a client
sends never becomes a path segment; the stored id is compared on read). Members are not
stored: a server joins a group by its pod carrying ``LABEL_GROUP_MEMBER`` with the group
id and the pod (anti-)affinity on ``kubernetes.io/hostname`` that selects that label —
required for ``affinity`` and ``anti-affinity``, preferred for the soft policies — so a
deleted server leaves the group with its pod, and the scheduler enforces the policy.
``max_server_per_host`` N gives each member one of N slots, the least used one; members
of one slot keep apart, so no host holds more than N members.
"""

import hashlib
import json
import uuid

from translator import exception
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import pod_fields, tenancy
from translator.backend.arktos.names import (
    LABEL_GROUP_MEMBER,
    LABEL_GROUP_SLOT,
    LABEL_SERVER_GROUP,
    SERVER_GROUP_SELECTOR,
    SERVER_SELECTOR,
)
from translator.backend.models import ServerGroup

TOPOLOGY_KEY = 'kubernetes.io/hostname'
MEMBER_SELECTOR = f'{SERVER_SELECTOR},{LABEL_GROUP_MEMBER}'
_FIELDS = ('id', 'name', 'policy', 'project_id', 'user_id')
_DELETE = {'apiVersion': 'v1', 'kind': 'DeleteOptions', 'gracePeriodSeconds': 0}


def configmap_name(group_id: str) -> str:
    return 'server-group-' + hashlib.sha256(group_id.encode()).hexdigest()[:40]


def configmap_for_group(group: ServerGroup, namespace: tenancy.Namespace) -> dict:
    data = {key: getattr(group, key) for key in _FIELDS}
    data['rules'] = json.dumps(group.rules, sort_keys=True)
    return {
        'apiVersion': 'v1',
        'kind': 'ConfigMap',
        'metadata': {'name': configmap_name(group.id), 'tenant': namespace.tenant,
                     'namespace': namespace.namespace,
                     'labels': {LABEL_SERVER_GROUP: 'true'}},
        'data': data,
    }


def group_from_configmap(configmap: dict, members: tuple = ()) -> ServerGroup:
    data = configmap.get('data') or {}
    try:
        rules = json.loads(data.get('rules') or '{}')
    except ValueError:
        rules = {}
    return ServerGroup(**{key: data.get(key, '') for key in _FIELDS},
                       rules=rules if isinstance(rules, dict) else {}, members=members,
                       created_at=(configmap.get('metadata') or {}).get('creationTimestamp', ''))


def members_by_group(pods) -> dict[str, list[str]]:
    """Group id → the ids of its member servers (pods being deleted are gone)."""
    members: dict[str, list[str]] = {}
    for pod in pods:
        metadata = pod.get('metadata') or {}
        if not metadata.get('deletionTimestamp'):
            group_id = pod_fields.labels(pod).get(LABEL_GROUP_MEMBER)
            members.setdefault(group_id, []).append(metadata.get('name', ''))
    return members


def slots(group: ServerGroup, member_pods: list, count: int) -> list[str | None]:
    """The slot of each of ``count`` new members (None without ``max_server_per_host``)."""
    per_host = group.rules.get('max_server_per_host')
    if group.policy != 'anti-affinity' or not per_host or per_host <= 1:
        return [None] * count
    used = dict.fromkeys((str(slot) for slot in range(per_host)), 0)
    for pod in member_pods:
        slot = pod_fields.labels(pod).get(LABEL_GROUP_SLOT)
        if slot in used:
            used[slot] += 1
    chosen = []
    for _ in range(count):
        slot = min(used, key=lambda key: (used[key], int(key)))
        used[slot] += 1
        chosen.append(slot)
    return chosen


def member_labels(group: ServerGroup, slot: str | None) -> dict:
    labels = {LABEL_GROUP_MEMBER: group.id}
    if slot is not None:
        labels[LABEL_GROUP_SLOT] = slot
    return labels


def affinity(group: ServerGroup, slot: str | None) -> dict:
    """The pod ``affinity`` that makes the Arktos scheduler follow the group's policy."""
    term = {'labelSelector': {'matchLabels': member_labels(group, slot)},
            'topologyKey': TOPOLOGY_KEY}
    kind = 'podAntiAffinity' if group.policy.endswith('anti-affinity') else 'podAffinity'
    if group.hard:
        return {kind: {'requiredDuringSchedulingIgnoredDuringExecution': [term]}}
    return {kind: {'preferredDuringSchedulingIgnoredDuringExecution': [
        {'weight': 100, 'podAffinityTerm': term}]}}


class ServerGroups:
    """The server groups of the projects, in their Arktos namespaces."""

    def __init__(self, client: arktos_client.ArktosClient,
                 provisioner: tenancy.Provisioner):
        self.client = client
        self.provisioner = provisioner

    def _configmaps(self, path: str) -> list[dict]:
        try:
            page = self.client.get(path, params={'labelSelector': SERVER_GROUP_SELECTOR})
        except arktos_client.ArktosNotFound:
            return []
        return page.get('items') or []

    def _member_pods(self, path: str, selector: str = MEMBER_SELECTOR) -> list[dict]:
        try:
            return self.client.get(path, params={'labelSelector': selector}).get('items') or []
        except arktos_client.ArktosNotFound:
            return []

    def _with_members(self, configmaps: list[dict], pods_path: str) -> list[ServerGroup]:
        members = members_by_group(self._member_pods(pods_path)) if configmaps else {}
        groups = [group_from_configmap(c, tuple(members.get((c.get('data') or {}).get('id'),
                                                            ())))
                  for c in configmaps]
        return sorted(groups, key=lambda g: (g.created_at, g.id))

    def groups(self, context, all_projects: bool = False) -> list[ServerGroup]:
        """The project's groups (every project's with ``all_projects``), oldest first."""
        if all_projects:
            return self._with_members(self._configmaps(tenancy.every_tenant('configmaps')),
                                      tenancy.every_tenant('pods'))
        namespace = tenancy.Namespace.of(context)
        return self._with_members(self._configmaps(namespace.collection('configmaps')),
                                  namespace.collection('pods'))

    def count(self, context) -> int:
        return len(self._configmaps(tenancy.Namespace.of(context).collection('configmaps')))

    def get(self, context, group_id: str) -> ServerGroup:
        """The project's group ``group_id`` with its members; ServerGroupNotFound."""
        namespace = tenancy.Namespace.of(context)
        try:
            configmap = self.client.get(namespace.item('configmaps', configmap_name(group_id)))
        except arktos_client.ArktosNotFound as e:
            raise exception.ServerGroupNotFound(group_id=group_id) from e
        group = group_from_configmap(configmap)
        if group.id != group_id:
            raise exception.ServerGroupNotFound(group_id=group_id)
        pods = self.member_pods(context, group)
        return group_from_configmap(configmap, tuple(members_by_group(pods).get(group.id, ())))

    def member_pods(self, context, group: ServerGroup) -> list[dict]:
        """The pods of the group's members (and of those being deleted)."""
        return self._member_pods(tenancy.Namespace.of(context).collection('pods'),
                                 f'{SERVER_SELECTOR},{LABEL_GROUP_MEMBER}={group.id}')

    def create(self, context, name: str, policy: str, rules: dict, limit: int) -> ServerGroup:
        """Store a new group; 403 over ``limit``, counted before and again after (Nova's
        recheck: of two creates racing for the last one, neither stays over)."""
        if 0 <= limit <= self.count(context):
            raise exception.ServerGroupLimitExceeded()
        namespace = tenancy.Namespace.of(context)
        group = ServerGroup(id=str(uuid.uuid4()), name=name, policy=policy,
                            project_id=context.project_id, user_id=context.user_id,
                            rules=rules)
        configmap = self.provisioner.create(namespace, namespace.collection('configmaps'),
                                            configmap_for_group(group, namespace))
        if 0 <= limit < self.count(context):
            self._delete(namespace, group.id)
            raise exception.ServerGroupLimitExceeded()
        return group_from_configmap(configmap)

    def delete(self, context, group_id: str) -> None:
        self.get(context, group_id)
        try:
            self._delete(tenancy.Namespace.of(context), group_id)
        except arktos_client.ArktosNotFound as e:
            raise exception.ServerGroupNotFound(group_id=group_id) from e

    def _delete(self, namespace: tenancy.Namespace, group_id: str) -> None:
        self.client.delete(namespace.item('configmaps', configmap_name(group_id)), _DELETE)

    def for_boot(self, context, group_id: str | None, count: int,
                 limit: int) -> tuple[ServerGroup | None, list]:
        """The group a boot of ``count`` servers joins (400 when the project has none of
        that id; Nova's 403 when its members would exceed ``limit``) and the pods of its
        members."""
        if group_id is None:
            return None, []
        try:
            group = self.get(context, group_id)
        except exception.ServerGroupNotFound as e:
            raise exception.ServerGroupNotFoundForCreate(group_id=group_id) from e
        if 0 <= limit < len(group.members) + count:
            raise exception.GroupMemberLimitExceeded()
        return group, self.member_pods(context, group)


class ServerGroupsMixin:
    """The server group methods of ``ArktosDriver``."""

    def list_server_groups(self, context, all_projects: bool = False) -> list[ServerGroup]:
        return self.server_groups.groups(context, all_projects)

    def get_server_group(self, context, group_id: str) -> ServerGroup:
        return self.server_groups.get(context, group_id)

    def create_server_group(self, context, name: str, policy: str,
                            rules: dict) -> ServerGroup:
        return self.server_groups.create(context, name, policy, rules,
                                         self.get_quotas(context).server_groups)

    def delete_server_group(self, context, group_id: str) -> None:
        self.server_groups.delete(context, group_id)
