#!/usr/bin/env bash
# Install everything into .venv and run the whole test suite:
#   ruff; unit and functional tests against the Arktos API emulator; the functional
#   tests again against the real Arktos control plane (../shared/arktos) when present.
# Extra arguments go to every pytest run. pytest's exit code 5 (no tests) fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ARKTOS_SHARED_DIR=${ARKTOS_SHARED_DIR:-$PWD/../shared/arktos}
export ARKTOS_SHARED_DIR

. tools/venv.sh
make_venv
.venv/bin/pip install -q -e . -r test-requirements.txt

.venv/bin/ruff check .

run_pytest() {
    local rc=0
    .venv/bin/pytest "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi
    if [ "$rc" -ne 0 ]; then exit "$rc"; fi
}

run_pytest -q -p no:cacheprovider tests "$@"
if [ -x "$ARKTOS_SHARED_DIR/arktos-up.sh" ]; then
    run_pytest -q -p no:cacheprovider --backend arktos tests/functional \
        --ignore tests/functional/emulator "$@"
else
    echo "No real Arktos at $ARKTOS_SHARED_DIR: skipped the run against it." >&2
fi
