"""translator-api's gunicorn worker: gthread, answering the errors gunicorn raises
before the application (a request line or headers too large, a malformed request) in
Nova's fault shape instead of an HTML page.

Run gunicorn yourself with ``--worker-class translator.wsgi.worker.ThreadWorker``.
"""

import json

from gunicorn import util
from gunicorn.http import errors
from gunicorn.workers import gthread
from oslo_context import context as oslo_context

from translator.web import faults

# The parse errors gunicorn answers with another status than 400, and theirs.
_STATUSES = (
    (errors.LimitRequestLine, 414, 'URI Too Long'),
    (errors.LimitRequestHeaders, 431, 'Request Header Fields Too Large'),
    (errors.ExpectationFailed, 417, 'Expectation Failed'),
    (errors.UnsupportedTransferCoding, 501, 'Not Implemented'),
    (errors.ForbiddenProxyRequest, 403, 'Forbidden'),
    (errors.ConfigurationProblem, 500, 'Internal Server Error'),
)


def _status(error: Exception) -> tuple[int, str]:
    """gunicorn's status for ``error``: a client's parse error is a 4xx, the rest 500."""
    if isinstance(error, (errors.InvalidResponseHeader, errors.InvalidResponseHeaderName)):
        return 500, 'Internal Server Error'  # the application's header, not the client's
    for kind, status, reason in _STATUSES:
        if isinstance(error, kind):
            return status, reason
    if isinstance(error, errors.ParseException):
        return 400, 'Bad Request'
    return 500, 'Internal Server Error'


def fault_bytes(status: int, reason: str, message: str) -> bytes:
    """A whole HTTP/1.1 response: the Nova fault, a request id, and ``Connection: close``."""
    body = json.dumps({faults.FAULT_NAMES.get(status, faults.DEFAULT_FAULT_NAME):
                       {'code': status, 'message': message}}).encode()
    request_id = oslo_context.generate_request_id()
    return (f'HTTP/1.1 {status} {reason}\r\nConnection: close\r\n'
            'Content-Type: application/json; charset=UTF-8\r\n'
            f'Content-Length: {len(body)}\r\nx-openstack-request-id: {request_id}\r\n'
            f'x-compute-request-id: {request_id}\r\n\r\n').encode() + body


class ThreadWorker(gthread.ThreadWorker):

    def handle_error(self, req, client, addr, exc):
        status, reason = _status(exc)
        if status < 500:
            # The client's mistake: one line, no traceback.
            self.log.warning('Invalid request from %s: %s', (addr or ('',))[0], exc)
            message = f'{reason}: {exc}'
        else:
            self.log.exception('Error handling request %s', getattr(req, 'uri', ''))
            message = faults.GENERIC_500
        try:
            util.write_nonblock(client, fault_bytes(status, reason, message))
        except OSError:
            self.log.debug('Failed to send the error response.')
