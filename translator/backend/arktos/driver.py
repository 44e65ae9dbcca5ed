"""The Arktos compute backend: servers are VM pods in the project's tenant.

``ArktosDriver`` is the resource modules put together: each mixin holds the methods of
one resource (``servers``, ``server_create``, ``actions``, ``flavors``, ``images``,
``keypairs``, ``quotas``, ``zones``, ``networks``, ``hosts``, ``aggregates``,
``server_groups``, ``resize``); this module only wires the parts they share.
"""

from translator import image_urls, memo
from translator.backend import base
from translator.backend.arktos import (
    actions,
    aggregates,
    catalog_store,
    flavors,
    hosts,
    images,
    keypairs,
    networks,
    quota_store,
    quotas,
    resize,
    server_create,
    server_groups,
    servers,
    tenancy,
    zones,
)
from translator.backend.arktos import client as arktos_client

# Translated servers remembered per worker: a page of the default [api] max_limit
# (some 6 KB each; a larger memo would tie up memory a paged 10,000-server list never reuses).
_REMEMBERED_SERVERS = 1024


class ArktosDriver(servers.ServersMixin, server_create.ServerCreateMixin,
                   actions.ActionsMixin, flavors.FlavorsMixin, images.ImagesMixin,
                   keypairs.KeyPairsMixin, quotas.QuotasMixin, zones.ZonesMixin,
                   networks.NetworksMixin, hosts.HostsMixin,
                   aggregates.AggregatesMixin, server_groups.ServerGroupsMixin,
                   resize.ResizeMixin, base.Driver):

    def __init__(self, conf):
        self.conf = conf.arktos
        self.client = arktos_client.ArktosClient.from_conf(self.conf)
        self.provisioner = tenancy.Provisioner(self.client, self.conf.storage_cluster_id)
        self.catalog = catalog_store.CatalogStore.from_conf(self.client, conf)
        image_urls.check_conf(conf.image)
        self.image_conf = conf.image
        self.quota_store = quota_store.QuotaStore(
            self.client, self.provisioner, self.catalog.namespace,
            quotas.conf_defaults(conf.quota))
        # Creates older than that have given up: their reservations count no more.
        self.batch_timeout = conf.conductor.batch_timeout
        self.networks = networks.NetworkTable.from_conf(conf.network)
        self.zones = zones.Zones(conf.availability_zone, self.client)
        self.keypairs = keypairs.KeyPairs(self.client, self.provisioner)
        self.server_groups = server_groups.ServerGroups(self.client, self.provisioner)
        # Servers by translate.revision: a pod that has not changed is not translated again.
        self._servers = memo.BoundedMemo(_REMEMBERED_SERVERS)
