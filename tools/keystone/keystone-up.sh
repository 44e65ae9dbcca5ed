#!/usr/bin/env bash
# Start a real Keystone (PyPI, its own venv, SQLite + fernet, cache on, cheap password
# hashes) under gunicorn on 127.0.0.1, bootstrapped for the translator:
#   tools/keystone/keystone-up.sh STATE_DIR PORT SERVICE_URL
# SERVICE_URL is the translator's base URL; the catalog gets compute = SERVICE_URL/v2.1,
# image = SERVICE_URL/image, network = SERVICE_URL/networking and placement =
# SERVICE_URL/placement. Writes STATE_DIR/env.sh (admin credentials and the
# accounts in resources.py) and STATE_DIR/keystone.pid; stop with keystone-down.sh.
# The venv is $KEYSTONE_VENV (default: .venvs/keystone in the repo), installed from the
# committed constraints.txt once.
set -euo pipefail
STATE=$(mkdir -p "${1:?state dir}" && cd "$1" && pwd)
PORT=${2:?port}
SERVICE_URL=${3:?service url}
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${KEYSTONE_VENV:-$HERE/../../.venvs/keystone}
URL="http://127.0.0.1:$PORT/v3"

if [ ! -x "$VENV/bin/keystone-manage" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --upgrade pip > /dev/null
    "$VENV/bin/pip" install -q -c "$HERE/constraints.txt" keystone gunicorn \
        > "$STATE/pip.log" 2>&1 || { cat "$STATE/pip.log"; exit 1; }
fi
mkdir -p "$STATE"/{etc,logs,fernet-keys,credential-keys,home}
cat > "$STATE/etc/keystone.conf" <<CONF
[DEFAULT]
log_file = $STATE/logs/keystone.log
[database]
connection = sqlite:///$STATE/keystone.db
[token]
provider = fernet
[fernet_tokens]
key_repository = $STATE/fernet-keys
[credential]
key_repository = $STATE/credential-keys
[cache]
enabled = true
backend = oslo_cache.dict
[identity]
password_hash_rounds = 4
CONF
export HOME="$STATE/home"
KM=("$VENV/bin/keystone-manage" --config-file "$STATE/etc/keystone.conf")
"${KM[@]}" db_sync 2> "$STATE/logs/manage.log"
"${KM[@]}" fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" \
    2>> "$STATE/logs/manage.log"
"${KM[@]}" credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)" \
    2>> "$STATE/logs/manage.log"
"${KM[@]}" bootstrap --bootstrap-password admin-pass --bootstrap-region-id RegionOne \
    --bootstrap-public-url "$URL" --bootstrap-internal-url "$URL" \
    --bootstrap-admin-url "$URL" 2>> "$STATE/logs/manage.log"

# keystone parses sys.argv with oslo.config: under gunicorn that is gunicorn's command line.
cat > "$STATE/keystone_wsgi.py" <<PY
import os, sys
sys.argv = sys.argv[:1]
os.environ['OS_KEYSTONE_CONFIG_DIR'] = '$STATE/etc'
from keystone.server import wsgi
application = wsgi.initialize_public_application()
PY
"$VENV/bin/gunicorn" --chdir "$STATE" --bind "127.0.0.1:$PORT" --workers 1 --threads 1 \
    --no-control-socket --pid "$STATE/keystone.pid" --error-logfile "$STATE/logs/gunicorn.log" \
    --daemon keystone_wsgi:application
"$VENV/bin/python" - "$URL" <<'PY'
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1)
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit('keystone did not start')
PY
"$VENV/bin/python" "$HERE/resources.py" "$URL" "$SERVICE_URL" > "$STATE/env.sh"
echo "keystone up: pid $(cat "$STATE/keystone.pid") $URL (env: $STATE/env.sh)"
