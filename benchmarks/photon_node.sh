#!/usr/bin/env bash
# The photon kernel on a full node: one single-thread `saffron task` process
# per core, all at once, as ranks run on a cluster node (each process holds
# its own label array, and they share the last-level cache and the memory
# bus). Prints per energy the histories per second of each process and
# their sum. Comparing two builds on the same node: pass both, they run in
# alternation ROUNDS times.
#
# usage: benchmarks/photon_node.sh [BUILD[,BUILD2] [PHANTOM [HISTORIES [ROUNDS [KEV,...]]]]]
#   PHANTOM defaults to ../shared/data/icrp110/AM when present, else
#   builtin:stylized; HISTORIES to 1e6 per process; ROUNDS to 2;
#   KEV to 30,140,364,1000. The source is the liver, kerma mode.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
builds=${1:-$here/../build}
am=$here/../../shared/data/icrp110/AM
phantom=${2:-$([ -d "$am" ] && echo "$am" || echo builtin:stylized)}
histories=${3:-1e6}
rounds=${4:-2}
kevs=${5:-30,140,364,1000}
cores=$(nproc)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for kev in ${kevs//,/ }; do
  E=$(awk -v k="$kev" 'BEGIN { printf "%g", k / 1000 }')
  for r in $(seq "$rounds"); do
    for build in ${builds//,/ }; do
      for p in $(seq "$cores"); do
        "$build/saffron" task --phantom "$phantom" --source Liver \
          --particle photon --energy "$E" --histories "$histories" \
          --mode kerma --threads 1 --seed "$p" --json > "$work/$p.json" &
      done
      wait
      rates=$(for p in $(seq "$cores"); do
        grep -o '"histories_per_second": [0-9.e+]*' "$work/$p.json" | awk '{print $2}'
      done | tr '\n' ' ')
      echo "$rates" | awk -v k="$kev" -v r="$r" -v b="$build" -v n="$cores" '{
        s = 0; list = "";
        for (i = 1; i <= NF; ++i) { s += $i; list = list (i > 1 ? ", " : "") $i }
        printf "{\"keV\": %s, \"round\": %d, \"build\": \"%s\", \"processes\": %d, \"histories_per_s\": [%s], \"sum\": %.4g}\n", k, r, b, n, list, s }'
    done
  done
done
