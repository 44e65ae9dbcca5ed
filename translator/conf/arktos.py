"""Options of the ``[arktos]`` group: how the service reaches Arktos."""

from oslo_config import cfg

arktos_group = cfg.OptGroup('arktos', title='Arktos API server options')

arktos_opts = [
    cfg.URIOpt(
        'url',
        default='http://127.0.0.1:8080',
        schemes=['http', 'https'],
        help='Base URL of the Arktos API server (or of the Arktos API emulator).'),
    cfg.StrOpt(
        'token',
        secret=True,
        help='Bearer token sent to Arktos. Its user needs to create tenants, '
             'namespaces and pods in every tenant the service maps projects to '
             '(a user of tenant ``system``).'),
    cfg.StrOpt(
        'cert_file',
        help='Client certificate (PEM) for Arktos, used instead of or with a token.'),
    cfg.StrOpt(
        'key_file',
        help='Private key (PEM) of ``cert_file``.'),
    cfg.StrOpt(
        'ca_file',
        help='CA bundle that verifies the Arktos server certificate. The system '
             'bundle is used when unset.'),
    cfg.BoolOpt(
        'insecure',
        default=False,
        help='Do not verify the Arktos server certificate. Development only.'),
    cfg.FloatOpt(
        'connect_timeout',
        default=3.0,
        min=0.1,
        help='Seconds to wait for a TCP connection to Arktos.'),
    cfg.FloatOpt(
        'read_timeout',
        default=15.0,
        min=0.1,
        help='Seconds to wait for Arktos to answer one request.'),
    cfg.IntOpt(
        'max_retries',
        default=2,
        min=0,
        help='Retries of one Arktos call after a 429 (any method) or a connection '
             'failure (idempotent methods only).'),
    cfg.FloatOpt(
        'max_retry_after',
        default=2.0,
        min=0,
        help='Longest ``Retry-After`` (seconds) the service waits for before retrying; '
             'a longer one ends the request with a 503 at once.'),
    cfg.IntOpt(
        'retry_after',
        default=2,
        min=1,
        help='``Retry-After`` seconds sent to the client with a 503 when Arktos is '
             'unreachable or overloaded and Arktos gave no value of its own.'),
    cfg.IntOpt(
        'pool_maxsize',
        default=32,
        min=1,
        help='Pooled HTTP connections to Arktos per worker process.'),
    cfg.IntOpt(
        'create_concurrency',
        default=8,
        min=1,
        help='Pods one multi-server create (``min_count``/``max_count``) creates in '
             'parallel. The default suits one API worker process.'),
    cfg.StrOpt(
        'tenant_template',
        default='{project_id}',
        help='Arktos tenant of a Keystone project. ``{project_id}`` and '
             '``{project_name}`` are replaced; the result, lower-cased, must be a '
             'DNS-1123 label and not ``all``.'),
    cfg.StrOpt(
        'namespace_template',
        default='default',
        help='Arktos namespace (inside the tenant) that holds a project\'s servers. '
             'Same placeholders as ``tenant_template``.'),
    cfg.StrOpt(
        'storage_cluster_id',
        default='0',
        help='``spec.storageClusterId`` of the tenants the service creates for new '
             'projects ("0" to "63").'),
    cfg.FloatOpt(
        'cpu_allocation_ratio',
        default=4.0,
        min=0.001,
        help='A server gets ``limits.cpu`` = flavor vCPUs and ``requests.cpu`` = '
             'vCPUs / this ratio, so the Arktos scheduler packs servers as Nova '
             'does with its CPU allocation ratio.'),
    cfg.FloatOpt(
        'ram_allocation_ratio',
        default=1.0,
        min=0.001,
        help='A server gets ``limits.memory`` = flavor RAM and ``requests.memory`` '
             '= RAM / this ratio.'),
    cfg.IntOpt(
        'delete_grace_period',
        default=0,
        min=0,
        help='``gracePeriodSeconds`` sent with pod deletions. 0 powers the VM off at '
             'once, as Nova\'s delete does; Arktos\'s own default (30 s) keeps a '
             'deleted server visible for up to ~10 s.'),
    cfg.StrOpt(
        'default_key_pair_name',
        default='nova-no-key',
        help='Arktos requires a key pair name or a public key on every VM; this name '
             'is sent for servers created without ``key_name``. Arktos only '
             'checks that it is not empty.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(arktos_group)
    conf.register_opts(arktos_opts, group=arktos_group)


def list_opts() -> dict:
    return {arktos_group: arktos_opts}
