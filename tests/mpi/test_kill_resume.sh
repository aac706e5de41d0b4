#!/usr/bin/env bash
# kill -9 at three different moments, resuming each time: the file opens
# cleanly after every kill and the final results are byte-identical to an
# uninterrupted run. Then SIGTERM: exit status 75, and --resume finishes.
source "$(dirname "$0")/common.sh"
m="$work/m.yaml"
small_manifest "$m"
sed -i 's/histories: 6e4/histories: 3e5/' "$m"
run 2 1 "$m" "$work/ref.h5"

out="$work/killed.h5"
for delay in 0.4 0.6 0.8; do
  kill_during "$delay" "$m" "$out"
done
run 2 1 "$m" "$out" --resume
same_results "$work/ref.h5" "$out" || fail "resumed run differs"

# SIGTERM (what Slurm sends before the wall time): state saved, exit 75.
term="$work/term.h5"
"$SAFFRON_BIN" run "$m" -o "$term" --threads 1 --quiet &
pid=$!
for _ in $(seq 100); do [ -e "$term" ] && break; sleep 0.05; done
sleep 1
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" -eq 75 ] || fail "SIGTERM exit status $rc, expected 75"
"$PY" -c "import h5py,sys; f=h5py.File(sys.argv[1]); assert f.attrs['status'] in (b'interrupted','interrupted')" "$term" \
  || fail "status attribute after SIGTERM"
"$SAFFRON_BIN" run "$m" -o "$term" --threads 2 --quiet --resume
same_results "$work/ref.h5" "$term" || fail "resumed after SIGTERM differs"

# A kill during a commit's flush can leave a done task's state slot durable
# and its rows not; a resumed run rewrites them from the state (it never
# commits a done task again). Simulated: a finished file whose first task's
# SAF row and /tasks row are stale, marked as killed while running.
stale="$work/stale.h5"
cp "$work/ref.h5" "$stale"
"$PY" - "$stale" <<'PYEOF' || fail "could not make the stale rows"
import h5py, sys
f = h5py.File(sys.argv[1], "r+")
f["saf"][0, 0, 0, :] = 0.0
t = f["tasks"][...]
t["cpu_seconds"][0] = 0.0
t["histories_done"][0] = 0
f["tasks"][...] = t
f.attrs["status"] = "running"
f.close()
PYEOF
run 1 1 "$m" "$stale" --resume
same_results "$work/ref.h5" "$stale" || fail "stale rows of a done task survived --resume"
"$PY" - "$work/ref.h5" "$stale" <<'PYEOF' || fail "stale cpu_seconds survived --resume"
import h5py, sys
a, b = (h5py.File(p, "r")["tasks"][0] for p in sys.argv[1:3])
assert a["cpu_seconds"] == b["cpu_seconds"], (a, b)
PYEOF

# A file from another manifest is refused and left untouched.
other="$work/other.yaml"
sed 's/seed: 4242/seed: 4243/' "$m" > "$other"
before=$(sha256sum "$term")
if "$SAFFRON_BIN" run "$other" -o "$term" --resume 2> "$work/err"; then
  fail "resume with another manifest was accepted"
fi
grep -q "different manifest" "$work/err" || fail "unclear refusal: $(cat "$work/err")"
[ "$(sha256sum "$term")" = "$before" ] || fail "refused file was modified"
echo "1 passed, 0 failed"
