#!/usr/bin/env bash
# Install everything into .venv and run the whole test suite:
#   ruff; the repository checks and the unit, integration (in process) and functional
#   tests against the Arktos API emulator; the integration and functional tests again
#   against the real Arktos control plane ($ARKTOS_URL, else started from
#   ../shared/arktos) when present, in the same pytest run as the conformance suite
#   (tests/conformance: emulator vs real Arktos) and the end-to-end client tests, so
#   one stack serves them all. The end-to-end tier installs Keystone, tempest, Rally and
#   Horizon into .venvs/ (from tools/keystone, tools/tempest, tools/rally and
#   tools/horizon constraints).
# Extra arguments go to every pytest run. pytest's exit code 5 (no tests) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ARKTOS_SHARED_DIR=${ARKTOS_SHARED_DIR:-$PWD/../shared/arktos}
export ARKTOS_SHARED_DIR

. tools/venv.sh
make_venv
.venv/bin/pip install -q -e . -r test-requirements.txt
# Debian packages the tests use (program:package): shellcheck (devstack plugin tests),
# memcached (authtoken's token cache in the end-to-end tier), chromium and its driver
# (the Horizon tests' browser).
missing=()
for pair in shellcheck:shellcheck memcached:memcached chromium:chromium \
            chromedriver:chromium-driver; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
done
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q "${missing[@]}" >/dev/null ||
        { apt-get update -q >/dev/null && apt-get install -y -q "${missing[@]}" >/dev/null; }
fi

.venv/bin/ruff check .

run_pytest() {
    local rc=0
    .venv/bin/pytest "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi
    if [ "$rc" -ne 0 ]; then exit "$rc"; fi
}

if [ -n "${ARKTOS_URL:-}" ] || [ -x "$ARKTOS_SHARED_DIR/arktos-up.sh" ]; then
    # Every tier but the conformance suite against the emulator.
    run_pytest -q -p no:cacheprovider tests --ignore tests/conformance "$@"
    # One real Arktos stack for the rest: the integration, functional and end-to-end
    # client tests and the client coverage table against it, and the conformance suite
    # (the same raw requests against the emulator and real Arktos). Tempest runs once, in
    # the emulator run above.
    run_pytest -q -p no:cacheprovider --backend arktos tests/integration tests/functional \
        tests/conformance tests/e2e/test_clients.py tests/e2e/test_everyday.py \
        --ignore tests/functional/emulator "$@"
else
    # The conformance suite's real-Arktos half skips itself.
    run_pytest -q -p no:cacheprovider tests "$@"
    echo "No real Arktos at $ARKTOS_SHARED_DIR: skipped the runs against it." >&2
fi
