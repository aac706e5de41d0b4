#!/usr/bin/env bash
# The whole test suite: a warnings-as-errors release build running every
# test, then an AddressSanitizer + UndefinedBehaviorSanitizer build running
# the unit, regression, command-line and MPI tiers (the statistical
# validation tier is too slow under the sanitizers to run twice in CI's
# time), then clang's libFuzzer harnesses (tests/fuzz): each corpus
# replayed, then each harness fuzzed for SAFFRON_FUZZ_SECONDS (20).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
jobs=$(nproc)

BUILD_DIR="$top/build" "$top/scripts/build.sh"
ctest --test-dir "$top/build" --output-on-failure -j"$jobs"

if [ "${SAFFRON_SKIP_SANITIZE:-0}" != 1 ]; then
  BUILD_DIR="$top/build-sanitize" "$top/scripts/build.sh" -DSAFFRON_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
  # The kill cycles test the file's durability under SIGKILL, which the
  # release tier does; under the sanitizers they would only add minutes.
  ctest --test-dir "$top/build-sanitize" --output-on-failure -j"$jobs" \
    -L 'unit|regression|cli|mpi' -E '^mpi\.kill_cycles$'
fi

if [ "${SAFFRON_SKIP_FUZZ:-0}" != 1 ]; then
  BUILD_DIR="$top/build-fuzz" "$top/scripts/build.sh" -DCMAKE_C_COMPILER=clang \
    -DSAFFRON_FUZZ=ON -DSAFFRON_BUILD_TESTS=OFF -DSAFFRON_BUILD_DATAGEN=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSAFFRON_FUZZ_SECONDS="${SAFFRON_FUZZ_SECONDS:-20}"
  ctest --test-dir "$top/build-fuzz" --output-on-failure -j"$jobs" -L fuzz
fi
