#!/usr/bin/env bash
# The test command: installs what is missing (ci/setup.sh), then runs every
# test in every language — Rust (cargo nextest), C and C++ (ctest), Python
# (pytest) and Ruby (minitest, plus a gem build/install check).
# Usage: ci/test.sh            (from anywhere; .ci/run calls exactly this)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

# Corpus used by tests and examples: ../shared/data next to the checkout
# unless BROWNFIELD_DATA_DIR says otherwise.
export BROWNFIELD_DATA_DIR=${BROWNFIELD_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}
[ -d "$BROWNFIELD_DATA_DIR/json" ] || { echo "test: corpus not found at $BROWNFIELD_DATA_DIR/json (set BROWNFIELD_DATA_DIR)" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

"$ROOT/ci/setup.sh"

start=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - start ))s)"; }

step "rust: fmt, clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --exclude brownfield-python --exclude brownfield-ruby -- -D warnings

step "rust: cargo nextest"
cargo nextest run --no-fail-fast

step "log engine vs DuckDB (oracle)"
cargo build -q -p brownfield-cli
BROWNFIELD_BIN="$CARGO_TARGET_DIR/debug/brownfield" .venv/bin/python -m pytest -q tests/oracle

for lang in c cpp python ruby; do
  step "$lang"
  "$ROOT/ci/test-$lang.sh"
done

step "benchmark harness, quick mode (keeps the harness from rotting; no timings asserted)"
.venv/bin/python benches/harness/harness.py --quick

step "all tests passed"
