# Sourced by the tools/ scripts: make sure .venv exists (on Debian, python3 -m venv
# needs the python3-venv package; install it when we are root and it is missing).
make_venv() {
    [ -x .venv/bin/python ] && return 0
    if ! python3 -m venv .venv 2>/dev/null; then
        rm -rf .venv
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get install -y -q python3-venv >/dev/null ||
                { apt-get update -q >/dev/null && apt-get install -y -q python3-venv >/dev/null; }
        fi
        python3 -m venv .venv
    fi
    .venv/bin/pip install -q --upgrade pip
}
