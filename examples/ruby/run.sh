#!/usr/bin/env bash
# Builds the Ruby binding in place, then runs
#   1. the log report (examples/ruby/log_report.rb) on a generated request
#      log: an each_line + JSON.parse loop vs Brownfield::Logs.query;
#   2. the legacy JSON app with Ruby's JSON and with brownfield.
# The two modes of each must print identical reports (checked here); the
# last two lines are the JSON app's BENCH lines. Assumes ci/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/../.."

(cd bindings/ruby && rake compile >/dev/null 2>&1) || (cd bindings/ruby && rake compile)

# The log report: the same report from a JSON.parse loop and from two queries.
logs_data=$(mktemp -d)
trap 'rm -rf "$logs_data"' EXIT
python3 benches/harness/gen_ndjson.py --lines "${LOG_LINES:-100000}" --seed 1 "$logs_data/requests.ndjson"
logs_native=$(ruby examples/ruby/log_report.rb --engine native "$logs_data/requests.ndjson")
logs_bf=$(ruby -I bindings/ruby/lib examples/ruby/log_report.rb --engine brownfield "$logs_data/requests.ndjson")
if ! diff <(echo "$logs_native" | sed '$d') <(echo "$logs_bf" | sed '$d') >&2; then
  echo "examples/ruby: log reports differ" >&2
  exit 1
fi
echo "log report (identical with --engine brownfield):"
echo "$logs_native" | sed '$d' | head -n 5
echo "$logs_native" | tail -n 1
echo "$logs_bf" | tail -n 1
echo

APP=examples/ruby/legacy_app.rb
native=$(ruby "$APP" --json native "$@")
brownfield=$(ruby -I bindings/ruby/lib "$APP" --json brownfield "$@")
echo "$native"
echo "$brownfield"
if ! diff <(echo "$native" | grep -v '^BENCH') <(echo "$brownfield" | grep -v '^BENCH') >/dev/null; then
  echo "examples/ruby: native and brownfield summaries differ" >&2
  diff <(echo "$native" | grep -v '^BENCH') <(echo "$brownfield" | grep -v '^BENCH') >&2 || true
  exit 1
fi
