#!/usr/bin/env bash
# Builds the C++ binding (CMake drives `cargo build --release -p brownfield-cpp`)
# and runs its GoogleTest suite through ctest. Assumes ci/setup.sh has run
# (cmake, g++, libgtest-dev, nlohmann-json3-dev). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BROWNFIELD_CPP_BUILD_DIR:-target/cmake/cpp}
cmake -S bindings/cpp -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DBROWNFIELD_CPP_TESTS=ON
cmake --build "$build_dir" -j "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
