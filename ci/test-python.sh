#!/usr/bin/env bash
# Builds the Python binding (release, shared target dir), installs it into
# .venv and runs its pytest suite. Assumes ci/setup.sh has run.
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
"$PY" -m pytest -q -p no:cacheprovider bindings/python/tests
