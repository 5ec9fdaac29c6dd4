#!/usr/bin/env bash
# Builds the Python binding (release, shared target dir), installs it into
# .venv and runs its pytest suite (which runs CPython's test_json against
# brownfield.json and compares brownfield.logs with the CLI and DuckDB).
# Assumes ci/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "test-python: $PY not found; run ci/setup.sh first" >&2
  exit 1
fi
# maturin's PEP 517 hooks run the `maturin` executable from PATH.
export PATH="$PWD/.venv/bin:$PATH"

"$PY" -m pip install -q --disable-pip-version-check -r bindings/python/requirements-test.txt
echo "test-python: building and installing bindings/python"
"$PY" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps ./bindings/python
# The brownfield.logs tests compare answers with the CLI's.
echo "test-python: building the brownfield CLI (the logs tests' reference)"
cargo build -q -p brownfield-cli
export BROWNFIELD_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/brownfield"
"$PY" -m pytest -q -p no:cacheprovider bindings/python/tests
