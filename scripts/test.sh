#!/usr/bin/env bash
# The whole test suite: a warnings-as-errors release build running every
# test, then an AddressSanitizer + UndefinedBehaviorSanitizer build running
# the unit, regression and command-line tiers (the statistical validation
# tier is too slow under the sanitizers to run twice in CI's time).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
jobs=$(nproc)

BUILD_DIR="$top/build" "$top/scripts/build.sh"
ctest --test-dir "$top/build" --output-on-failure -j"$jobs"

if [ "${SAFFRON_SKIP_SANITIZE:-0}" != 1 ]; then
  BUILD_DIR="$top/build-sanitize" "$top/scripts/build.sh" -DSAFFRON_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
  ctest --test-dir "$top/build-sanitize" --output-on-failure -j"$jobs" \
    -L 'unit|regression|cli|mpi'
fi
