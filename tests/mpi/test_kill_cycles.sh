#!/usr/bin/env bash
# Many kills over one campaign with dose maps: the whole mpirun process
# group is killed with SIGKILL at random moments (KILL_CYCLES times, 5 by
# default; benchmarks/kill_cycles.sh does 100) and resumed each time; every
# intermediate file is read by `saffron status`, and the final file equals
# an uninterrupted run byte for byte in every result dataset and dose map.
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
histories: 2e5
chunk_histories: 1e4
dose_maps: [Liver]
mode: kerma
YAML
run 2 1 "$m" "$work/ref.h5"
out="$work/killed.h5"
kill_cycles "${KILL_CYCLES:-5}" 0.3 2.0 "$m" "$out"
echo "kills: $KILLS, unreadable files: $UNREADABLE, finished before a kill: $FINISHED"
[ "$UNREADABLE" -eq 0 ] || fail "$UNREADABLE intermediate files unreadable"
[ "$KILLS" -ge 3 ] || fail "only $KILLS kills came before the end; lengthen the campaign"
[ "$FINISHED" -eq 1 ] || run 2 1 "$m" "$out" --resume
same_all "$work/ref.h5" "$out" || fail "killed and resumed run differs"
echo "1 passed, 0 failed"
