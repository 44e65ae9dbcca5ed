"""WSGI entry point for uwsgi and gunicorn: ``translator.wsgi.api:application``.

Configuration files come from ``TRANSLATOR_CONFIG_FILE`` (default
``/etc/translator/translator.conf``).
"""

import threading

from translator import wsgi

_LOCK = threading.Lock()
_APPLICATION = None


def _get_application():
    global _APPLICATION
    with _LOCK:
        if _APPLICATION is None:
            _APPLICATION = wsgi.init_application()
    return _APPLICATION


def application(environ, start_response):
    return _get_application()(environ, start_response)
