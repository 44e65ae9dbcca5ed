#!/usr/bin/env bash
# Install the service into .venv and run it on its embedded default: the Arktos API
# emulator plus translator-api (noauth pipeline), both on 127.0.0.1.
#   tools/quickstart.sh          install, start both, print what to type next
#   tools/quickstart.sh stop     stop both (by the PIDs recorded in .state/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=$ROOT/.state
API_PORT=${TRANSLATOR_PORT:-8774}
ARKTOS_PORT=${EMULATOR_PORT:-8080}

stop() {
    for name in translator-api emulator; do
        pidfile=$STATE/$name.pid
        if [ -f "$pidfile" ]; then
            pid=$(cat "$pidfile")
            if kill -0 "$pid" 2>/dev/null; then kill "$pid"; echo "stopped $name ($pid)"; fi
            rm -f "$pidfile"
        fi
    done
}

if [ "${1:-}" = stop ]; then stop; exit 0; fi

if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e . python-openstackclient
mkdir -p "$STATE"
stop >/dev/null

cat > "$STATE/translator.conf" <<CONF
[api]
auth_strategy = noauth
[arktos]
url = http://127.0.0.1:$ARKTOS_PORT
CONF
cat > "$STATE/clouds.yaml" <<CONF
clouds:
  translator:
    auth_type: none
    auth:
      endpoint: http://127.0.0.1:$API_PORT
    compute_endpoint_override: http://127.0.0.1:$API_PORT/v2.1
CONF

.venv/bin/translator-arktos-emulator --host 127.0.0.1 --port "$ARKTOS_PORT" \
    --state-file "$STATE/emulator.json" > "$STATE/emulator.log" 2>&1 &
echo $! > "$STATE/emulator.pid"
.venv/bin/translator-api --config-file "$STATE/translator.conf" --host 127.0.0.1 \
    --port "$API_PORT" > "$STATE/translator-api.log" 2>&1 &
echo $! > "$STATE/translator-api.pid"

for _ in $(seq 100); do
    if curl -sf "http://127.0.0.1:$API_PORT/" >/dev/null; then break; fi
    sleep 0.1
done
curl -sf "http://127.0.0.1:$API_PORT/" >/dev/null || {
    echo "translator-api did not start; see $STATE/translator-api.log"; stop; exit 1; }

cat <<NEXT
arktos-nova-translator is running (noauth) on http://127.0.0.1:$API_PORT, backed by the
Arktos API emulator on http://127.0.0.1:$ARKTOS_PORT. Logs: $STATE/*.log

Create a server (flavor 1 = m1.tiny, image = cirros) and list servers:
  curl -s -H 'Content-Type: application/json' http://127.0.0.1:$API_PORT/v2.1/servers \\
       -d '{"server": {"name": "web", "flavorRef": "1", "imageRef": "a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01"}}'
  curl -s http://127.0.0.1:$API_PORT/v2.1/servers/detail

With the OpenStack client:
  export OS_CLIENT_CONFIG_FILE=$STATE/clouds.yaml OS_CLOUD=translator
  .venv/bin/openstack server list
  .venv/bin/openstack flavor list

Stop both: tools/quickstart.sh stop
NEXT
