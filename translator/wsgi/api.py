"""WSGI entry point for uwsgi and gunicorn: ``translator.wsgi.api:application``.

Configuration files come from ``TRANSLATOR_CONFIG_FILE`` (default
``/etc/translator/translator.conf``).
"""

import threading

from translator import wsgi
from translator.web import faults

_LOCK = threading.Lock()
_APPLICATION = None


def _get_application():
    global _APPLICATION
    with _LOCK:
        if _APPLICATION is None:
            _APPLICATION = wsgi.init_application()
    return _APPLICATION


def application(environ, start_response):
    if 'REQUEST_METHOD' not in environ or 'PATH_INFO' not in environ:
        # No request line: uwsgi passes such a request on.
        response = faults.fault_response(environ, 400, 'Invalid HTTP request line.')
        start_response(response.status, response.headerlist)
        return [response.body]
    return _get_application()(environ, start_response)
