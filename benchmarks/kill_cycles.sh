#!/usr/bin/env bash
# benchmarks/kill_cycles.sh [BUILD_DIR [CYCLES]]
# The long variant of tests/mpi/test_kill_cycles.sh: one campaign with dose
# maps, its whole mpirun process group killed with SIGKILL at a random
# moment 0.3 to 2.5 s after each start, CYCLES times (100 by default), and
# resumed each time; then finished and compared with an uninterrupted run.
# Prints one JSON line: kills, files `saffron status` could not read, bytes
# that differ from the uninterrupted run (results-format datasets, newest
# task states, dose maps), and the seed of the kill moments.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
export SAFFRON_BIN=${SAFFRON_BIN:-${1:-$top/build}/saffron}
cycles=${2:-100}
source "$top/tests/mpi/common.sh"
seed=${KILL_SEED:-$(date +%s)}
RANDOM=$seed
m="$work/m.yaml"
cat > "$m" <<'YAML'
name: kill-cycles-long
seed: 77
phantom: builtin:stylized:1.0
sources: [Liver, Kidneys]
targets: all
particles: [photon]
energies_MeV: [0.05, 0.5]
histories: 4e6
chunk_histories: 2e4
dose_maps: [Liver]
mode: kerma
YAML
t0=$(date +%s)
run 2 1 "$m" "$work/ref.h5"
t1=$(date +%s)
out="$work/killed.h5"
kill_cycles "$cycles" 0.3 2.5 "$m" "$out"
[ "$FINISHED" -eq 1 ] || run 2 1 "$m" "$out" --resume
t2=$(date +%s)
set +e
same_all "$work/ref.h5" "$out" > "$work/compare" 2>&1
set -e
cat "$work/compare" >&2
bytes=$(sed -n 's/^\([0-9]*\) bytes differ in.*/\1/p' "$work/compare")
printf '{"benchmark": "kill_cycles", "kills": %d, "unreadable_files": %d, "finished_before_a_kill": %d, "bytes_differing": %s, "uninterrupted_s": %d, "killed_and_resumed_s": %d, "kill_seed": %s}\n' \
  "$KILLS" "$UNREADABLE" "$FINISHED" "${bytes:-null}" $((t1 - t0)) $((t2 - t1)) "$seed"
