"""Options of the ``[network]`` group: the networks servers attach to."""

from oslo_config import cfg

network_group = cfg.OptGroup('network', title='Networks')

DEFAULT_NETWORK = 'id=0b8ac2ff-0b3a-4a8f-9a55-5b1ad1c4a6b0,label=default,default=true'

network_opts = [
    cfg.MultiStrOpt(
        'networks',
        default=[DEFAULT_NETWORK],
        help='One network servers can attach to, as comma-separated ``key=value`` '
             'pairs: ``id`` (a UUID, required), ``label`` (the name clients see and '
             '``addresses`` are keyed by, required), ``subnet`` (the Arktos '
             '``subnetName`` of its NICs; unset: the pod network), ``vpc`` (the pod\'s '
             'Arktos ``spec.vpc``), ``cidr`` (shown by ``/os-networks``), ``default`` '
             '(``true``: the network of ``networks: "auto"``; otherwise the first one). '
             'Repeat the option for more networks.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(network_group)
    conf.register_opts(network_opts, group=network_group)


def list_opts() -> dict:
    return {network_group: network_opts}
