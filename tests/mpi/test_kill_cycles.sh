#!/usr/bin/env bash
# Many kills over one campaign with dose maps: the whole mpirun process
# group is killed with SIGKILL at random moments (KILL_CYCLES times, 5 by
# default; benchmarks/kill_cycles.sh does 100) and resumed each time; every
# intermediate file is read by `saffron status`, and the final file equals
# an uninterrupted run byte for byte in every result dataset and dose map,
# its timing-dependent rows (CPU seconds, figures of merit) being what the
# tasks' states give (`saffron verify`).
source "$(dirname "$0")/common.sh"
RANDOM=${KILL_SEED:-13}
m="$work/m.yaml"
cat > "$m" <<'YAML'
name: kill-cycles
seed: 31
phantom: builtin:stylized:1.0
sources: [Liver, Kidneys]
targets: all
particles: [photon]
energies_MeV: [0.05, 0.5]
histories: 1.2e6
chunk_histories: 4e4
dose_maps: [Liver]
mode: kerma
YAML
t0=$(date +%s.%N)
run 2 1 "$m" "$work/ref.h5"
t1=$(date +%s.%N)
# Kill moments scaled to this machine's time for the whole run, so that
# most cycles are cut mid-run however fast the machine is.
lo=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", 0.08 * (b - a) }')
hi=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", 0.25 * (b - a) }')
out="$work/killed.h5"
kill_cycles "${KILL_CYCLES:-5}" "$lo" "$hi" "$m" "$out"
echo "kills: $KILLS, unreadable files: $UNREADABLE, finished before a kill: $FINISHED"
[ "$UNREADABLE" -eq 0 ] || fail "$UNREADABLE intermediate files unreadable"
[ "$KILLS" -ge 2 ] || fail "only $KILLS kills came before the end; lengthen the campaign"
[ "$FINISHED" -eq 1 ] || run 2 1 "$m" "$out" --resume
same_all "$work/ref.h5" "$out" || fail "killed and resumed run differs"
# The timing-dependent rows left out above (/tasks cpu_seconds, /tasks_fom)
# are still what each task's durable state gives.
"$SAFFRON_BIN" verify "$out" --tasks 0 > "$work/verify" ||
  fail "killed and resumed run inconsistent: $(cat "$work/verify")"
echo "1 passed, 0 failed"
