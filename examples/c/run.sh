#!/usr/bin/env bash
# Builds the C binding and installs it into a local prefix (as
# ci/test-c.sh does), builds the legacy examples against it, and runs
# them with cJSON and with brownfield: corpus_stats on the JSON corpus,
# then log_stats on a generated request log (LOG_LINES lines, default
# 200,000, made once by benches/harness/gen_ndjson.py in the build dir).
# Prints the summaries and the BENCH lines (`BENCH c ...` for the corpus,
# `BENCH c-logs ...` for the log report); fails if the modes disagree.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export BROWNFIELD_DATA_DIR=${BROWNFIELD_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PREFIX="$ROOT/bindings/c/build/prefix"
BUILD="$ROOT/examples/c/build"

cmake -S bindings/c -B bindings/c/build -DCMAKE_BUILD_TYPE=Release \
  -DBROWNFIELD_CARGO_TARGET_DIR="$CARGO_TARGET_DIR" >/dev/null
cmake --build bindings/c/build >/dev/null
cmake --install bindings/c/build --prefix "$PREFIX" >/dev/null
cmake -S examples/c -B "$BUILD" -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
cmake --build "$BUILD" >/dev/null

native=$("$BUILD/corpus_stats" --json native "$BROWNFIELD_DATA_DIR/json")
brownfield=$("$BUILD/corpus_stats" --json brownfield "$BROWNFIELD_DATA_DIR/json")
echo "$native" | sed '$d'
if [ "$(echo "$native" | sed '$d')" != "$(echo "$brownfield" | sed '$d')" ]; then
  echo "examples/c: the two modes disagree:" >&2
  diff <(echo "$native" | sed '$d') <(echo "$brownfield" | sed '$d') >&2 || true
  exit 1
fi
echo "examples/c: native and brownfield summaries are identical"
echo "$native" | tail -n1
echo "$brownfield" | tail -n1

LOG_LINES=${LOG_LINES:-200000}
LOG="$BUILD/requests-$LOG_LINES.ndjson"
[ -s "$LOG" ] || python3 benches/harness/gen_ndjson.py --lines "$LOG_LINES" "$LOG"
native=$("$BUILD/log_stats" --logs native "$LOG")
brownfield=$("$BUILD/log_stats" --logs brownfield "$LOG")
echo "$native" | sed '$d'
if [ "$(echo "$native" | sed '$d')" != "$(echo "$brownfield" | sed '$d')" ]; then
  echo "examples/c: log_stats modes disagree:" >&2
  diff <(echo "$native" | sed '$d') <(echo "$brownfield" | sed '$d') >&2 || true
  exit 1
fi
echo "examples/c: log_stats native and brownfield reports are identical"
echo "$native" | tail -n1
echo "$brownfield" | tail -n1
