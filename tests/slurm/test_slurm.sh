#!/usr/bin/env bash
# The batch scripts of jobs/ on a real (private, single-node) Slurm:
# - `saffron plan --shards 3 --write-sbatch` writes an array script from
#   jobs/slurm-array.sbatch, which runs the campaign as 3 array elements
#   (one shard each, throttled to 2 at once); `saffron merge` joins them;
# - jobs/slurm-mpi.sbatch runs the same campaign as one 2-rank job (mpirun
#   inside the allocation), the reference;
# - jobs/slurm-mpi.sbatch again (srun --mpi=pmix) with a 1-minute limit and
#   --signal=B:TERM@58: Slurm sends SIGTERM to the script, which passes the
#   stop on to the ranks (as USR1, as for the template's B:USR1), the run
#   stops with its state saved, the job requeues itself and resumes.
# The merge and the resumed run must equal the reference byte for byte.
# Skipped (77) only when Slurm or munge cannot be run here.
: "${SAFFRON_SOURCE_DIR:?}"
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../mpi/common.sh"
source "$here/local_slurm.sh"
chmod 755 "$work" # munged runs as the munge user
cleanup() { slurm_stop; rm -rf "$work"; }
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in "$work"/run/*.out; do [ -e "$f" ] && { echo "== $f"; tail -n 20 "$f"; }; done
  exit 1
}

t0=$(date +%s)
rc=0
slurm_start "$work/slurm" || rc=$?
[ $rc -eq 0 ] || exit $rc
mkdir "$work/run"
cd "$work/run"
# About 45 core-seconds: with the array's first two elements beside it on
# the machine's 2 cores, the signalled run is still going when the signal
# comes (Slurm checks time limits every 30 s).
small_manifest c.yaml
sed -i 's/^name: .*/name: slurm-test/; s/^histories: .*/histories: 1.8e6/;
        s/^chunk_histories: .*/chunk_histories: 1e5/' c.yaml
export SAFFRON=$SAFFRON_BIN MANIFEST=c.yaml
jobs=$SAFFRON_SOURCE_DIR/jobs
# Slurm sees 4 CPUs on this node (2 cores): the signalled run and two
# array elements start at once.
sig=$(OUT=sig.h5 SAFFRON_ARGS="--progress 5" sbatch --parsable \
  --job-name=sig --nodes=1 --ntasks=2 --cpus-per-task=1 --time=1 \
  --signal=B:TERM@58 --output=sig.out "$jobs/slurm-mpi.sbatch")
"$SAFFRON_BIN" plan c.yaml --shards 3 --cores-per-shard 1 --throttle 2 \
  --calibration-tasks 2 --calibration-seconds 0.2 --write-sbatch . > plan.txt ||
  fail "plan: $(cat plan.txt)"
grep -q "^#SBATCH --array=0-2%2 " slurm-test-array.sbatch || fail "plan's array script"
arr=$(env -u MANIFEST -u SAFFRON SAFFRON_ARGS=--quiet sbatch --parsable --output=arr-%a.out \
  slurm-test-array.sbatch)
ref=$(OUT=ref.h5 LAUNCHER=mpirun SAFFRON_ARGS=--quiet sbatch --parsable \
  --job-name=ref --nodes=1 --ntasks=2 --cpus-per-task=1 --time=10 \
  --output=ref.out "$jobs/slurm-mpi.sbatch")
echo "submitted: signalled $sig, array $arr, reference $ref"
# One stop and requeue is the point; lift the limit for the resumed run so
# that it is not signalled again and again (each run gets a fresh minute).
for _ in $(seq 480); do
  grep -q "requeueing job $sig" sig.out 2> /dev/null && break
  sleep 0.5
done
scontrol update JobId="$sig" TimeLimit=10 || fail "cannot lift the time limit"
slurm_wait "$sig" "$arr" "$ref" || fail "jobs did not finish"
for j in "$sig" "$arr" "$ref"; do
  sacct_state=$(scontrol show job "$j" 2> /dev/null | grep -o 'JobState=[A-Z]*' | sort -u | tr '\n' ' ')
  echo "job $j: $sacct_state"
  case $sacct_state in *COMPLETED*) ;; *) fail "job $j did not complete: $sacct_state" ;; esac
  case $sacct_state in *FAILED*|*CANCELLED*|*TIMEOUT*) fail "job $j: $sacct_state" ;; esac
done

grep -q "requeueing job $sig" sig.out || fail "the signalled job was not stopped and requeued"
grep -q "interrupted: " sig.out || fail "saffron did not report its interruption"
grep -q "restart 1).*--resume" sig.out || fail "the requeued job did not resume"
grep "interrupted: \|restart" sig.out

"$SAFFRON_BIN" merge -o merged.h5 slurm-test-shard-*.h5
same_results ref.h5 merged.h5 || fail "merge of the array's shards differs from the MPI run"
same_task_rows ref.h5 merged.h5 || fail "task rows of the merge differ"
same_results ref.h5 sig.h5 || fail "the signalled, requeued run differs from the reference"
"$SAFFRON_BIN" status sig.h5 | grep -q "(complete)" || fail "signalled run not complete"
echo "slurm test: $(( $(date +%s) - t0 )) s"
echo "1 passed, 0 failed"
