"""Where quotas live in Arktos.

* A project's own limits: an annotation of the ResourceQuota ``nova-quota`` of its
  namespace, whose ``spec.hard.pods`` is the project's instances limit (Arktos's admission
  refuses the pods beyond it). Without that object the project has the defaults.
* The quota classes (``default`` gives every project's defaults over ``[quota]``): one key
  per class in the ConfigMap ``nova-quota-classes`` of the catalog namespace.
* The creates in flight: one key per reservation in the ConfigMap
  ``nova-quota-reservations`` of the project's namespace.

Every read-modify-write is conditional on the resourceVersion read and is tried again when
another write came first.
"""

import dataclasses
import json
import random
import re
import time

from oslo_log import log as logging

from translator import exception
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import names, quotas, tenancy
from translator.backend.models import QuotaSet

LOG = logging.getLogger(__name__)

# What Arktos accepts as a ConfigMap key (a quota class is stored under its name).
_CONFIG_KEY = re.compile(r'^[-._a-zA-Z0-9]{1,253}$')
# Seconds a read-modify-write keeps trying when other writes keep coming first.
CONTENTION_TIMEOUT = 5.0


def until_written(write, timeout: float = CONTENTION_TIMEOUT):
    """``write()`` again (re-reading what it changes) while it loses to another write
    (``ArktosConflict``), with a randomised pause, for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = 0.01
    while True:
        try:
            return write()
        except arktos_client.ArktosConflict:
            if time.monotonic() + pause > deadline:
                raise exception.BackendUnavailable(
                    reason='contended: other writes kept changing the quota objects') from None
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 0.2)


def _json_dict(raw) -> dict:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _pods_limit(limits: QuotaSet) -> str | None:
    return None if limits.instances < 0 else str(limits.instances)


@dataclasses.dataclass(frozen=True)
class ProjectQuota:
    """A project's limits as read: its own values over ``defaults``, and its
    ResourceQuota's ``spec.hard.pods`` and resourceVersion (None: there is none)."""

    defaults: QuotaSet
    own: dict
    pods_limit: str | None
    resource_version: str | None

    @property
    def limits(self) -> QuotaSet:
        return quotas.overlay(self.defaults, self.own)

    @property
    def enforced(self) -> bool:
        """Whether Arktos holds the instances limit the project has."""
        return self.pods_limit == _pods_limit(self.limits)


class QuotaStore:

    def __init__(self, client: arktos_client.ArktosClient, provisioner: tenancy.Provisioner,
                 catalog: tenancy.Namespace, conf_defaults: QuotaSet):
        self.client = client
        self.provisioner = provisioner
        self.catalog = catalog
        self.conf_defaults = conf_defaults

    # Quota classes --------------------------------------------------------------------

    def _classes(self) -> tuple[dict, str | None]:
        try:
            item = self.client.get(self.catalog.item('configmaps', names.QUOTA_CLASSES_NAME))
        except arktos_client.ArktosNotFound:
            return {}, None
        data = item.get('data') or {}
        return ({name: _json_dict(raw) for name, raw in data.items()},
                item['metadata']['resourceVersion'])

    def quota_class(self, name: str) -> QuotaSet:
        """A class's limits; what it does not set (every value of an unknown class) is
        ``[quota]``'s."""
        return quotas.overlay(self.conf_defaults, self._classes()[0].get(name))

    def defaults(self) -> QuotaSet:
        return self.quota_class('default')

    def update_class(self, name: str, values: dict) -> QuotaSet:
        if not _CONFIG_KEY.match(name):
            raise exception.InvalidQuotaClassName(name=name)

        def write() -> QuotaSet:
            classes, resource_version = self._classes()
            merged = {**classes.get(name, {}), **values}
            data = {name: json.dumps(merged, sort_keys=True)}
            if resource_version is None:
                self.provisioner.create(self.catalog, self.catalog.collection('configmaps'), {
                    'apiVersion': 'v1', 'kind': 'ConfigMap',
                    'metadata': {'name': names.QUOTA_CLASSES_NAME}, 'data': data})
            else:
                self.client.patch(self.catalog.item('configmaps', names.QUOTA_CLASSES_NAME),
                                  {'metadata': {'resourceVersion': resource_version},
                                   'data': data})
            return quotas.overlay(self.conf_defaults, merged)
        return until_written(write)

    # Projects -------------------------------------------------------------------------

    def project(self, namespace: tenancy.Namespace) -> ProjectQuota:
        defaults = self.defaults()
        try:
            item = self.client.get(namespace.item('resourcequotas', names.QUOTA_NAME))
        except arktos_client.ArktosNotFound:
            return ProjectQuota(defaults, {}, None, None)
        metadata = item['metadata']
        own = _json_dict((metadata.get('annotations') or {}).get(names.ANN_QUOTA_LIMITS))
        hard = (item.get('spec') or {}).get('hard') or {}
        return ProjectQuota(defaults, own, hard.get('pods'), metadata['resourceVersion'])

    def update_project(self, namespace: tenancy.Namespace, values: dict | None) -> QuotaSet:
        """Set some of a project's own limits (``values``), or drop them all (None)."""
        def write() -> QuotaSet:
            project = self.project(namespace)
            own = {} if values is None else {**project.own, **values}
            return self._write(namespace, dataclasses.replace(project, own=own))
        return until_written(write)

    def enforce(self, namespace: tenancy.Namespace, project: ProjectQuota) -> None:
        """Have Arktos hold the project's instances limit (a class default may have changed
        since its ResourceQuota was written, or it has none yet)."""
        if project.enforced:
            return
        first = [project]

        def write() -> None:
            current = first.pop() if first else self.project(namespace)
            if not current.enforced:
                self._write(namespace, current)
        until_written(write)

    def _write(self, namespace: tenancy.Namespace, project: ProjectQuota) -> QuotaSet:
        limits = project.limits
        pods = _pods_limit(limits)
        annotations = {names.ANN_QUOTA_LIMITS: json.dumps(project.own, sort_keys=True)}
        if project.resource_version is None:
            self.provisioner.create(namespace, namespace.collection('resourcequotas'), {
                'apiVersion': 'v1', 'kind': 'ResourceQuota',
                'metadata': {'name': names.QUOTA_NAME, 'annotations': annotations},
                'spec': {'hard': {} if pods is None else {'pods': pods}}})
        else:
            self.client.patch(namespace.item('resourcequotas', names.QUOTA_NAME), {
                'metadata': {'resourceVersion': project.resource_version,
                             'annotations': annotations},
                'spec': {'hard': {'pods': pods}}})
        LOG.info('Quota of Arktos namespace %s/%s: %s', namespace.tenant, namespace.namespace,
                 project.own or 'defaults')
        return limits

    # Reservations ---------------------------------------------------------------------

    def reservations(self, namespace: tenancy.Namespace) -> tuple[dict, str | None]:
        """The reservations ConfigMap's data and resourceVersion (None: there is none)."""
        try:
            item = self.client.get(namespace.item('configmaps', names.RESERVATIONS_NAME))
        except arktos_client.ArktosNotFound:
            return {}, None
        return item.get('data') or {}, item['metadata']['resourceVersion']

    def reserve(self, namespace: tenancy.Namespace, reservation: quotas.Reservation,
                resource_version: str | None, stale: list[str]) -> None:
        """Add ``reservation`` (dropping the ``stale`` ones) if the ConfigMap is still at
        ``resource_version``; ``ArktosConflict`` when another write came first."""
        if resource_version is None:
            self.provisioner.create(namespace, namespace.collection('configmaps'), {
                'apiVersion': 'v1', 'kind': 'ConfigMap',
                'metadata': {'name': names.RESERVATIONS_NAME,
                             'labels': {names.LABEL_RESERVATIONS: 'true'}},
                'data': {reservation.id: reservation.to_json()}})
            return
        data = dict.fromkeys(stale)
        data[reservation.id] = reservation.to_json()
        self.client.patch(namespace.item('configmaps', names.RESERVATIONS_NAME),
                          {'metadata': {'resourceVersion': resource_version}, 'data': data})

    def release(self, namespace: tenancy.Namespace, reservation_ids) -> None:
        """Drop reservations (a create ended, or gave up long ago)."""
        try:
            self.client.patch(namespace.item('configmaps', names.RESERVATIONS_NAME),
                              {'data': dict.fromkeys(reservation_ids)})
        except arktos_client.ArktosNotFound:
            pass
