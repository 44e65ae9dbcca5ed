"""Options of the ``[catalog]`` group: where flavors and images live in Arktos."""

from oslo_config import cfg

catalog_group = cfg.OptGroup('catalog', title='Flavor and image catalog options')

catalog_opts = [
    cfg.StrOpt(
        'tenant',
        default='system',
        help='Arktos tenant whose namespace holds the flavor and image ConfigMaps.'),
    cfg.StrOpt(
        'namespace',
        default='nova-catalog',
        help='Arktos namespace that holds one ConfigMap per flavor and per image. It is '
             'created on the first write. Until the catalog is first written, the '
             'built-in flavors (m1.tiny…m1.xlarge) and images (cirros, ubuntu-xenial) '
             'are served; the first write stores them, so they stay until deleted.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(catalog_group)
    conf.register_opts(catalog_opts, group=catalog_group)


def list_opts() -> dict:
    return {catalog_group: catalog_opts}
