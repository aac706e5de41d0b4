#!/usr/bin/env bash
# The figure of merit FOM = 1 / (rel_unc^2 x CPU s) of /tasks_fom and of
# `saffron status`, on a small campaign of the stylized phantom whose
# sources are one region (Liver), a union among the targets (Abdomen) and a
# union that is not (Chest):
# - every task's stored FOMs equal 1 / (rel^2 x cpu) computed here from the
#   file's own /saf_rel_unc, /saf, /target_mass_kg and /tasks, with the self
#   and smallest targets chosen here by the documented rule;
# - status prints, per particle, the median and minimum of both over the
#   done tasks and the task of the minimum, as computed here;
# - a file without /tasks_fom (as written before it existed) still opens in
#   status (which then computes the same numbers), verify, export, resume
#   and merge; verify names a tampered /tasks_fom element;
# - merge recomputes the FOMs of tampered shards from their tallies, and
#   the merged file equals the direct run but for timing-dependent data.
source "$(dirname "$0")/common.sh"

cat > q.yaml <<'YAML'
name: fom
seed: 11
phantom: builtin:stylized:1.2
regions:
  Abdomen: [5, 6]
  Chest: [3, 7]
sources: [Liver, Abdomen, Chest]
targets: [Liver, Abdomen, Lungs, Heart, Thyroid, Soft tissue, Skeleton]
particles: [photon, electron]
energies_MeV: [0.03, 1.0]
histories: 4e3
chunk_histories: 2e3
mode: kerma
YAML
"$bin" run q.yaml -o q.h5 --quiet || fail "campaign failed"

# check_fom FILE: every task's /tasks_fom row against the hand computation
# from the file's other datasets (SAF tables: a whole campaign's file).
cat > check_fom.py <<'PYEOF'
import math, sys
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
tasks, fom = f["tasks"][()], f["tasks_fom"][()]
rel, saf = f["saf_rel_unc"][()], f["saf"][()]
mass = f["target_mass_kg"][()]
src, tgt = f["sources"][()], f["targets"][()]
assert f["tasks_fom"].attrs["units"] in (b"s^-1", "s^-1")

def self_target(s):   # by label for one label, by union name for a union
    for k, t in enumerate(tgt):
        if (s["id"] >= 0 and t["id"] == s["id"]) or \
           (s["id"] < 0 and t["id"] < 0 and t["name"] == s["name"]):
            return k
    return -1

def expected(r, cpu):
    return 1 / (r * r * cpu) if r > 0 and cpu > 0 else math.nan

def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12 * abs(b)

lightest = int(np.argmin(mass))
skipped = 0
for k, (t, got) in enumerate(zip(tasks, fom)):
    assert t["state"] == 2, (k, t["state"])
    row = (t["source"], t["particle"], t["energy_index"])
    r, v = rel[row], saf[row]
    me = self_target(src[t["source"]])
    scored = [i for i in range(len(mass)) if v[i] > 0 and mass[i] > 0]
    sm = min(scored, key=lambda i: (mass[i], i)) if scored else -1
    skipped += sm != lightest
    want_self = expected(r[me], t["cpu_seconds"]) if me >= 0 else math.nan
    want_small = expected(r[sm], t["cpu_seconds"]) if sm >= 0 else math.nan
    assert got["self_target"] == me, (k, got, me)
    assert got["smallest_target"] == sm, (k, got, sm)
    assert same(got["fom_self"], want_self), (k, got["fom_self"], want_self)
    assert same(got["fom_smallest_target"], want_small), (k, got, want_small)
names = [s["name"].decode() for s in src]
selfs = {names[t["source"]]: g["self_target"] for t, g in zip(tasks, fom)}
assert selfs["Liver"] >= 0 and selfs["Abdomen"] >= 0 and selfs["Chest"] == -1, selfs
assert skipped > 0, "no task whose lightest target had no score"
print(f"{sys.argv[1]}: {len(tasks)} tasks, FOMs as computed by hand")
PYEOF
"$PY" check_fom.py q.h5 || fail "stored FOMs"
ok

# --- status: per particle median and minimum, and the task of the minimum --------
"$bin" status q.h5 > st.txt || fail "status"
cat st.txt
"$PY" - <<'PYEOF' || fail "status FOM summary"
import math
import h5py, numpy as np
f = h5py.File("q.h5", "r")
tasks, fom = f["tasks"][()], f["tasks_fom"][()]
parts = [p.decode() for p in f["particles"][()]]
src = [s.decode() for s in f["sources"]["name"]]
lines = open("st.txt").read().splitlines()
head = [l for l in lines if l.startswith("figure of merit FOM = 1/(rel_unc^2 x CPU s)")]
assert head and f"{len(tasks)} done tasks" in head[0], head
for p, name in enumerate(parts):
    for col, label in (("fom_self", "self"), ("fom_smallest_target", "smallest target")):
        idx = [k for k in range(len(tasks)) if tasks[k]["particle"] == p
               and not math.isnan(fom[k][col])]
        v = np.array([fom[k][col] for k in idx])
        line = [l for l in lines if l.split()[:1] == [name]
                and l[12:28].strip() == label]
        assert len(line) == 1, (name, label, lines)
        got = line[0].split()
        n_words = len(label.split())
        count, median, low = got[1 + n_words:4 + n_words]
        assert int(count) == len(idx), (line, len(idx))
        assert median == f"{np.median(v):.4g}", (line, np.median(v))
        assert low == f"{v.min():.4g}", (line, v.min())
        k = idx[int(np.argmin(v))]
        e = tasks[k]["energy_MeV"]
        assert f"task {tasks[k]['task_id']} ({src[tasks[k]['source']]}, {name}, {e:.6g} MeV" in line[0], line
print("status summary as computed by hand")
PYEOF
ok

# --- a file without /tasks_fom: status computes the same; verify, export -------
cp q.h5 old.h5
"$PY" -c 'import h5py, sys; del h5py.File(sys.argv[1], "r+")["tasks_fom"]' old.h5
"$bin" status old.h5 > old.txt || fail "status of a file without /tasks_fom"
grep -q "computed from /saf_rel_unc" old.txt || fail "old file: origin not said: $(cat old.txt)"
diff <(grep -A6 "^  particle " st.txt) <(grep -A6 "^  particle " old.txt) ||
  fail "FOMs computed at read time differ from the stored ones"
"$bin" verify old.h5 --tasks 1 > v.txt || fail "verify of a file without /tasks_fom: $(cat v.txt)"
"$bin" export old.h5 --format csv > /dev/null || fail "export of a file without /tasks_fom"
ok

# --- verify names a tampered /tasks_fom element ---------------------------------
cp q.h5 tampered.h5
"$PY" - <<'PYEOF'
import h5py
with h5py.File("tampered.h5", "r+") as f:
    row = f["tasks_fom"][4]
    row["fom_self"] *= 1.5
    f["tasks_fom"][4] = row
PYEOF
if "$bin" verify tampered.h5 --tasks 0 > v.txt; then fail "verify passed a tampered /tasks_fom"; fi
grep -q "task 4: INCONSISTENT: /tasks_fom\[4\].fom_self is" v.txt || fail "not pinpointed: $(cat v.txt)"
ok

# --- merge recomputes the FOMs from the shards' tallies ----------------------------
"$bin" run q.yaml --shard 0/2 -o s0.h5 --quiet || fail "shard 0"
"$bin" run q.yaml --shard 1/2 -o s1.h5 --quiet || fail "shard 1"
"$bin" status s0.h5 > s0.txt || fail "status of a shard"
grep -q "^  photon    self " s0.txt || fail "no FOM in a shard's status: $(cat s0.txt)"
cp s0.h5 s0-good.h5
"$PY" - <<'PYEOF'
import h5py, numpy as np
with h5py.File("s0.h5", "r+") as f:      # wrong FOMs: merge must not copy them
    rows = f["tasks_fom"][()]
    rows["fom_self"] = 1.0
    rows["fom_smallest_target"] = 1.0
    f["tasks_fom"][...] = rows
with h5py.File("s1.h5", "r+") as f:      # as written before /tasks_fom existed
    del f["tasks_fom"]
PYEOF
"$bin" status s1.h5 > s1.txt || fail "status of an old shard"
grep -q "not in this file" s1.txt || fail "old shard: $(cat s1.txt)"
"$bin" merge -o m.h5 s0.h5 s1.h5 > /dev/null || fail "merge"
"$PY" check_fom.py m.h5 || fail "merged FOMs"
"$PY" - <<'PYEOF' || fail "merged FOMs are not the shard's"
import h5py
m, s = h5py.File("m.h5", "r"), h5py.File("s0-good.h5", "r")
ids = s["tasks"]["task_id"]
assert m["tasks_fom"][()][ids].tobytes() == s["tasks_fom"][()].tobytes()
PYEOF
"$PY" "$here/../mpi/same_results.py" q.h5 m.h5 || fail "merge differs from the direct run"
ok

# --- resuming a file without /tasks_fom -------------------------------------------
cat > slow.yaml <<'YAML'
name: fom-slow
seed: 5
phantom: builtin:stylized:1.2
sources: [Liver, Lungs]
targets: all
particles: [photon]
energies_MeV: [1.0]
histories: 1e5
chunk_histories: 5e3
YAML
"$bin" run slow.yaml -o slow.h5 --threads 1 --quiet &
pid=$!
for _ in $(seq 500); do [ -e slow.h5 ] && break; sleep 0.01; done
kill -USR1 "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 75 ] || fail "run stopped by SIGUSR1: exit status $rc, expected 75"
"$PY" -c 'import h5py, sys; del h5py.File(sys.argv[1], "r+")["tasks_fom"]' slow.h5
"$bin" run slow.yaml -o slow.h5 --threads 1 --quiet --resume || fail "resume without /tasks_fom"
"$PY" -c 'import h5py, sys; assert "tasks_fom" not in h5py.File(sys.argv[1], "r")' slow.h5 ||
  fail "resume added /tasks_fom"
"$bin" status slow.h5 > slow.txt || fail "status after resume"
grep -q "computed from /saf_rel_unc" slow.txt || fail "resumed old file: $(cat slow.txt)"
"$bin" verify slow.h5 --tasks 0 > v.txt || fail "verify after resume: $(cat v.txt)"
ok

echo "$passed passed, 0 failed"
