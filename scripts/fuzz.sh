#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [HARNESS...]
# Builds the libFuzzer harnesses of tests/fuzz (clang, ASan + UBSan) in
# ${BUILD_DIR:-build-fuzz} and fuzzes each (default: all) for SECONDS
# (default 60), at the lowest CPU priority. Each starts from its corpus in
# tests/fuzz/corpus/HARNESS (plus the ICRP 110 tables of ../shared for
# icrp110, when present) and keeps what it learns, and any crashing input,
# in BUILD_DIR/fuzz-work/HARNESS. A crashing input belongs in the corpus
# once fixed (tests/fuzz/README.md).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(manifest metaimage label_table icrp110 spectrum results)
build=${BUILD_DIR:-$top/build-fuzz}

BUILD_DIR="$build" "$top/scripts/build.sh" -DCMAKE_C_COMPILER=clang \
  -DSAFFRON_FUZZ=ON -DSAFFRON_BUILD_TESTS=OFF -DSAFFRON_BUILD_DATAGEN=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo

# The real ICRP 110 tables as extra seeds (media, NUL, organs), read from
# the shared data and never copied into the repository.
shared=${SAFFRON_SHARED_DATA:-$top/../shared/data/icrp110}
icrp_seeds="$build/fuzz-seeds/icrp110"
mkdir -p "$icrp_seeds"
for p in AM AF; do
  if [ -r "$shared/$p/${p}_media.dat" ]; then
    { cat "$shared/$p/${p}_media.dat"; printf '\0'; cat "$shared/$p/${p}_organs.dat"; } \
      > "$icrp_seeds/$p.bin"
  fi
done

status=0
for h in "${harnesses[@]}"; do
  extra=()
  [ "$h" = icrp110 ] && extra=("$icrp_seeds")
  nice -n 19 bash "$top/tests/fuzz/run_fuzzer.sh" "$build/tests/fuzz/fuzz_$h" \
    "$seconds" "$top/tests/fuzz/corpus/$h" "$build/fuzz-work/$h" "${extra[@]}" \
    || status=1
done
exit $status
