#!/usr/bin/env bash
# The README's test command: configure, build and run the whole test suite with CTest.
# BDERESCUE_BUILD_DIR picks the build tree (default: build). Extra arguments go to ctest (e.g. -L unit).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BDERESCUE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
