#!/usr/bin/env bash
# How good is `saffron plan`'s cost estimate? Plans a campaign (default
# jobs/quickstart.yaml) with its default calibration, runs it on 1 rank x
# THREADS threads, and prints one JSON line: estimated and measured
# core-seconds (the sum of the tasks' cpu_seconds), the ratio, the
# calibration's own cost and the run's wall time.
# usage: plan_accuracy.sh [BUILD [MANIFEST [THREADS]]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build}/saffron
manifest=${2:-$top/jobs/quickstart.yaml}
threads=${3:-2}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
p0=$(date +%s.%N)
"$bin" plan "$manifest" --threads "$threads" > "$work/plan.txt"
p1=$(date +%s.%N)
estimate=$(awk '/^estimate:/ {print $2}' "$work/plan.txt")
r0=$(date +%s.%N)
"$bin" run "$manifest" -o "$work/out.h5" --threads "$threads" --quiet
r1=$(date +%s.%N)
measured=$(/usr/bin/python3 -c 'import sys, h5py
print(h5py.File(sys.argv[1], "r")["tasks"]["cpu_seconds"].sum())' "$work/out.h5")
printf '{"manifest": "%s", "threads": %d, "estimated_core_s": %.1f, "measured_core_s": %.1f, "ratio": %.3f, "plan_wall_s": %.1f, "run_wall_s": %.1f}\n' \
  "$(basename "$manifest")" "$threads" "$(echo "$estimate * 3600" | bc -l)" "$measured" \
  "$(echo "$estimate * 3600 / $measured" | bc -l)" "$(echo "$p1 - $p0" | bc -l)" \
  "$(echo "$r1 - $r0" | bc -l)"
