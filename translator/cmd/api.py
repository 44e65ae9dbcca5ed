"""``translator-api``: serve the compute API under gunicorn (development server).

Production deployments point uwsgi or gunicorn at ``translator.wsgi.api:application``.
"""

import argparse
import os
import sys

from gunicorn.app import base as gunicorn_base

from translator import conf as translator_conf
from translator import wsgi


class _Server(gunicorn_base.BaseApplication):

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from translator.wsgi import api

        return api.application


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='translator-api', description=__doc__)
    parser.add_argument('--config-file', action='append', default=[],
                        help='Configuration file; repeat for several. Default: '
                             f'${wsgi.CONFIG_FILE_ENV} or {wsgi.DEFAULT_CONFIG_FILE}.')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8774)
    parser.add_argument('--workers', type=int,
                        help='Worker processes (default: [api] workers).')
    parser.add_argument('--pid-file', help='Write the master process id here.')
    args = parser.parse_args(argv)
    if args.config_file:
        os.environ[wsgi.CONFIG_FILE_ENV] = os.pathsep.join(
            os.path.abspath(path) for path in args.config_file)
    conf = translator_conf.CONF
    conf([], project='translator', default_config_files=wsgi.config_files_from_env())
    options = {
        'bind': f'{args.host}:{args.port}',
        'workers': args.workers or conf.api.workers,
        # gthread, with gunicorn's own errors (414, 431, 400) in Nova's fault shape.
        'worker_class': 'translator.wsgi.worker.ThreadWorker',
        'threads': conf.api.threads,
        'preload_app': False,
        'accesslog': None,
        'control_socket_disable': True,
        # Longer than the intervals clients poll at: a connection closed just as a
        # client reuses it fails that request (gunicorn's default is 2 s).
        'keepalive': 75,
        # Forwarded headers are oslo.middleware's decision alone
        # ([oslo_middleware] enable_proxy_headers_parsing), never gunicorn's.
        'forwarded_allow_ips': '',
        'secure_scheme_headers': {},
    }
    if args.pid_file:
        options['pidfile'] = args.pid_file
    sys.argv = sys.argv[:1]
    _Server(options).run()
