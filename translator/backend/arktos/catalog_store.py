"""Flavors and images kept as ConfigMaps in one Arktos namespace.

One ConfigMap per flavor (``flavor-<hash of id>``) and per image (``image-<id>``),
each holding the record as JSON under ``record`` and labelled
``nova.openstack.org/catalog=<kind>``, so creates and deletes never contend. A
``catalog-seeded`` marker says the built-in defaults were written; until then
reads also serve the built-in flavors and images (``translator.backend.catalog``).
"""

import hashlib
import json

from translator.backend import catalog
from translator.backend.arktos import client as arktos_client
from translator.backend.arktos import tenancy
from translator.backend.arktos.names import LABEL_CATALOG as KIND_LABEL
from translator.backend.models import Flavor, Image

FLAVOR, IMAGE, MARKER = 'flavor', 'image', 'seeded'
_MARKER_NAME = 'catalog-seeded'


def flavor_object_name(flavor_id: str) -> str:
    return 'flavor-' + hashlib.sha256(flavor_id.encode()).hexdigest()[:32]


def image_object_name(image_id: str) -> str:
    return f'image-{image_id}'


def _config_map(name: str, kind: str, record: dict | None) -> dict:
    body = {'apiVersion': 'v1', 'kind': 'ConfigMap',
            'metadata': {'name': name, 'labels': {KIND_LABEL: kind}}}
    if record is not None:
        body['data'] = {'record': json.dumps(record, sort_keys=True)}
    return body


class Catalog:
    """A snapshot of the catalog, as one list call returned it."""

    def __init__(self, flavors: list[Flavor], images: list[Image], seeded: bool):
        self.flavors = sorted(flavors, key=lambda flavor: _flavor_sort_key(flavor.id))
        self.images = sorted(images, key=lambda image: (image.created_at, image.id))
        self.seeded = seeded

    def flavor(self, flavor_id: str) -> Flavor | None:
        return next((f for f in self.flavors if f.id == flavor_id), None)

    def image(self, image_id: str) -> Image | None:
        return next((i for i in self.images if i.id == image_id), None)


def _flavor_sort_key(flavor_id: str):
    """Nova orders flavors by ``flavorid``; numeric ids sort as numbers here."""
    return (0, int(flavor_id), '') if flavor_id.isdigit() else (1, 0, flavor_id)


class CatalogStore:

    def __init__(self, client: arktos_client.ArktosClient,
                 provisioner: tenancy.Provisioner, namespace: tenancy.Namespace):
        self.client = client
        self.provisioner = provisioner
        self.namespace = namespace
        self.path = namespace.collection('configmaps')

    @classmethod
    def from_conf(cls, client: arktos_client.ArktosClient, conf) -> 'CatalogStore':
        """The catalog of ``[catalog]``, provisioned with the ``[arktos]`` settings."""
        return cls(client, tenancy.Provisioner(client, conf.arktos.storage_cluster_id),
                   tenancy.Namespace(conf.catalog.tenant, conf.catalog.namespace))

    def load(self) -> Catalog:
        """The whole catalog in one Arktos call."""
        items = self.client.get(self.path, params={'labelSelector': KIND_LABEL}).get('items')
        records = {FLAVOR: [], IMAGE: [], MARKER: []}
        for item in items or ():
            kind = item['metadata'].get('labels', {}).get(KIND_LABEL)
            if kind in records:
                records[kind].append(json.loads((item.get('data') or {}).get('record', '{}')))
        seeded = bool(records[MARKER])
        flavors = [Flavor.from_dict(record) for record in records[FLAVOR]]
        images = [Image.from_dict(record) for record in records[IMAGE]]
        if not seeded:
            flavors += [f for f in catalog.FLAVORS if f.id not in {x.id for x in flavors}]
            images += [i for i in catalog.IMAGES if i.id not in {x.id for x in images}]
        return Catalog(flavors, images, seeded)

    def _create(self, body: dict, exists_ok: bool = False) -> None:
        try:
            self.client.post(self.path, body)
        except arktos_client.ArktosConflict:
            if not exists_ok:
                raise

    def _seed(self) -> None:
        """Store the built-in defaults before the first write (idempotent)."""
        if self.load().seeded:
            return
        self.provisioner.provision(self.namespace, tenant=False)
        for flavor in catalog.FLAVORS:
            self._create(_config_map(flavor_object_name(flavor.id), FLAVOR, flavor.to_dict()),
                         exists_ok=True)
        for image in catalog.IMAGES:
            self._create(_config_map(image_object_name(image.id), IMAGE, image.to_dict()),
                         exists_ok=True)
        self._create(_config_map(_MARKER_NAME, MARKER, {}), exists_ok=True)

    def create_flavor(self, flavor: Flavor) -> None:
        """Raise ArktosConflict when the id is taken."""
        self._seed()
        self._create(_config_map(flavor_object_name(flavor.id), FLAVOR, flavor.to_dict()))

    def delete_flavor(self, flavor_id: str) -> None:
        """Raise ArktosNotFound when there is no such flavor."""
        self._seed()
        self.client.delete(self._flavor_path(flavor_id))

    def _flavor_path(self, flavor_id: str) -> str:
        return self.namespace.item('configmaps', flavor_object_name(flavor_id))

    def create_image(self, image: Image) -> None:
        self._seed()
        self._create(_config_map(image_object_name(image.id), IMAGE, image.to_dict()))

    def _get_record(self, path: str) -> tuple[dict, str]:
        """A stored record and the resourceVersion of its ConfigMap (raise
        ArktosNotFound when there is none)."""
        item = self.client.get(path)
        record = json.loads((item.get('data') or {}).get('record', '{}'))
        return record, item['metadata']['resourceVersion']

    def _update_record(self, path: str, record: dict, resource_version: str | None) -> None:
        """Replace a record (raise ArktosNotFound when it is gone); with
        ``resource_version``, only if it is unchanged since (else ArktosConflict)."""
        self._seed()
        patch = {'data': {'record': json.dumps(record, sort_keys=True)}}
        if resource_version is not None:
            patch['metadata'] = {'resourceVersion': resource_version}
        self.client.patch(path, patch)

    def get_flavor(self, flavor_id: str) -> tuple[Flavor, str]:
        self._seed()
        record, resource_version = self._get_record(self._flavor_path(flavor_id))
        return Flavor.from_dict(record), resource_version

    def update_flavor(self, flavor: Flavor, resource_version: str | None = None) -> None:
        self._update_record(self._flavor_path(flavor.id), flavor.to_dict(), resource_version)

    def get_image(self, image_id: str) -> tuple[Image, str]:
        self._seed()
        record, resource_version = self._get_record(self._image_path(image_id))
        return Image.from_dict(record), resource_version

    def update_image(self, image: Image, resource_version: str | None = None) -> None:
        self._update_record(self._image_path(image.id), image.to_dict(), resource_version)

    def delete_image(self, image_id: str) -> None:
        self._seed()
        self.client.delete(self._image_path(image_id))

    def _image_path(self, image_id: str) -> str:
        return self.namespace.item('configmaps', image_object_name(image_id))
