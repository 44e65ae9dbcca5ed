"""Options of the ``[quota]`` group: every project's limits (Nova's defaults)."""

from oslo_config import cfg

quota_group = cfg.OptGroup('quota', title='Quota options',
                           help='Limits of every project; -1 means unlimited. Server '
                                'creates count the project\'s server pods in Arktos.')


def _quota(name: str, default: int, what: str) -> cfg.IntOpt:
    return cfg.IntOpt(name, default=default, min=-1,
                      help=f'The most {what} a project may have (-1: unlimited).')


quota_opts = [
    _quota('instances', 10, 'servers'),
    _quota('cores', 20, 'vCPUs of its servers together'),
    _quota('ram', 51200, 'MiB of RAM of its servers together'),
    _quota('metadata_items', 128, 'metadata items of one server'),
    _quota('key_pairs', 100, 'key pairs of one user'),
    _quota('server_groups', 10, 'server groups'),
    _quota('server_group_members', 10, 'servers in one server group'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts() -> dict:
    return {quota_group: quota_opts}
