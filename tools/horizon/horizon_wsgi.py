"""Horizon's WSGI application with its collected static files served by WhiteNoise
(``STATIC_ROOT`` at ``STATIC_URL``), as a web server's alias would serve them."""

from django.conf import settings
from openstack_dashboard.wsgi import application as dashboard
from whitenoise import WhiteNoise

application = WhiteNoise(dashboard, root=settings.STATIC_ROOT, prefix=settings.STATIC_URL)
