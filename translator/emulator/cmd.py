"""``translator-arktos-emulator``: serve the Arktos API emulator with an in-process gunicorn.

One worker (the state lives in its memory) with the ``gthread`` worker class (each open watch
holds one of its threads); SIGTERM/SIGINT end the watch streams and stop it cleanly and, with
``--state-file``, write the state one last time.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import time

from gunicorn.app.base import BaseApplication

from translator.emulator import vertical_scaling
from translator.emulator.app import make_app
from translator.emulator.auth import parse_token_spec
from translator.emulator.faults import Faults
from translator.emulator.lifecycle import Timings
from translator.emulator.nodes import NodeShape
from translator.emulator.persistence import StateFile

LOG = logging.getLogger("translator.emulator")


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        prog="translator-arktos-emulator",
        description="Emulate the Arktos REST API (tenants, namespaces, VM pods, actions).",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument(
        "--state-file", help="load at start, save (atomically) after changes and at exit"
    )
    p.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="TOKEN[:USER[:TENANT]]",
        help="accepted bearer token (repeatable; default user admin, tenant system); "
        "without any, requests act as system:unsecured in tenant system",
    )
    p.add_argument("--boot-delay", type=float, default=0.5, help="seconds from create to active")
    p.add_argument("--stop-delay", type=float, default=0.3, help="powerSpec Shutdown → stopped")
    p.add_argument("--delete-delay", type=float, default=1.0, help="DELETE of a bound pod → gone")
    p.add_argument("--action-delay", type=float, default=0.3, help="action created → complete")
    p.add_argument(
        "--namespace-delete-delay", type=float, default=1.0, help="Terminating namespace → gone"
    )
    p.add_argument(
        "--nodes", type=int, default=1, help="nodes, named arktos-node-1 .. arktos-node-N"
    )
    p.add_argument(
        "--node-cpus", type=int, default=1000, help="CPUs each node advertises (allocatable)"
    )
    p.add_argument(
        "--node-memory", default="4Ti", help="memory each node advertises, e.g. 64Gi or 65536Mi"
    )
    p.add_argument("--max-pods", type=int, default=100000, help="pods per node")
    p.add_argument(
        "--feature-gates",
        default="",
        metavar="NAME=true,...",
        help="Arktos feature gates, as arktos-up's ARKTOS_EXTRA_GATES: "
        "InPlacePodVerticalScaling=true lets VM pods be resized in place",
    )
    p.add_argument(
        "--threads", type=int, default=32, help="gthread worker threads (a watch holds one)"
    )
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    p.add_argument("--access-log", action="store_true", help="log every request to stderr")
    p.add_argument(
        "--faults", default="", help="initial fault knobs as JSON, e.g. '{\"latency_ms\": 50}'"
    )
    args = p.parse_args(argv)
    try:
        for spec in args.token:
            parse_token_spec(spec)
        args.faults = json.loads(args.faults) if args.faults else {}
        Faults().configure(args.faults)
        args.shape = NodeShape(args.nodes, args.node_cpus, args.node_memory, args.max_pods)
        args.gates = vertical_scaling.parse_gates(args.feature_gates)
    except ValueError as exc:
        p.error(str(exc))
    return args


class EmulatorServer(BaseApplication):
    """gunicorn run programmatically; the app (and state) is built in the worker process."""

    def __init__(self, args):
        self.args = args
        self.state_file = None
        super().__init__()

    def load_config(self):
        a = self.args
        settings = {
            "bind": [f"{a.host}:{a.port}"],
            "workers": 1,
            "worker_class": "gthread",
            "threads": a.threads,
            "loglevel": a.log_level,
            "errorlog": "-",
            "accesslog": "-" if a.access_log else None,
            "control_socket_disable": True,
            "proc_name": "translator-arktos-emulator",
            "graceful_timeout": 5,
            "timeout": 0,
            "keepalive": 30,
            "when_ready": self._when_ready,
            "post_worker_init": self._post_worker_init,
            "worker_exit": self._worker_exit,
        }
        for key, value in settings.items():
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self):
        a = self.args
        timings = Timings(
            boot=a.boot_delay,
            stop=a.stop_delay,
            delete=a.delete_delay,
            action=a.action_delay,
            namespace_delete=a.namespace_delete_delay,
        )
        faults = Faults()
        faults.configure(a.faults)
        app = make_app(a.token, timings, time.time, a.shape, faults, a.gates)
        if a.state_file:
            self.state_file = StateFile(a.state_file, app.store, time.time)
            self.state_file.load()
            self.state_file.start()
        return app

    def _when_ready(self, server):
        host, port = server.LISTENERS[0].sock.getsockname()[:2]
        auth = "bearer tokens" if self.args.token else "no auth"
        print(f"translator-arktos-emulator listening on http://{host}:{port} ({auth})", flush=True)

    @staticmethod
    def _post_worker_init(worker):
        """SIGTERM/SIGINT also end the app's watch streams, so the worker stops at once."""
        app = worker.wsgi
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
            previous = signal.getsignal(signum)

            def handler(sig, frame, previous=previous):
                app.stopping.set()
                if callable(previous):
                    previous(sig, frame)

            signal.signal(signum, handler)

    def _worker_exit(self, server, worker):
        if self.state_file is not None:
            self.state_file.stop()


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    EmulatorServer(args).run()


if __name__ == "__main__":
    main()
