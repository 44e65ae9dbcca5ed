"""A loopback HTTP proxy in front of Arktos that records every request it forwards, and
can play Arktos going down (for the real control plane, which has no fault knobs)."""

import http.server
import socket
import threading

import urllib3


class RecordingProxy:
    """Forwards to ``target`` and keeps ``(method, path)`` of each request in
    ``requests``; ``stop()`` ends it."""

    def __init__(self, target: str, token: str | None = None):
        self.requests: list[tuple[str, str]] = []
        # ``(prefix of "METHOD path", how many pass)``: past those, every request is
        # cut (the connection closed, no answer) until ``recover()``.
        self._break_after: tuple[str, int] | None = None
        self.down = False
        self.pool = urllib3.PoolManager(maxsize=16)
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def _forward(self):
                proxy.requests.append((self.command, self.path))
                if proxy.cuts(f'{self.command} {self.path}'):
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                length = int(self.headers.get('Content-Length') or 0)
                headers = {key: value for key, value in self.headers.items()
                           if key.lower() not in ('host', 'connection')}
                if token:
                    headers['Authorization'] = f'Bearer {token}'
                upstream = proxy.pool.request(
                    self.command, target + self.path, headers=headers,
                    body=self.rfile.read(length) if length else None, retries=False,
                    timeout=30)
                self.send_response(upstream.status)
                for key, value in upstream.headers.items():
                    if key.lower() not in ('transfer-encoding', 'connection',
                                           'content-length'):
                        self.send_header(key, value)
                self.send_header('Content-Length', str(len(upstream.data)))
                self.end_headers()
                self.wfile.write(upstream.data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.url = f'http://127.0.0.1:{self.server.server_address[1]}'
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def go_down_after(self, prefix: str, count: int) -> None:
        """Let ``count`` more requests starting with ``prefix`` (``"POST /api/…"``)
        through, then cut every request until ``recover()``."""
        self._break_after = (prefix, count)

    def recover(self) -> None:
        self._break_after, self.down = None, False

    def cuts(self, request_line: str) -> bool:
        if self._break_after is not None and request_line.startswith(self._break_after[0]):
            prefix, count = self._break_after
            self._break_after = (prefix, count - 1)
            if count <= 0:
                self.down = True
        return self.down

    def writes(self) -> list[tuple[str, str]]:
        return [request for request in self.requests if request[0] not in ('GET', 'HEAD')]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
