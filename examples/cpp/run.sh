#!/usr/bin/env bash
# Builds the C++ example (and, through CMake, the brownfield C++ binding) and
# runs it on the corpus in both modes. Fails if the two modes disagree on any
# result. Corpus: $BROWNFIELD_DATA_DIR/json, default <repo>/../shared/data/json.
set -euo pipefail
cd "$(dirname "$0")/../.."

build_dir=${BROWNFIELD_EXAMPLE_CPP_BUILD_DIR:-target/cmake/example-cpp}
corpus=${BROWNFIELD_DATA_DIR:-../shared/data}/json
cmake -S examples/cpp -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)" >/dev/null

native=$("$build_dir/corpus_stats" --json native "$corpus")
brownfield=$("$build_dir/corpus_stats" --json brownfield "$corpus")
printf '%s\n' "$native" "$brownfield"
if [ "$(grep -v '^BENCH ' <<<"$native")" != "$(grep -v '^BENCH ' <<<"$brownfield")" ]; then
  echo "examples/cpp: native and brownfield results differ" >&2
  exit 1
fi
