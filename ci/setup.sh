#!/usr/bin/env bash
# Installs everything the build, tests and examples need on a fresh machine
# of this kind (Debian + cargo + Python 3.11). Idempotent: safe to run again.
#   - Debian packages (as root via apt-get, or via sudo when available)
#   - a Python virtualenv at .venv with maturin and pytest
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  ruby-dev ruby-minitest rake ruby-oj       # Ruby binding, its tests, its peer
  cmake pkg-config                          # C/C++ builds and ctest
  valgrind                                  # memcheck of the C tests
  libclang-dev                              # rb-sys runs bindgen against Ruby's headers
  libgtest-dev                              # C++ binding tests
  libcjson-dev nlohmann-json3-dev           # the "native" libraries the C/C++ examples swap out
  libsimdjson-dev rapidjson-dev             # C++ peers in the benchmark harness
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: Debian packages present"
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -r ci/requirements.txt
echo "setup: done"
