"""Configuration options of the translator, one module per option group."""

from glance_store import backend as glance_store_backend
from oslo_config import cfg
from oslo_log import log
from oslo_middleware import http_proxy_to_wsgi, sizelimit
from oslo_policy import opts as policy_opts

from translator.conf import (
    api,
    arktos,
    availability_zone,
    catalog,
    conductor,
    image,
    network,
    quota,
)

CONF = cfg.CONF

_GROUP_MODULES = (api, arktos, availability_zone, catalog, conductor, image, network, quota)


def register_opts(conf: cfg.ConfigOpts) -> None:
    """Register every option the service reads, ours and the oslo libraries'."""
    for module in _GROUP_MODULES:
        module.register_opts(conf)
    log.register_options(conf)
    policy_opts.set_defaults(conf, policy_file='policy.yaml')
    conf.register_opts(http_proxy_to_wsgi.OPTS, group='oslo_middleware')
    conf.register_opts(sizelimit.OPTS, group='oslo_middleware')
    glance_store_backend.register_opts(conf)
    conf.set_default('filesystem_store_datadir', '/var/lib/translator/images',
                     group='glance_store')


register_opts(CONF)
