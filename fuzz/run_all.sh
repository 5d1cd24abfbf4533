#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-16, ASan + UBSan) in build-fuzz and runs each for SECONDS (default 60),
# one after the other (the machine is shared). Seeds come from fuzz_seeds and, for the volume parsers, from
# the real test volumes (build-fuzz/fuzz/seeds, cut at build time); what a run learns stays in
# build-fuzz/fuzz/corpus; crashing inputs land in build-fuzz/fuzz/artifacts/<target>/.
# Exit status: 0 when no target found a problem.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
build=${BDERESCUE_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=${CC:-clang-16} CXX=${CXX:-clang++-16} cmake -S . -B "$build" -G Ninja -DBDERESCUE_FUZZ=ON \
    -DBDERESCUE_TESTS=OFF -DBDERESCUE_BENCH=OFF -DBDERESCUE_SANITIZE=ON >/dev/null
fi
ninja -C "$build" -j2 fuzz_key_text fuzz_bek fuzz_fve_metadata fuzz_volume fuzz_seeds fuzz_volume_corpus
corpus="$build/fuzz/corpus"
"$build/fuzz/fuzz_seeds" "$corpus"

status=0
run() {  # target max_len [extra libFuzzer options]
  local target=$1 max_len=$2
  shift 2
  local artifacts="$build/fuzz/artifacts/$target" seeds=()
  mkdir -p "$artifacts" "$corpus/$target"
  [ -d "$build/fuzz/seeds/$target" ] && seeds=("$build/fuzz/seeds/$target")
  echo "== fuzz_$target for ${secs}s"
  if ! "$build/fuzz/fuzz_$target" -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "$corpus/$target" "${seeds[@]}" 2>"$build/fuzz/$target.log"; then
    echo "fuzz_$target FAILED: see $build/fuzz/$target.log and $artifacts/" >&2
    status=1
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE" "$build/fuzz/$target.log" || true
}
run key_text 16384 -dict=fuzz/key_text.dict
run bek 512
run fve_metadata 16384
run volume 16896
exit $status
