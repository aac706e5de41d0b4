#!/usr/bin/env bash
# run_fuzzer.sh HARNESS SECONDS CORPUS WORK [EXTRA_SEED_DIR...]
# SECONDS 0 replays CORPUS (every input once); otherwise fuzzes for SECONDS
# from CORPUS and the extra seeds, keeping what it learns in WORK/corpus
# (CORPUS itself is never written) and any crashing input in WORK. Prints
# one line: the harness, inputs run, and the outcome; exits non-zero on a
# crash, a sanitizer report, a leak, a timeout or an out-of-memory.
set -uo pipefail
harness=$1 seconds=$2 corpus=$3 work=$4
shift 4
name=$(basename "$harness")
rm -rf "$work"
mkdir -p "$work/corpus"
# A bad input must fail in milliseconds; 10 s on one input is a hang.
opts=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1
      -artifact_prefix="$work/")
if [ "$seconds" = 0 ]; then
  "$harness" "${opts[@]}" -runs=0 "$corpus" > "$work/log" 2>&1
else
  "$harness" "${opts[@]}" -max_total_time="$seconds" "$work/corpus" \
    "$corpus" "$@" > "$work/log" 2>&1
fi
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
if [ "$rc" -ne 0 ]; then
  tail -40 "$work/log"
  echo "$name: FAILED after ${runs:-?} inputs (exit $rc); reproducer in $work"
  exit 1
fi
if [ "$seconds" = 0 ]; then
  echo "$name: replayed $(find "$corpus" -type f | wc -l) corpus inputs, no crash"
else
  echo "$name: ${runs:-?} inputs in $seconds s, no crash ($(ls "$work/corpus" | wc -l) new corpus inputs)"
fi
