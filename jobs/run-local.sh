#!/usr/bin/env bash
# A campaign on one workstation: R ranks x T threads with Open MPI.
#   jobs/run-local.sh MANIFEST OUT.h5 [RANKS [THREADS]] [--resume]
# Open MPI binds each rank to one core when there are 2 ranks or fewer,
# which would leave OpenMP one thread: --bind-to none lets the threads use
# their cores.
set -euo pipefail
manifest=$1 out=$2 ranks=${3:-1} threads=${4:-$(nproc)}
shift $(( $# < 4 ? $# : 4 ))
top=$(cd "$(dirname "$0")/.." && pwd)
exec mpirun -np "$ranks" --bind-to none -x OMP_NUM_THREADS="$threads" \
  "$top/build/saffron" run "$manifest" -o "$out" --threads "$threads" "$@"
