"""The paste composite that assembles an API's pipeline.

The configuration is parsed once (``translator.wsgi``) and the driver loaded once
per process; both are put in every request's environment here, outside every
filter, so filters and handlers alike read ``req.conf`` and ``req.driver``.
"""

from translator import backend
from translator.conf import CONF
from translator.web import wsgi


class Environment:
    """The outermost layer: the configuration and driver every layer inside reads."""

    def __init__(self, application, conf, driver):
        self.application = application
        self.conf = conf
        self.driver = driver

    def __call__(self, environ, start_response):
        environ[wsgi.CONF_KEY] = self.conf
        environ[wsgi.DRIVER_KEY] = self.driver
        return self.application(environ, start_response)


def factory(loader, global_conf, **local_conf):
    """paste.deploy composite: the pipeline named by ``[api] auth_strategy``."""
    pipeline = local_conf[CONF.api.auth_strategy].split()
    app = loader.get_app(pipeline[-1])
    for name in reversed(pipeline[:-1]):
        app = loader.get_filter(name)(app)
    return Environment(app, CONF, backend.load_driver(CONF))
