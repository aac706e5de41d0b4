# Shared by the MPI test scripts: paths, a scratch directory, helpers.
set -euo pipefail
: "${SAFFRON_BIN:?SAFFRON_BIN must point at the saffron binary}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
# Keep Open MPI from probing network interfaces CI does not have.
export OMPI_MCA_btl=self,vader OMPI_MCA_btl_vader_single_copy_mechanism=none
source "$(dirname "${BASH_SOURCE[0]}")/compare.sh"
work=$(mktemp -d /tmp/saffron-mpi-XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL: $*"; exit 1; }

# run RANKS THREADS MANIFEST OUT [extra args]
run() {
  local ranks=$1 threads=$2 manifest=$3 out=$4; shift 4
  mpirun -np "$ranks" --bind-to none "$SAFFRON_BIN" run "$manifest" -o "$out" \
    --threads "$threads" --quiet "$@"
}

small_manifest() {
  cat > "$1" <<'YAML'
name: mpi-test
seed: 4242
phantom: builtin:stylized:0.8
sources: [Liver, Kidneys, Lungs]
targets: all
particles: [photon]
energies_MeV: [0.03, 0.14, 1.0]
histories: 6e4
chunk_histories: 5e3
mode: kerma
YAML
}

# kill_during DELAY MANIFEST OUT: starts (or resumes, when OUT exists) a
# 2-rank run, kills it with SIGKILL DELAY seconds after OUT exists (ranks
# first, as a node failure would: they are not in mpirun's process group),
# then checks that OUT opens and that the kill came while the run was still
# going.
# holders FILE: prints the processes that have FILE open; 1 if none.
holders() {
  local target found=1 fd pid
  target=$(readlink -f "$1")
  for fd in /proc/[0-9]*/fd/*; do
    if [ "$(readlink "$fd" 2>/dev/null)" = "$target" ]; then
      pid=${fd#/proc/}
      pid=${pid%%/*}
      echo "pid $pid: $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)"
      found=0
    fi
  done
  return $found
}

kill_during() {
  local delay=$1 manifest=$2 out=$3 resume=()
  [ -e "$out" ] && resume=(--resume)
  setsid mpirun -np 2 --bind-to none "$SAFFRON_BIN" run "$manifest" -o "$out" \
    --threads 1 --quiet "${resume[@]}" > "$work/log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do [ -e "$out" ] && break; sleep 0.05; done
  sleep "$delay"
  pkill -9 -f -- "-o $out" 2>/dev/null || true
  kill -9 -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for _ in $(seq 100); do pgrep -f -- "-o $out" > /dev/null || break; sleep 0.05; done
  # A process still holding OUT (one whose command line did not match yet)
  # keeps HDF5's file lock, and h5dump would then fail for that reason
  # alone: wait until no process has it open.
  for _ in $(seq 200); do holders "$out" > /dev/null || break; sleep 0.05; done
  if ! h5dump -H "$out" > /dev/null 2> "$work/h5dump.err"; then
    cat "$work/h5dump.err"
    holders "$out" && echo "(processes above still hold $out)"
    HDF5_USE_FILE_LOCKING=FALSE h5dump -H "$out" > /dev/null 2>&1 \
      && echo "(it opens with HDF5 file locking off: a lock, not a damaged file)"
    fail "file does not open after kill at +$delay s"
  fi
  "$SAFFRON_BIN" status "$out" > "$work/status" || fail "status after kill"
  cat "$work/status"
  grep -q "(running)" "$work/status" || fail "kill at +$delay s came after the end"
}

# same_all A.h5 B.h5: every result dataset, task state and dose map equal
# byte for byte (same_results.py).
same_all() {
  "$PY" "$(dirname "${BASH_SOURCE[0]}")/same_results.py" "$1" "$2"
}

# wait_orphans OUT: mpirun killed, its ranks (in process groups of their
# own) notice and end; waits until no process writes OUT any more.
wait_orphans() {
  local out=$1
  for _ in $(seq 600); do
    pgrep -f -- "-o $out" > /dev/null || return 0
    sleep 0.1
  done
  fail "ranks still alive 60 s after mpirun was killed"
}

# kill_cycles N MIN MAX MANIFEST OUT: N times, starts the run on 2 ranks
# (with --resume once OUT exists) in a process group of its own and kills
# that whole group with SIGKILL at a random moment MIN to MAX seconds after
# the start; after every kill, waits for the orphaned ranks to end and
# checks that OUT, once it exists, is read by `saffron status`. Stops early
# when a run ends before its kill. Sets KILLS, UNREADABLE, FINISHED.
kill_cycles() {
  local n=$1 min=$2 max=$3 manifest=$4 out=$5
  KILLS=0 UNREADABLE=0 FINISHED=0
  for ((i = 1; i <= n; ++i)); do
    local resume=()
    [ -e "$out" ] && resume=(--resume)
    setsid mpirun -np 2 --bind-to none "$SAFFRON_BIN" run "$manifest" \
      -o "$out" --threads 1 --quiet "${resume[@]}" > "$work/cycle.log" 2>&1 &
    local pid=$! rc=0
    sleep "$(awk -v a="$min" -v b="$max" -v r="$RANDOM" \
             'BEGIN { printf "%.3f", a + (b - a) * r / 32767 }')"
    # The run may have finished before the kill (a fast machine).
    kill -9 -- "-$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || rc=$?
    wait_orphans "$out"
    if [ "$rc" -eq 0 ]; then
      FINISHED=1
      break
    fi
    [ "$rc" -eq 137 ] || fail "cycle $i: run failed (exit $rc): $(cat "$work/cycle.log")"
    KILLS=$((KILLS + 1))
    if [ -e "$out" ] && ! "$SAFFRON_BIN" status "$out" > "$work/status" 2>&1; then
      UNREADABLE=$((UNREADABLE + 1))
      echo "cycle $i: unreadable: $(cat "$work/status")"
      cp "$out" "$work/unreadable-$i.h5"
    fi
  done
}
