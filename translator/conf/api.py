"""Options of the ``[api]`` group: the HTTP side of the service."""

from oslo_config import cfg

api_group = cfg.OptGroup('api', title='Compute API options')

api_opts = [
    cfg.StrOpt(
        'auth_strategy',
        default='keystone',
        choices=[
            ('keystone', 'Validate tokens with keystonemiddleware.'),
            ('noauth', 'Development and tests only: "X-Auth-Token: user:project" names '
                       'the caller, user "admin" gets the admin role, no header means '
                       'admin:admin.'),
        ],
        help='How callers are authenticated. Selects the pipeline of the same name in '
             'the paste file.'),
    cfg.StrOpt(
        'api_paste_config',
        default='api-paste.ini',
        help='The paste.deploy file that assembles the WSGI application. A relative '
             'path is looked up next to the config files, then in the packaged '
             '``etc/translator`` directory.'),
    cfg.StrOpt(
        'compute_driver',
        default='translator.backend.arktos.driver:ArktosDriver',
        help='The compute backend the compute and image APIs serve: ``module:class`` of '
             'a ``translator.backend.base.Driver`` subclass, built with the '
             'configuration. The Arktos driver is the one the service ships; the tests '
             'name an in-memory one.'),
    cfg.StrOpt(
        'public_endpoint',
        help='Base URL used in ``links`` and ``Location`` headers, for example '
             '``https://cloud.example.com/compute``. When unset, the URL the request '
             'came in on is used (``X-Forwarded-*`` is honoured when '
             '``[oslo_middleware] enable_proxy_headers_parsing`` is true).'),
    cfg.IntOpt(
        'max_limit',
        default=1000,
        min=1,
        help='The most items one list response holds. Larger ``limit`` values are '
             'capped to it, and a full page carries a ``next`` link.'),
    cfg.IntOpt(
        'max_servers_per_request',
        default=1000,
        min=1,
        help='The most servers one ``POST /servers`` may ask for (``max_count``); '
             'more is a 403, before anything is created.'),
    cfg.BoolOpt(
        'enable_instance_password',
        default=True,
        help='Return an ``adminPass`` in server create responses, as Nova does by '
             'default. Keep it equal to tempest\'s '
             '``[compute-feature-enabled] enable_instance_password``.'),
    cfg.IntOpt(
        'workers',
        default=2,
        min=1,
        help='Worker processes that ``translator-api`` starts under gunicorn.'),
    cfg.IntOpt(
        'threads',
        default=64,
        min=1,
        help='Threads per ``translator-api`` worker process. A client that sends its '
             'request slowly holds one until the request is in, so there are many: '
             'an idle thread costs little, and 2 workers of 64 answer other requests '
             'within a second while 40 connections dribble their headers or bodies '
             '(tests/functional/test_slow_clients.py).'),
    cfg.IntOpt(
        'gc_threshold',
        default=100000,
        min=0,
        help='Allocations between two collections of the youngest generation of '
             "Python's garbage collector in an API worker (``gc.set_threshold``); the "
             'objects of the loaded application are also frozen out of collections '
             "(``gc.freeze``). With Python's default, 700, rendering a 1,000-server list "
             'takes a third longer. 0 leaves the collector as Python sets it.'),
]


def register_opts(conf: cfg.ConfigOpts) -> None:
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts() -> dict:
    return {api_group: api_opts}
