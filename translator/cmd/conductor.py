"""``translator-conductor``: move the servers' long tasks on (``translator.conductor``).

Reads the same configuration files as the API (``--config-file``, else
``$TRANSLATOR_CONFIG_FILE`` or ``/etc/translator/translator.conf``). SIGTERM and
SIGINT stop it after the pass in progress.
"""

import signal
import sys
import threading

from oslo_log import log as logging

from translator import conf as translator_conf
from translator import wsgi
from translator.conductor import manager

LOG = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> None:
    conf = translator_conf.CONF
    conf(sys.argv[1:] if argv is None else argv, project='translator',
         default_config_files=wsgi.config_files_from_env())
    logging.setup(conf, 'translator-conductor')
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    conductor = manager.Conductor(conf)
    LOG.info('translator-conductor %s watching %s', conf.conductor.host, conf.arktos.url)
    conductor.run(stop)
    LOG.info('translator-conductor %s stopped', conf.conductor.host)
