"""Options of the ``[conductor]`` group: how ``translator-conductor`` moves tasks on."""

import socket

from oslo_config import cfg

conductor_group = cfg.OptGroup('conductor', title='translator-conductor options')

conductor_opts = [
    cfg.StrOpt(
        'host',
        default=socket.gethostname(),
        sample_default='<hostname>',
        help='Name of this conductor: its Lease in the service namespace ([catalog] '
             'tenant and namespace) is ``translator-conductor-<host>``. Give every '
             'conductor of a cloud its own.'),
    cfg.IntOpt(
        'task_timeout',
        default=600,
        min=1,
        help='Seconds a server task (a reboot, snapshot, rebuild or power change) may '
             'take. A task still pending after that ends with a fault on the server '
             '(a snapshot\'s image is killed), so the server can be acted on again.'),
    cfg.IntOpt(
        'batch_timeout',
        default=300,
        min=1,
        help='Seconds after which a server create that did not finish is given up: the '
             'conductor deletes the pods of a batch still uncommitted (a create whose '
             'rollback could not finish, because Arktos failed or the API process died), '
             'and creates stop counting the quota such a create reserved. Far longer than '
             'a create takes (``[arktos] read_timeout``).'),
    cfg.FloatOpt(
        'interval',
        default=1.0,
        min=0.05,
        help='Seconds between passes over the pending tasks when no pod changes (the '
             'Actions of pending reboots, snapshots and restores are read once a pass).'),
    cfg.IntOpt(
        'watch_timeout',
        default=300,
        min=5,
        help='Seconds one Arktos watch stays open before the conductor starts the next '
             'from where it stopped.'),
    cfg.IntOpt(
        'lease_duration',
        default=15,
        min=2,
        help='Seconds the conductor\'s Lease is valid; it is renewed every third of '
             'that. The API\'s /healthcheck (backend ``conductor``) is healthy while some '
             'conductor\'s Lease is valid.'),
    cfg.IntOpt(
        'sweep_interval',
        default=60,
        min=1,
        help='Seconds between sweeps for snapshot images left ``saving`` by a task '
             'that no longer exists (they are killed once older than task_timeout), and '
             'for server creates older than batch_timeout that did not finish.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts() -> dict:
    return {conductor_group: conductor_opts}
