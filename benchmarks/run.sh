#!/usr/bin/env bash
# Runs every benchmark and prints its JSON lines (figures, never pass/fail).
# usage: benchmarks/run.sh [BUILD_DIR]   (ICRP 110 parts need ../shared)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
am="$top/../shared/data/icrp110/AM"
echo "# photon kernel, kerma mode, liver source in ICRP 110 AM"
if [ -d "$am" ]; then "$build/benchmarks/bench_photon" "$am" Liver 1e6; else echo "# skipped: $am absent"; fi
echo "# photon kernel against the yardstick ../shared/bench/woodcock.c (interleaved)"
if [ -d "$am" ] && [ -f "$top/../shared/bench/woodcock.c" ]; then
  "$top/benchmarks/yardstick.sh" "$build" "$am" 5 140,364,1000
else
  echo "# skipped: $am or ../shared/bench/woodcock.c absent"
fi
echo "# electron transport: reference water problem and ICRP 110 AM"
"$build/benchmarks/bench_electron"
echo "# task farm on this machine (200 tasks)"
"$top/benchmarks/farm_efficiency.sh" "$build"
echo "# saffron plan: estimated against measured core-seconds (quickstart)"
"$top/benchmarks/plan_accuracy.sh" "$build"
echo "# scheduler simulation: OpenDose (51,324 tasks) on 1,000 ranks"
"$build/benchmarks/bench_commit" "$top/jobs/opendose-am.yaml" 2000
"$build/benchmarks/bench_scheduler_sim" 1000 2e6 1e5 1e-4
"$build/benchmarks/bench_scheduler_sim" 1000 2e6 1e5 2e-3
echo "# many kills: one campaign killed and resumed 100 times"
"$top/benchmarks/kill_cycles.sh" "$build" 100
