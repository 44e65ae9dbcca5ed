"""Building the WSGI application from configuration."""

import gc
import os
import sys

from oslo_config import cfg
from oslo_log import log as logging
from paste import deploy

from translator import conf as translator_conf

LOG = logging.getLogger(__name__)

CONFIG_FILE_ENV = 'TRANSLATOR_CONFIG_FILE'
DEFAULT_CONFIG_FILE = '/etc/translator/translator.conf'
PASTE_APP = 'translator-api'
_PACKAGED_ETC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'etc', 'translator')


def config_files_from_env() -> list[str]:
    """``TRANSLATOR_CONFIG_FILE`` (``:``-separated), or the default if it exists."""
    value = os.environ.get(CONFIG_FILE_ENV)
    if value:
        return [path for path in value.split(os.pathsep) if path]
    return [DEFAULT_CONFIG_FILE] if os.path.exists(DEFAULT_CONFIG_FILE) else []


def find_paste_config(conf: cfg.ConfigOpts) -> str:
    """Resolve ``[api] api_paste_config``: absolute, next to the config, or packaged."""
    name = conf.api.api_paste_config
    if os.path.isabs(name):
        candidates = [name]
    else:
        candidates = [os.path.join(os.path.dirname(path), name) for path in conf.config_file]
        candidates += [os.path.join(_PACKAGED_ETC, name),
                       os.path.join(sys.prefix, 'etc', 'translator', name)]
    for path in candidates:
        if os.path.exists(path):
            return os.path.abspath(path)
    raise cfg.ConfigFilesNotFoundError([name])


def tune_garbage_collector(threshold: int) -> None:
    """Freeze the objects loaded so far out of collections and collect the youngest
    generation every ``threshold`` allocations (0: leave Python's settings)."""
    if threshold:
        gc.freeze()
        gc.set_threshold(threshold, *gc.get_threshold()[1:])


def init_application(config_files: list[str] | None = None, argv: list[str] | None = None):
    """Parse the configuration, set up logging and load the paste application."""
    conf = translator_conf.CONF
    if config_files is None:
        config_files = config_files_from_env()
    conf(argv or [], project='translator', default_config_files=config_files)
    logging.setup(conf, 'translator')
    application = deploy.loadapp(f'config:{find_paste_config(conf)}', name=PASTE_APP)
    conf.log_opt_values(LOG, logging.DEBUG)
    tune_garbage_collector(conf.api.gc_threshold)
    return application
