#!/usr/bin/env bash
# Command one of the README: install the Debian packages, build, and run the
# quickstart campaign (jobs/quickstart.yaml) on the built-in phantom: SAFs
# for a few sources, photons and electrons, a few energies, written to
# quickstart.h5, with a short summary printed at the end, and its report
# page, quickstart.html.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
BUILD_DIR="$top/build" "$top/scripts/build.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=${1:-quickstart.h5}
rm -f "$out"
cores=$(nproc)
# One rank per core: the farm balances chunks of histories between them.
mpirun -np "$cores" --oversubscribe --bind-to none "$top/build/saffron" run \
  "$top/jobs/quickstart.yaml" -o "$out" --threads 1 --progress 10
"$top/build/saffron" status "$out"
"$top/build/saffron" report "$out"
