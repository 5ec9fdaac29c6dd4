#!/usr/bin/env bash
# The C binding's tests: builds libbrownfield_c (cargo, release) through
# CMake, runs the C tests with ctest (plus the memcheck_* tests under
# valgrind when it is installed), then installs into a scratch prefix and
# builds a consumer with find_package(brownfield) and with pkg-config, so
# the installed package files are proven too. Assumes ci/setup.sh ran.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export BROWNFIELD_DATA_DIR=${BROWNFIELD_DATA_DIR:-$(cd "$ROOT/.." && pwd)/shared/data}
[ -d "$BROWNFIELD_DATA_DIR/json" ] || { echo "test-c: corpus not found at $BROWNFIELD_DATA_DIR/json" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BUILD=bindings/c/build
JOBS=${JOBS:-2}

cmake -S bindings/c -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
  -DBROWNFIELD_CARGO_TARGET_DIR="$CARGO_TARGET_DIR" -DBROWNFIELD_BUILD_TESTS=ON >/dev/null
cmake --build "$BUILD" -j "$JOBS"
ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS"

# The installed package: header, libs, brownfield.pc, brownfieldConfig.cmake.
PREFIX="$ROOT/$BUILD/prefix"
rm -rf "$PREFIX"
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
CONSUMER="$ROOT/$BUILD/consumer"
rm -rf "$CONSUMER" && mkdir -p "$CONSUMER"
cat >"$CONSUMER/main.c" <<'C'
#include <brownfield.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    const char *json = "{\"installed\": [true]}";
    bf_document *doc = NULL;
    bf_buffer out = {0};
    if (bf_parse((const uint8_t *)json, strlen(json), NULL, &doc, NULL) != BF_OK) return 1;
    if (bf_serialize(doc, BF_ROOT, NULL, &out, NULL) != BF_OK) return 1;
    int ok = strcmp(out.data, "{\"installed\":[true]}") == 0;
    bf_buffer_free(&out);
    bf_document_free(doc);
    /* The log engine links too (rayon threads, gzip). */
    const char *logs = "{\"s\":1}\n{\"s\":2}\n{\"s\":1}\n";
    bf_logs_spec spec = {0};
    spec.group_by = "s";
    spec.group_by_len = 1;
    bf_logs_result *r = NULL;
    bf_logs_value count;
    if (bf_logs_query_buffer(&spec, (const uint8_t *)logs, strlen(logs), &r, NULL) != BF_OK) return 1;
    ok = ok && bf_logs_result_rows(r) == 2 && bf_logs_result_cell(r, 0, 1, &count) == BF_OK &&
         count.integer == 2;
    bf_logs_result_free(r);
    puts(ok ? "consumer ok" : "consumer: wrong output");
    return ok ? 0 : 1;
}
C
cat >"$CONSUMER/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(consumer C)
find_package(brownfield 0.1 REQUIRED)
add_executable(consumer_shared main.c)
target_link_libraries(consumer_shared PRIVATE brownfield::brownfield)
set_target_properties(consumer_shared PROPERTIES BUILD_RPATH "${BROWNFIELD_LIB_DIR}")
add_executable(consumer_static main.c)
target_link_libraries(consumer_static PRIVATE brownfield::static)
CMAKE
cmake -S "$CONSUMER" -B "$CONSUMER/build" -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
cmake --build "$CONSUMER/build" >/dev/null
"$CONSUMER/build/consumer_shared"
"$CONSUMER/build/consumer_static"
PC_DIR=$(dirname "$(find "$PREFIX" -name brownfield.pc | head -n1)")
cc -o "$CONSUMER/consumer_pc" "$CONSUMER/main.c" \
  $(PKG_CONFIG_PATH="$PC_DIR" pkg-config --cflags --libs brownfield) \
  -Wl,-rpath,"$(PKG_CONFIG_PATH="$PC_DIR" pkg-config --variable=libdir brownfield)"
"$CONSUMER/consumer_pc"
echo "test-c: all C tests passed"
