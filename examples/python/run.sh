#!/usr/bin/env bash
# Runs the Python legacy app with the standard library's json and with
# brownfield, checks both print the same summary, and shows both timings;
# first the same for the log report (json.loads loop vs brownfield.logs).
# The last two lines are the JSON app's BENCH lines.
# Assumes ci/setup.sh has run; builds and installs the binding into .venv.
set -euo pipefail
cd "$(dirname "$0")/../.."

PY=.venv/bin/python
export PATH="$PWD/.venv/bin:$PATH"  # maturin's build hooks run `maturin`
"$PY" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps ./bindings/python

# The log report: a json.loads loop vs brownfield.logs.query, same report.
logs_data=$(mktemp -d)
trap 'rm -rf "$logs_data"' EXIT
"$PY" benches/harness/gen_ndjson.py --lines 100000 --seed 1 "$logs_data/requests.ndjson"
logs_native=$("$PY" examples/python/log_report.py --engine native "$logs_data/requests.ndjson")
logs_bf=$("$PY" examples/python/log_report.py --engine brownfield "$logs_data/requests.ndjson")
if ! diff <(echo "$logs_native" | sed '$d') <(echo "$logs_bf" | sed '$d') >&2; then
  echo "examples/python: log reports differ" >&2
  exit 1
fi
echo "log report (identical with --engine brownfield):"
echo "$logs_native" | sed '$d' | head -n 5
echo "$logs_native" | tail -n 1
echo "$logs_bf" | tail -n 1
echo

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
