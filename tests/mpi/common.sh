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
  h5dump -H "$out" > /dev/null || fail "file does not open after kill at +$delay s"
  "$SAFFRON_BIN" status "$out" > "$work/status" || fail "status after kill"
  cat "$work/status"
  grep -q "(running)" "$work/status" || fail "kill at +$delay s came after the end"
}
