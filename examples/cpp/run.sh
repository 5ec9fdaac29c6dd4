#!/usr/bin/env bash
# Builds the C++ examples (and, through CMake, the brownfield C++ binding) and
# runs them in both modes: corpus_stats on the JSON corpus
# ($BROWNFIELD_DATA_DIR/json, default <repo>/../shared/data/json), then
# log_stats on a generated request log (LOG_LINES lines, default 200,000,
# made once by benches/harness/gen_ndjson.py in the build dir). Prints the
# summaries and the BENCH lines (`BENCH cpp ...` for the corpus,
# `BENCH cpp-logs ...` for the log report). Fails if the two modes disagree
# on any result.
set -euo pipefail
cd "$(dirname "$0")/../.."

build_dir=${BROWNFIELD_EXAMPLE_CPP_BUILD_DIR:-target/cmake/example-cpp}
corpus=${BROWNFIELD_DATA_DIR:-../shared/data}/json
cmake -S examples/cpp -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)" >/dev/null

# Runs `$1 $2 native|brownfield $3`, prints both outputs, fails if they differ
# before their BENCH lines.
both_modes() {
  local app=$1 flag=$2 input=$3 native brownfield
  native=$("$build_dir/$app" "$flag" native "$input")
  brownfield=$("$build_dir/$app" "$flag" brownfield "$input")
  printf '%s\n' "$native" "$brownfield"
  if [ "$(grep -v '^BENCH ' <<<"$native")" != "$(grep -v '^BENCH ' <<<"$brownfield")" ]; then
    echo "examples/cpp: $app: native and brownfield results differ" >&2
    diff <(grep -v '^BENCH ' <<<"$native") <(grep -v '^BENCH ' <<<"$brownfield") >&2 || true
    exit 1
  fi
}

both_modes corpus_stats --json "$corpus"

log_lines=${LOG_LINES:-200000}
log="$build_dir/requests-$log_lines.ndjson"
[ -s "$log" ] || python3 benches/harness/gen_ndjson.py --lines "$log_lines" "$log"
both_modes log_stats --logs "$log"
