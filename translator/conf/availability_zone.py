"""Options of the ``[availability_zone]`` group: the zones servers can ask for."""

from oslo_config import cfg

availability_zone_group = cfg.OptGroup('availability_zone', title='Availability zones')

availability_zone_opts = [
    cfg.ListOpt(
        'zones',
        default=['nova'],
        help='The availability zones of the cloud, when they are not taken from the '
             'Arktos nodes.'),
    cfg.StrOpt(
        'default_zone',
        default='nova',
        help='The zone of servers created without ``availability_zone``.'),
    cfg.BoolOpt(
        'zones_from_nodes',
        default=False,
        help='Take the zones from the ``zone_label`` label of the Arktos nodes '
             '(``GET /api/v1/nodes``) instead of ``zones``; a server that asks for a zone '
             'then gets a ``nodeSelector`` on that label. Nodes without the label are in '
             '``default_zone``.'),
    cfg.StrOpt(
        'zone_label',
        default='topology.kubernetes.io/zone',
        help='The node label that names a node\'s zone (with ``zones_from_nodes``).'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(availability_zone_group)
    conf.register_opts(availability_zone_opts, group=availability_zone_group)


def list_opts() -> dict:
    return {availability_zone_group: availability_zone_opts}
