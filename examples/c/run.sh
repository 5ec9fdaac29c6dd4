#!/usr/bin/env bash
# Builds the C binding and installs it into a local prefix (as
# ci/test-c.sh does), builds the legacy example against it, and runs it
# with cJSON and with brownfield on the corpus. Prints both summaries and
# the two BENCH lines; fails if the summaries differ.
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
