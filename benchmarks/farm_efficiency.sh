#!/usr/bin/env bash
# Parallel efficiency of the task farm on this machine: a 200-task campaign
# (10 sources x 20 photon energies, built-in phantom) on (ranks, threads) =
# (1,1), (1,2), (2,1). Efficiency = T(1,1) / (ranks x threads x T).
# Prints one JSON line per configuration. usage: farm_efficiency.sh [BUILD]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build}/saffron
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mode=${SAFFRON_BENCH_MODE:-kerma}
cat > "$work/farm.yaml" <<YAML
name: farm-efficiency
seed: 1
phantom: builtin:stylized
sources: [Liver, Kidneys, Lungs, Spleen, Heart, Stomach, Urinary bladder, Brain, Thyroid, Skeleton]
targets: all
particles: [photon]
energies_MeV: [0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.14, 0.2, 0.3, 0.364, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0, 4.0]
histories: ${SAFFRON_BENCH_HISTORIES:-1.2e5}
chunk_histories: ${SAFFRON_BENCH_CHUNK:-1e5}
mode: $mode
YAML
t11=""
for cfg in "1 1" "1 2" "2 1"; do
  set -- $cfg
  rm -f "$work/out.h5"
  start=$(date +%s.%N)
  mpirun -np "$1" --bind-to none "$bin" run "$work/farm.yaml" -o "$work/out.h5" \
    --threads "$2" --quiet
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  [ -n "$t11" ] || t11=$t
  eff=$(echo "$t11 / ($1 * $2 * $t)" | bc -l)
  printf '{"ranks": %d, "threads": %d, "tasks": 200, "mode": "%s", "seconds": %.2f, "efficiency": %.3f}\n' \
    "$1" "$2" "$mode" "$t" "$eff"
done
