"""nova-api (``nova.wsgi.osapi_compute``) for gunicorn; the config dir is $OS_NOVA_CONFIG_DIR.

nova parses ``sys.argv`` with oslo.config, and under gunicorn that is gunicorn's command line.
"""

import sys

sys.argv = sys.argv[:1]

from nova.wsgi.osapi_compute import application  # noqa: E402,F401
