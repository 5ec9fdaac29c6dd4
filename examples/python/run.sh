#!/usr/bin/env bash
# Runs the Python legacy app with the standard library's json and with
# brownfield, checks both print the same summary, and shows both timings.
# Assumes ci/setup.sh has run; builds and installs the binding into .venv.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
export PATH="$PWD/.venv/bin:$PATH"  # maturin's build hooks run `maturin`
"$PY" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps ./bindings/python

native=$("$PY" examples/python/legacy_app.py --json native)
brownfield=$("$PY" examples/python/legacy_app.py --json brownfield)
echo "$native" | sed '$d'
if ! diff <(echo "$native" | sed '$d') <(echo "$brownfield" | sed '$d') >&2; then
  echo "examples/python: native and brownfield summaries differ" >&2
  exit 1
fi
echo "(identical summary with --json brownfield)"
echo "$native" | tail -n 1
echo "$brownfield" | tail -n 1
