#!/usr/bin/env bash
# Configures and builds saffron into ${BUILD_DIR:-build}. Extra arguments go
# to cmake (e.g. -DSAFFRON_SANITIZE=ON).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSAFFRON_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
