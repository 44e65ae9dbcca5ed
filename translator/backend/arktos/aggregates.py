"""Host aggregates over node labels.

An aggregate's record (uuid, name, metadata, timestamps) is a ConfigMap ``aggregate-<id>``
in the catalog namespace, labelled ``nova.openstack.org/aggregate=true`` (an id is taken by
creating that name, so two creates never share one); its hosts are the nodes that carry the
label ``nova.openstack.org/aggregate-<id>``.  An aggregate with ``availability_zone``
metadata also sets ``[availability_zone] zone_label`` on its nodes: the label the zone API
reads with ``zones_from_nodes`` and a server's zone becomes a ``nodeSelector`` on.  Every
write is conditional on the resourceVersion of what it changes.
"""

import json
import uuid

from translator import exception
from translator.backend import aggregates as rules
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import hosts, names
from translator.backend.models import Aggregate

LABEL_AGGREGATE = names.PREFIX + 'aggregate'
_CREATE_ATTEMPTS = 5
_WRITE_ATTEMPTS = 3


def object_name(aggregate_id: int) -> str:
    return f'aggregate-{aggregate_id}'


def host_label(aggregate_id: int) -> str:
    return f'{names.PREFIX}aggregate-{aggregate_id}'


def _body(aggregate_id: int, record: dict) -> dict:
    return {'apiVersion': 'v1', 'kind': 'ConfigMap',
            'metadata': {'name': object_name(aggregate_id),
                         'labels': {LABEL_AGGREGATE: 'true'}},
            'data': {'record': json.dumps(record, sort_keys=True)}}


def aggregate_from(config_map: dict, nodes: list) -> Aggregate | None:
    """The aggregate a ConfigMap holds (None for one that is not an aggregate's)."""
    meta = config_map.get('metadata') or {}
    suffix = meta.get('name', '').removeprefix('aggregate-')
    try:
        record = json.loads((config_map.get('data') or {}).get('record') or '')
        aggregate_id = int(suffix)
    except ValueError:
        return None
    label = host_label(aggregate_id)
    members = tuple(sorted(
        (node.get('metadata') or {}).get('name', '') for node in nodes
        if label in ((node.get('metadata') or {}).get('labels') or {})))
    return Aggregate(id=aggregate_id, uuid=record.get('uuid', ''), name=record.get('name', ''),
                     metadata=record.get('metadata') or {}, hosts=members,
                     created_at=record.get('created_at', ''),
                     updated_at=record.get('updated_at'),
                     resource_version=meta.get('resourceVersion', ''))


def _record(aggregate: Aggregate, **changes) -> dict:
    record = {'uuid': aggregate.uuid, 'name': aggregate.name, 'metadata': aggregate.metadata,
              'created_at': aggregate.created_at, 'updated_at': aggregate.updated_at}
    record.update(changes)
    return record


class AggregatesMixin:
    """The host aggregate methods of ``ArktosDriver``."""

    def _aggregates(self) -> list[Aggregate]:
        namespace = self.catalog.namespace
        try:
            items = self.client.get(namespace.collection('configmaps'),
                                    params={'labelSelector': f'{LABEL_AGGREGATE}=true'})
        except arktos_client.ArktosNotFound:
            return []
        nodes = self.client.get(hosts.NODES).get('items') or []
        found = (aggregate_from(item, nodes) for item in items.get('items') or ())
        return sorted((a for a in found if a is not None), key=lambda a: a.id)

    def _aggregate(self, aggregates: list, aggregate_id: int) -> Aggregate:
        for aggregate in aggregates:
            if aggregate.id == aggregate_id:
                return aggregate
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)

    def list_aggregates(self, context) -> list[Aggregate]:
        return self._aggregates()

    def get_aggregate(self, context, aggregate_id: int) -> Aggregate:
        return self._aggregate(self._aggregates(), aggregate_id)

    def create_aggregate(self, context, name: str, availability_zone: str | None) -> Aggregate:
        aggregates = self._aggregates()
        rules.check_unique_name(aggregates, name)
        record = {'uuid': str(uuid.uuid4()), 'name': name,
                  'metadata': {rules.ZONE: availability_zone} if availability_zone else {},
                  'created_at': rules.now(), 'updated_at': None}
        namespace = self.catalog.namespace
        aggregate_id = max((a.id for a in aggregates), default=0) + 1
        for _ in range(_CREATE_ATTEMPTS):
            try:
                created = self.provisioner.create(namespace, namespace.collection('configmaps'),
                                                  _body(aggregate_id, record))
                return aggregate_from(created, [])
            except arktos_client.ArktosConflict:
                aggregate_id += 1  # taken by a create at the same time
        raise exception.Conflict('Too many aggregates are being created at once. Try again.')

    def _write(self, aggregate: Aggregate, **changes) -> None:
        path = self.catalog.namespace.item('configmaps', object_name(aggregate.id))
        record = _record(aggregate, updated_at=rules.now(), **changes)
        self.client.patch(path, {'metadata': {'resourceVersion': aggregate.resource_version},
                                 'data': {'record': json.dumps(record, sort_keys=True)}})

    def _label_node(self, host: str, labels: dict) -> None:
        attempts = _WRITE_ATTEMPTS
        while True:
            node = self._node(host)
            meta = node['metadata']
            try:
                self.client.patch(f"{hosts.NODES}/{meta['name']}",
                                  {'metadata': {'resourceVersion': meta['resourceVersion'],
                                                'labels': labels}})
                return
            except arktos_client.ArktosConflict:
                attempts -= 1
                if not attempts:
                    raise

    def update_aggregate(self, context, aggregate_id: int, name: str | None = None,
                         metadata: dict | None = None) -> Aggregate:
        aggregates = self._aggregates()
        aggregate = self._aggregate(aggregates, aggregate_id)
        if name is not None:
            rules.check_unique_name(aggregates, name, aggregate_id)
        new_metadata = rules.merged(aggregate.metadata, metadata or {})
        zone = new_metadata.get(rules.ZONE)
        if zone != aggregate.availability_zone:
            rules.check_zone_change(aggregates, aggregate, zone)
        self._write(aggregate, name=aggregate.name if name is None else name,
                    metadata=new_metadata)
        if zone != aggregate.availability_zone:
            for host in aggregate.hosts:
                self._label_node(host, {self.zones.conf.zone_label: zone or rules.zone_of(
                    aggregates, host, leaving=aggregate)})
        return self.get_aggregate(context, aggregate_id)

    def delete_aggregate(self, context, aggregate_id: int) -> None:
        aggregate = self.get_aggregate(context, aggregate_id)
        rules.check_delete(aggregate)
        path = self.catalog.namespace.item('configmaps', object_name(aggregate_id))
        self.client.delete(path, {'kind': 'DeleteOptions', 'apiVersion': 'v1',
                                  'preconditions': {'resourceVersion':
                                                    aggregate.resource_version}})

    def add_aggregate_host(self, context, aggregate_id: int, host: str) -> Aggregate:
        aggregates = self._aggregates()
        aggregate = self._aggregate(aggregates, aggregate_id)
        self._node(host)
        rules.check_add(aggregates, aggregate, host)
        labels = {host_label(aggregate_id): 'true'}
        if aggregate.availability_zone:
            labels[self.zones.conf.zone_label] = aggregate.availability_zone
        self._label_node(host, labels)
        return self.get_aggregate(context, aggregate_id)

    def remove_aggregate_host(self, context, aggregate_id: int, host: str) -> Aggregate:
        aggregates = self._aggregates()
        aggregate = self._aggregate(aggregates, aggregate_id)
        if host not in aggregate.hosts:
            raise exception.AggregateHostNotFound(aggregate_id=aggregate_id, host=host)
        labels = {host_label(aggregate_id): None}
        if aggregate.availability_zone:
            labels[self.zones.conf.zone_label] = rules.zone_of(aggregates, host,
                                                               leaving=aggregate)
        self._label_node(host, labels)
        return self.get_aggregate(context, aggregate_id)
