#!/usr/bin/env bash
# Install the service into .venv and run it on its embedded default: the Arktos API
# emulator, translator-conductor and translator-api on 127.0.0.1, behind a real Keystone
# (from PyPI in .venvs/keystone, SQLite) with an admin and a demo project.
#   tools/quickstart.sh            install, start them, print what to type next
#   tools/quickstart.sh --noauth   the same without Keystone (noauth pipeline, for curl)
#   tools/quickstart.sh stop       stop what it started (by the PIDs recorded in .state/)
# Starting again restarts everything on the same state (servers, Keystone's accounts).
# Ports: TRANSLATOR_PORT (8774), EMULATOR_PORT (8080), KEYSTONE_PORT (5000); the state
# directory: QUICKSTART_STATE (.state).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STATE=${QUICKSTART_STATE:-$ROOT/.state}
API_PORT=${TRANSLATOR_PORT:-8774}
ARKTOS_PORT=${EMULATOR_PORT:-8080}
KEYSTONE_PORT=${KEYSTONE_PORT:-5000}
KEYSTONE_URL=http://127.0.0.1:$KEYSTONE_PORT/v3
MODE=keystone

stop() {
    for name in translator-api translator-conductor emulator; do
        pidfile=$STATE/$name.pid
        if [ -f "$pidfile" ]; then
            pid=$(cat "$pidfile")
            if kill -0 "$pid" 2>/dev/null; then kill "$pid"; echo "stopped $name ($pid)"; fi
            rm -f "$pidfile"
        fi
    done
    if [ -f "$STATE/keystone/keystone.pid" ]; then
        tools/keystone/keystone-down.sh "$STATE/keystone"
        rm -f "$STATE/keystone/keystone.pid"
        echo "stopped keystone"
    fi
}

case "${1:-}" in
    stop) stop; exit 0 ;;
    --noauth) MODE=noauth ;;
    "") ;;
    *) echo "usage: $0 [--noauth | stop]" >&2; exit 2 ;;
esac

. tools/venv.sh
mkdir -p "$STATE"
make_venv
.venv/bin/pip install -q -e . python-openstackclient python-novaclient \
    > "$STATE/install.log" 2>&1 || { cat "$STATE/install.log"; exit 1; }
stop >/dev/null
for port in "$API_PORT" "$ARKTOS_PORT" $([ "$MODE" = keystone ] && echo "$KEYSTONE_PORT"); do
    if .venv/bin/python -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" \
            2>/dev/null; then
        echo "port $port is in use (set TRANSLATOR_PORT, EMULATOR_PORT, KEYSTONE_PORT)" >&2
        exit 1
    fi
done

# Image data in the state directory, served to VM pods at signed URLs of the API (the
# key is kept, so the URLs of existing servers stay valid across restarts).
[ -f "$STATE/image-url-key" ] ||
    .venv/bin/python -c 'import secrets; print(secrets.token_hex(32))' > "$STATE/image-url-key"
cat > "$STATE/translator.conf" <<CONF
[api]
auth_strategy = $MODE
[arktos]
url = http://127.0.0.1:$ARKTOS_PORT
[glance_store]
filesystem_store_datadir = $STATE/images
[image]
download_url_base = http://127.0.0.1:$API_PORT
download_url_key = $(cat "$STATE/image-url-key")
CONF
if [ "$MODE" = keystone ]; then
    tools/keystone/keystone-up.sh "$STATE/keystone" "$KEYSTONE_PORT" \
        "http://127.0.0.1:$API_PORT" > "$STATE/keystone.log" 2>&1 ||
        { cat "$STATE/keystone.log"; exit 1; }
    cat >> "$STATE/translator.conf" <<CONF
[keystone_authtoken]
www_authenticate_uri = $KEYSTONE_URL
auth_url = $KEYSTONE_URL
auth_type = password
username = translator
password = translator-pass
project_name = service
user_domain_id = default
project_domain_id = default
service_token_roles_required = true
CONF
    cloud() {  # name user password project
        cat <<CONF
  $1:
    auth:
      auth_url: $KEYSTONE_URL
      username: $2
      password: $3
      project_name: $4
      user_domain_name: Default
      project_domain_name: Default
    identity_api_version: 3
    region_name: RegionOne
CONF
    }
    { echo "clouds:"; cloud admin admin admin-pass admin; cloud demo demo demo-pass demo; } \
        > "$STATE/clouds.yaml"
    for name in admin demo; do  # the nova CLI reads no clouds.yaml
        cat > "$STATE/$name-openrc" <<CONF
export OS_AUTH_URL=$KEYSTONE_URL OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne
export OS_USERNAME=$name OS_PASSWORD=$name-pass OS_PROJECT_NAME=$name
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
CONF
    done
else
    cat > "$STATE/clouds.yaml" <<CONF
clouds:
  translator:
    auth_type: admin_token
    auth:
      token: "admin:admin"
      endpoint: http://127.0.0.1:$API_PORT
    compute_endpoint_override: http://127.0.0.1:$API_PORT/v2.1
    image_endpoint_override: http://127.0.0.1:$API_PORT/image
    network_endpoint_override: http://127.0.0.1:$API_PORT/networking
    placement_endpoint_override: http://127.0.0.1:$API_PORT/placement
CONF
fi

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

if [ "$MODE" = keystone ]; then
    cat <<NEXT
arktos-nova-translator is running on http://127.0.0.1:$API_PORT behind Keystone
($KEYSTONE_URL), backed by the Arktos API emulator on http://127.0.0.1:$ARKTOS_PORT, with
translator-conductor moving long tasks (reboots, snapshots, rebuilds) on. Logs: $STATE/*.log

Clouds in $STATE/clouds.yaml: "demo" (user demo, a member of project demo) and "admin".
  export OS_CLIENT_CONFIG_FILE=$STATE/clouds.yaml OS_CLOUD=demo
  .venv/bin/openstack flavor list
  .venv/bin/openstack image list
  .venv/bin/openstack keypair create demo-key > $STATE/demo-key.pem
  .venv/bin/openstack server create --flavor m1.small --image cirros --key-name demo-key --wait web
  .venv/bin/openstack server list
  .venv/bin/openstack server reboot --wait web
  .venv/bin/openstack server event list web
  .venv/bin/openstack usage show
  .venv/bin/openstack --os-cloud admin usage list
  .venv/bin/openstack --os-cloud admin server list --all-projects
  .venv/bin/openstack limits show --absolute
  .venv/bin/openstack quota show
  (. $STATE/demo-openrc && .venv/bin/nova list)
  .venv/bin/openstack server delete --wait web
  .venv/bin/openstack keypair delete demo-key

Stop them: tools/quickstart.sh stop
NEXT
else
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
fi
