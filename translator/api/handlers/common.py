"""Helpers the resource handlers share."""

from translator.api import wsgi as api_wsgi

DRIVER_KEY = 'translator.driver'
CONF_KEY = 'translator.conf'


def driver(req: api_wsgi.Request):
    return req.environ[DRIVER_KEY]


def conf(req: api_wsgi.Request):
    return req.environ[CONF_KEY]
