"""Options of the ``[image]`` group: what the image API accepts and where it serves
image data from (the data itself is glance_store's, in ``[glance_store]``)."""

from oslo_config import cfg

image_group = cfg.OptGroup('image', title='Image API options')

image_opts = [
    cfg.ListOpt(
        'disk_formats',
        default=['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso',
                 'ploop'],
        help='Disk formats an image may have (Glance\'s [image_format] disk_formats).'),
    cfg.ListOpt(
        'container_formats',
        default=['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker', 'compressed'],
        help='Container formats an image may have (Glance\'s [image_format] '
             'container_formats).'),
    cfg.IntOpt(
        'max_image_size',
        default=1099511627776, min=1,
        help='The largest image data, in bytes, an upload, stage or web-download may '
             'bring (Glance\'s image_size_cap); beyond it the request is a 413.'),
    cfg.IntOpt(
        'data_timeout',
        default=30, min=1,
        help='Seconds an upload or stage waits for the next bytes of its body under '
             'translator-api (gunicorn) before it fails (400) and the image is queued '
             'again, so a client that stops sending does not hold a worker thread '
             '(uwsgi\'s socket-timeout does the same in the shipped uwsgi ini).'),
    cfg.IntOpt(
        'image_count_total',
        default=-1, min=-1,
        help='The most images a project may own, whatever their status (-1: unlimited).'),
    cfg.IntOpt(
        'image_size_total',
        default=-1, min=-1,
        help='The most image data, in MiB, a project\'s images may hold together '
             '(-1: unlimited); an upload that would exceed it is a 413.'),
    cfg.ListOpt(
        'enabled_import_methods',
        default=['glance-direct', 'web-download'],
        item_type=cfg.types.String(choices=['glance-direct', 'web-download']),
        help='The interoperable import methods /v2/info/import offers and '
             'POST /v2/images/{id}/import accepts.'),
    cfg.ListOpt(
        'allowed_import_hosts',
        default=[],
        help='Host names or addresses web-download may fetch from (http and https, any '
             'port; redirects are not followed). Empty: web-download is refused for '
             'every URI, so the service fetches nothing from a network it can reach '
             'and its users cannot (loopback, cloud metadata) unless named here.'),
    cfg.IntOpt(
        'import_timeout',
        default=600, min=1,
        help='Seconds a web-download may take in all (connecting, each read, the '
             'whole transfer); past it the import fails and the image is queued again. '
             'An import whose process died is taken over after this long.'),
    cfg.IntOpt(
        'import_workers',
        default=2, min=1,
        help='Web-downloads one API process runs at a time, in background threads; '
             'more imports asked for meanwhile are a 503 with Retry-After.'),
    cfg.URIOpt(
        'download_url_base',
        schemes=['http', 'https'],
        help='Where Arktos\'s VM runtime reaches this API (scheme, host and port, and '
             'the prefix the API is mounted at, if any: the URL of "/" of '
             'api-paste.ini). When set, a server booted from an image whose data is in '
             'the image store gets a signed, expiring reference to that data as its VM '
             'image, <host:port/prefix>/image/runtime/<id>/<expires>/<signature> (the '
             'form of a container image reference, as Arktos\'s kubelet requires), '
             'fetched without a token. When unset, the VM image is the store\'s own '
             'location (a file:// URI for the file store), which the kubelet refuses.'),
    cfg.StrOpt(
        'download_url_key',
        secret=True,
        help='The key of the HMAC that signs the runtime\'s image URLs; the same on '
             'every API host. Required with download_url_base.'),
    cfg.IntOpt(
        'download_url_ttl',
        default=7 * 24 * 3600, min=60,
        help='Seconds a runtime image URL stays valid after the server create or '
             'rebuild that made it. The runtime downloads the image when the VM is '
             'created (and keeps it: imagePullPolicy IfNotPresent).'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(image_group)
    conf.register_opts(image_opts, group=image_group)


def list_opts() -> dict:
    return {image_group: image_opts}
