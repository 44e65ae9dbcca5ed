#!/usr/bin/env bash
# Install the service into .venv and run it on its embedded default: the Arktos API
# emulator, translator-conductor and translator-api (noauth pipeline), on 127.0.0.1.
#   tools/quickstart.sh          install, start them, print what to type next
#   tools/quickstart.sh stop     stop them (by the PIDs recorded in .state/)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=$ROOT/.state
API_PORT=${TRANSLATOR_PORT:-8774}
ARKTOS_PORT=${EMULATOR_PORT:-8080}

stop() {
    for name in translator-api translator-conductor emulator; do
        pidfile=$STATE/$name.pid
        if [ -f "$pidfile" ]; then
            pid=$(cat "$pidfile")
            if kill -0 "$pid" 2>/dev/null; then kill "$pid"; echo "stopped $name ($pid)"; fi
            rm -f "$pidfile"
        fi
    done
}

if [ "${1:-}" = stop ]; then stop; exit 0; fi

. tools/venv.sh
mkdir -p "$STATE"
make_venv
.venv/bin/pip install -q -e . python-openstackclient > "$STATE/install.log" 2>&1 ||
    { cat "$STATE/install.log"; exit 1; }
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
    auth_type: admin_token
    auth:
      token: "admin:admin"
      endpoint: http://127.0.0.1:$API_PORT
    compute_endpoint_override: http://127.0.0.1:$API_PORT/v2.1
    image_endpoint_override: http://127.0.0.1:$API_PORT/image
CONF

.venv/bin/translator-arktos-emulator --host 127.0.0.1 --port "$ARKTOS_PORT" \
    --state-file "$STATE/emulator.json" > "$STATE/emulator.log" 2>&1 &
echo $! > "$STATE/emulator.pid"
.venv/bin/translator-conductor --config-file "$STATE/translator.conf" \
    > "$STATE/translator-conductor.log" 2>&1 &
echo $! > "$STATE/translator-conductor.pid"
.venv/bin/translator-api --config-file "$STATE/translator.conf" --host 127.0.0.1 \
    --port "$API_PORT" > "$STATE/translator-api.log" 2>&1 &
echo $! > "$STATE/translator-api.pid"

.venv/bin/python - "$API_PORT" <<'WAIT' || {
import sys, time, urllib.request
for _ in range(150):
    try:
        urllib.request.urlopen(f'http://127.0.0.1:{sys.argv[1]}/', timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
WAIT
    echo "translator-api did not start; see $STATE/translator-api.log"; stop; exit 1; }

cat <<NEXT
arktos-nova-translator is running (noauth) on http://127.0.0.1:$API_PORT, backed by the
Arktos API emulator on http://127.0.0.1:$ARKTOS_PORT, with translator-conductor moving
long tasks (reboots, snapshots, rebuilds) on. Logs: $STATE/*.log

In noauth mode "X-Auth-Token: user:project" names the caller (no token: admin:admin).
Create a server (flavor 1 = m1.tiny, image = cirros) and list servers:
  curl -s -H 'Content-Type: application/json' http://127.0.0.1:$API_PORT/v2.1/servers \\
       -d '{"server": {"name": "web", "flavorRef": "1", "imageRef": "a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01"}}'
  curl -s http://127.0.0.1:$API_PORT/v2.1/servers/detail

With the OpenStack client:
  export OS_CLIENT_CONFIG_FILE=$STATE/clouds.yaml OS_CLOUD=translator
  .venv/bin/openstack flavor list
  .venv/bin/openstack server create --flavor m1.small --image cirros --wait web2
  .venv/bin/openstack server show web
  .venv/bin/openstack server delete --wait web

Stop them: tools/quickstart.sh stop
NEXT
