#!/usr/bin/env bash
# Builds the C++ binding (CMake drives `cargo build --release -p brownfield-cpp`)
# and runs its GoogleTest suite through ctest twice: a plain build, then one
# with AddressSanitizer + UBSan + LeakSanitizer on the C++ side (skip that one
# with BROWNFIELD_CPP_SANITIZE=0). Assumes ci/setup.sh has run (cmake, g++,
# libgtest-dev, nlohmann-json3-dev). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

build_root=${BROWNFIELD_CPP_BUILD_DIR:-target/cmake}
jobs=$(nproc)

run_suite() { # build dir, extra cmake args...
  local dir=$1
  shift
  cmake -S bindings/cpp -B "$dir" -DCMAKE_BUILD_TYPE=Release -DBROWNFIELD_CPP_TESTS=ON "$@"
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

echo "== C++ tests"
run_suite "$build_root/cpp" -DBROWNFIELD_CPP_SANITIZE=OFF
if [ "${BROWNFIELD_CPP_SANITIZE:-1}" != 0 ]; then
  echo "== C++ tests under AddressSanitizer + UBSan"
  run_suite "$build_root/cpp-sanitize" -DBROWNFIELD_CPP_SANITIZE=ON
fi
