"""The integration tier: the whole application in this process, as ``translator.wsgi``
loads it (the paste pipeline with noauth and every real filter), reached by the tests'
HTTP clients through wsgi-intercept at ``http://translator.test``; behind it the Arktos
emulator, in process too at ``http://arktos.test`` (or the real control plane with
``--backend arktos``), and translator-conductor's reconciler and Lease in a thread.

No process is started and no socket opened (but a real Arktos's). What needs real
servers (gunicorn, uwsgi, Keystone, the CLIs and client libraries, process restarts)
stays in ``tests/functional`` and ``tests/e2e``.
"""

import threading
import time

import pytest
import wsgi_intercept
from oslo_log import log as logging
from urllib3 import connection, connectionpool
from wsgi_intercept import urllib3_intercept

from translator import backend, exception, policy, wsgi
from translator.backend.arktos import names, tenancy
from translator.conductor import manager
from translator.conf import CONF
from translator.emulator.app import make_app
from translator.emulator.lifecycle import Timings
from translator.testing import harness

LOG = logging.getLogger(__name__)
TRANSLATOR_HOST = 'translator.test'
ARKTOS_HOST = 'arktos.test'
PORT = 80


@pytest.fixture(scope='package')
def intercepted():
    """urllib3 (and requests over it) hands the connections to the hosts added with
    ``wsgi_intercept.add_wsgi_intercept`` to their WSGI apps; others go out as usual.
    Only plain HTTP is intercepted: the interceptor drops the TLS settings (CA, client
    certificate) a real Arktos over HTTPS needs."""
    urllib3_intercept.install()
    connectionpool.HTTPSConnectionPool.ConnectionCls = connection.HTTPSConnection
    try:
        yield
    finally:
        urllib3_intercept.uninstall()


@pytest.fixture(scope='package')
def arktos(request, intercepted):
    """``{'url', 'token', 'ca', 'kind'}`` of the Arktos under test: the emulator in
    process (its boot as long as the functional tier's, in-place resize enabled as on the
    real stack), or the real control plane."""
    kind = request.config.getoption('--backend')
    if kind == 'arktos':
        yield {**request.getfixturevalue('real_arktos'), 'kind': kind}
        return
    emulator = make_app(timings=Timings(boot=0.2), gates=frozenset({harness.RESIZE_GATE}))
    wsgi_intercept.add_wsgi_intercept(ARKTOS_HOST, PORT, lambda: emulator)
    try:
        yield {'url': f'http://{ARKTOS_HOST}', 'token': None, 'ca': None, 'kind': kind}
    finally:
        wsgi_intercept.remove_wsgi_intercept(ARKTOS_HOST, PORT)


class Conductor:
    """translator-conductor's work in a thread of this process: ``manager.Conductor``'s
    reconciler over the task pods, listed afresh every ``interval``, and its Lease
    renewed. Its informer is not used: wsgi-intercept hands a response over only once it
    is complete, so a watch's events would arrive when the watch ends."""

    def __init__(self, conf, interval: float = 0.05):
        self.conductor = manager.Conductor(conf)
        self.interval = interval
        self.renewed = float('-inf')
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name='conductor', daemon=True)

    def run_once(self) -> None:
        """One pass: renew the Lease when due, move every task on one step."""
        conductor = self.conductor
        try:
            if time.monotonic() - self.renewed >= conductor.heartbeat.duration / 3:
                conductor.heartbeat.renew()
                self.renewed = time.monotonic()
            pods = conductor.client.get(tenancy.every_tenant('pods'), params={
                'labelSelector': names.TASK_SELECTOR}).get('items') or []
            conductor.reconciler.reconcile(pods)
        except exception.TranslatorException as e:
            LOG.warning('Conductor pass failed: %s', e)

    def _run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.run_once()

    def __enter__(self) -> 'Conductor':
        # The Lease is held before the first request (the API's /healthcheck reads it).
        self.run_once()
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)
        try:
            self.conductor.heartbeat.release()
        except exception.TranslatorException as e:
            LOG.warning('Could not release the Lease: %s', e)


@pytest.fixture(scope='package')
def translator(arktos, intercepted, tmp_path_factory):
    """Base URL of the application (noauth) in process, serving against ``arktos`` with
    a conductor; projects may have any number of servers."""
    conf_path = tmp_path_factory.mktemp('translator') / 'translator.conf'
    token_line = f"token = {arktos['token']}\n" if arktos['token'] else ''
    ca_line = f"ca_file = {arktos['ca']}\n" if arktos['ca'] else ''
    conf_path.write_text(
        '[api]\nauth_strategy = noauth\ngc_threshold = 0\n'
        f"[arktos]\nurl = {arktos['url']}\n{token_line}{ca_line}"
        f'{harness.UNLIMITED_SERVERS}[conductor]\nhost = integration-tests\n'
        f"[glance_store]\nfilesystem_store_datadir = {conf_path.parent / 'images'}\n"
        f'[image]\ndownload_url_base = http://{TRANSLATOR_HOST}\n'
        'download_url_key = integration-tests\n')
    backend.reset()
    policy.reset()
    app = wsgi.init_application([str(conf_path)])
    wsgi_intercept.add_wsgi_intercept(TRANSLATOR_HOST, PORT, lambda: app)
    try:
        with Conductor(CONF):
            yield f'http://{TRANSLATOR_HOST}'
    finally:
        wsgi_intercept.remove_wsgi_intercept(TRANSLATOR_HOST, PORT)
        backend.reset()
        policy.reset()
