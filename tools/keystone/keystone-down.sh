#!/usr/bin/env bash
# Stop the Keystone that keystone-up.sh started in STATE_DIR (by its PID file).
set -euo pipefail
PIDFILE=${1:?state dir}/keystone.pid
[ -f "$PIDFILE" ] || exit 0
PID=$(cat "$PIDFILE")
kill "$PID" 2>/dev/null || true
for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || exit 0; sleep 0.1; done
kill -9 "$PID" 2>/dev/null || true
