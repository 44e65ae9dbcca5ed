"""Horizon's WSGI application with its collected static files served by WhiteNoise
(``STATIC_ROOT`` at ``STATIC_URL``), as a web server's alias would serve them: like
Apache and nginx, repeated slashes in a static path count as one (Horizon's Angular
code asks for ``…/images//actions/….html``)."""

import re

from django.conf import settings
from openstack_dashboard.wsgi import application as dashboard
from whitenoise import WhiteNoise

_static = WhiteNoise(dashboard, root=settings.STATIC_ROOT, prefix=settings.STATIC_URL)


def application(environ, start_response):
    path = environ.get('PATH_INFO', '')
    if path.startswith(settings.STATIC_URL):
        environ['PATH_INFO'] = re.sub('/{2,}', '/', path)
    return _static(environ, start_response)
