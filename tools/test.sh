#!/usr/bin/env bash
# The README's test command. Three stages, each its own build tree:
#   main  - the normal build and every CTest test (all labels, including the image boot tests)
#   asan  - the suite again under AddressSanitizer + UndefinedBehaviorSanitizer, without the `image` tests
#           (they boot the normal build's image) and the `slow` ones (long runs of external readers), to fit
#           CI's time; `BDERESCUE_ASAN_EXCLUDE=image bash tools/test.sh` runs the slow ones too
#   fuzz  - each libFuzzer target (clang-16, ASan+UBSan) for a bounded time (BDERESCUE_FUZZ_SECONDS, default 45)
# BDERESCUE_TEST_STAGES picks stages (default "main asan fuzz"); extra arguments go to every ctest run
# (e.g. `bash tools/test.sh -L unit`).
set -euo pipefail
cd "$(dirname "$0")/.."
stages=${BDERESCUE_TEST_STAGES:-main asan fuzz}
jobs=$(nproc)
failed=()

run_stage() {
  echo "=== test stage: $1 ==="
  "stage_$1" "${@:2}" || failed+=("$1")
}

stage_main() {
  # Chained with && because `set -e` does not apply inside a function called from `||`.
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
  cmake --build build -j"$jobs" &&
  ctest --test-dir build --output-on-failure -j"$jobs" "$@"
}

stage_asan() {
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBDERESCUE_SANITIZE=ON -DBDERESCUE_BENCH=OFF >/dev/null &&
  cmake --build build-asan -j"$jobs" &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tools/lsan.supp UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "${BDERESCUE_ASAN_EXCLUDE:-image|slow}" "$@"
}

stage_fuzz() {
  if [ ! -x fuzz/run_all.sh ]; then echo "no fuzz targets"; return 0; fi
  fuzz/run_all.sh "${BDERESCUE_FUZZ_SECONDS:-45}"
}

for s in $stages; do run_stage "$s" "$@"; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED test stages: ${failed[*]}"
  exit 1
fi
echo "all test stages passed: $stages"
