#!/usr/bin/env bash
# Builds the Ruby binding in place and runs the legacy app with Ruby's JSON
# and with brownfield; the two summaries must be identical (checked here),
# and each run ends with its BENCH line. Assumes ci/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/../.."

(cd bindings/ruby && rake compile >/dev/null 2>&1) || (cd bindings/ruby && rake compile)

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
