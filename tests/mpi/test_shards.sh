#!/usr/bin/env bash
# Shards, merge, verify and --manifest-from, without Slurm:
# - 3 shards run on different ranks x threads (one of them stopped by
#   SIGUSR1 and resumed) merge to the bytes of a direct run, dose maps included;
# - merges of shards that do not belong together are refused, with the
#   reason, and write nothing;
# - verify says identical on the merged file and pinpoints tampered
#   elements; `run --manifest-from` reproduces the campaign.
source "$(dirname "$0")/common.sh"
cd "$work"
small_manifest m.yaml
sed -i 's/^histories: 6e4/histories: 4e4/' m.yaml
echo "dose_maps: [Kidneys]" >> m.yaml
run 2 1 m.yaml direct.h5
run 1 2 m.yaml s0.h5 --shard 0/3
run 2 1 m.yaml s2.h5 --shard 2/3
# Shard 1 stopped by SIGUSR1 (what the batch scripts forward from Slurm's
# --signal) as soon as its file exists, then resumed.
"$SAFFRON_BIN" run m.yaml --shard 1/3 -o s1.h5 --threads 1 --quiet &
pid=$!
for _ in $(seq 500); do [ -e s1.h5 ] && break; sleep 0.01; done
kill -USR1 "$pid"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" -eq 75 ] || fail "shard stopped by SIGUSR1: exit status $rc, expected 75"
if "$SAFFRON_BIN" merge -o early.h5 s0.h5 s1.h5 s2.h5 2> err; then
  fail "merge accepted an unfinished shard"
fi
grep -q "is not done" err || fail "unclear refusal: $(cat err)"
[ ! -e early.h5 ] || fail "a refused merge left early.h5"
run 2 1 m.yaml s1.h5 --shard 1/3 --resume
"$PY" - <<'PYEOF' || fail "shard layout"
import h5py
n = 0
for i in range(3):
    f = h5py.File(f"s{i}.h5", "r")
    assert f.attrs["shard_index"] == i and f.attrs["shard_count"] == 3
    assert "saf" not in f and len(f["tasks"]) == 3, (list(f), len(f["tasks"]))
    n += len(f["tasks"])
assert n == 9
PYEOF
"$SAFFRON_BIN" merge -o merged.h5 s2.h5 s0.h5 s1.h5 || fail "merge"
same_results direct.h5 merged.h5 || fail "merged SAF tables differ from a direct run"
same_task_rows direct.h5 merged.h5 || fail "merged task rows differ from a direct run"
"$PY" - <<'PYEOF' || fail "merged dose maps"
import h5py
a, b = h5py.File("direct.h5", "r"), h5py.File("merged.h5", "r")
assert sorted(b["dose_maps"]) == ["task_3", "task_4", "task_5"], list(b["dose_maps"])
for t in a["dose_maps"]:
    for k in ("sum_energy", "sum_energy_squared_lo", "sum_energy_squared_hi",
              "dose_Gy_per_particle", "dose_rel_unc"):
        assert a["dose_maps"][t][k][()].tobytes() == b["dose_maps"][t][k][()].tobytes(), (t, k)
assert b.attrs["status"] in (b"complete", "complete")
PYEOF

# Refusals: each names the reason and leaves no output.
refuse() { # refuse REASON-REGEX FILES...
  local why=$1; shift
  if "$SAFFRON_BIN" merge -o bad.h5 "$@" 2> err; then fail "merge of $* accepted"; fi
  grep -Eq "$why" err || fail "merge of $*: unclear refusal: $(cat err)"
  [ ! -e bad.h5 ] || fail "a refused merge left bad.h5"
  echo "refused as expected: $(cat err)"
}
sed 's/seed: 4242/seed: 4243/' m.yaml > other.yaml
run 1 2 other.yaml o1.h5 --shard 1/3
refuse "different manifests.*seed: 4242.*seed: 4243" s0.h5 o1.h5 s2.h5
cp s1.h5 data1.h5
"$PY" - <<'PYEOF'
import h5py, numpy as np
with h5py.File("data1.h5", "r+") as f:   # as if computed with other data
    del f.attrs["physics_data_sha256"]
    f.attrs.create("physics_data_sha256", np.bytes_("0" * 64))
PYEOF
refuse "different physics data" s0.h5 data1.h5 s2.h5
refuse "shard 1/3 is missing" s0.h5 s2.h5
refuse "both shard 0/3" s0.h5 s0.h5 s1.h5 s2.h5
refuse "holds a whole campaign" direct.h5 s1.h5
run 1 2 m.yaml four.h5 --shard 1/4
refuse "different shard counts" s0.h5 four.h5 s2.h5

# verify: identical untouched; a tampered element is named.
"$SAFFRON_BIN" verify merged.h5 --tasks 2 > v.txt || { cat v.txt; fail "verify of the merge"; }
cat v.txt
grep -q "2 of 2 re-run tasks bitwise identical" v.txt || fail "verify summary"
cp merged.h5 tampered.h5
"$PY" - <<'PYEOF'
import h5py
with h5py.File("tampered.h5", "r+") as f:
    f["saf"][1, 0, 2, 4] *= 1.0001
PYEOF
if "$SAFFRON_BIN" verify tampered.h5 --tasks 1 > v.txt; then fail "verify passed a tampered file"; fi
cat v.txt
grep -q "task 5: INCONSISTENT: /saf\[Kidneys, photon, 1 MeV, " v.txt || fail "tampered /saf not pinpointed"
cp merged.h5 slot.h5
"$PY" - <<'PYEOF'
import h5py, numpy as np
with h5py.File("slot.h5", "r+") as f:
    d = f["state/task_slots"]
    w = d[7]
    newest = int(w[1, 0] > w[0, 0])
    w[newest, 20] = w[newest, 20] ^ np.uint64(1)   # one bit of the tally
    d[7] = w
PYEOF
if "$SAFFRON_BIN" verify slot.h5 --tasks 0 > v.txt; then fail "verify passed a damaged slot"; fi
grep -q "task 7: INCONSISTENT: /state/task_slots\[7\]" v.txt || fail "damaged slot not pinpointed: $(cat v.txt)"
cp merged.h5 mass.h5
"$PY" - <<'PYEOF'
import h5py
with h5py.File("mass.h5", "r+") as f:
    f["target_mass_kg"][3] *= 1.01
PYEOF
if "$SAFFRON_BIN" verify mass.h5 --tasks 0 > v.txt; then fail "verify passed a tampered mass"; fi
grep -q "INCONSISTENT: /target_mass_kg\[3\] is" v.txt || fail "tampered mass not pinpointed: $(cat v.txt)"
cp merged.h5 code.h5
"$PY" - <<'PYEOF'
import h5py, numpy as np
with h5py.File("code.h5", "r+") as f:   # as if written by another commit
    del f.attrs["git_commit"]
    f.attrs.create("git_commit", np.bytes_("0123456789ab"))
PYEOF
"$SAFFRON_BIN" verify code.h5 --tasks 1 > v.txt || fail "verify: $(cat v.txt)"
grep -q "code: .*DIFFERS: the file has saffron .*, git 0123456789ab" v.txt || fail "code difference not named: $(cat v.txt)"

# Reproduction from the results file alone.
mpirun -np 2 --bind-to none "$SAFFRON_BIN" run --manifest-from merged.h5 \
  -o again.h5 --threads 1 --quiet
same_results direct.h5 again.h5 || fail "--manifest-from differs"
echo "1 passed, 0 failed"
