#!/usr/bin/env bash
# The same manifest on (ranks, threads) = (1,1), (2,1), (1,2), (3,2) gives
# byte-identical /saf, /saf_rel_unc and /absorbed_fraction, and the file
# opens in h5py and h5dump with dimension scales attached.
source "$(dirname "$0")/common.sh"
m="$work/m.yaml"
small_manifest "$m"
run 1 1 "$m" "$work/r11.h5"
run 2 1 "$m" "$work/r21.h5"
run 1 2 "$m" "$work/r12.h5"
run 3 2 "$m" "$work/r32.h5"
for o in r21 r12 r32; do
  same_results "$work/r11.h5" "$work/$o.h5" || fail "r11 vs $o"
done
h5dump -H "$work/r32.h5" > /dev/null || fail "h5dump cannot read the file"
"$PY" - "$work/r32.h5" <<'PYEOF' || fail "layout check"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
saf = f["saf"]
assert saf.shape == (3, 1, 3, len(f["targets"])), saf.shape
assert [d.keys()[0] for d in saf.dims] == ["sources", "particles", "energies_MeV", "targets"]
assert f.attrs["status"] in (b"complete", "complete")
assert np.isfinite(saf[()]).any() and (f["tasks"]["state"] == 2).all()
assert (f["tasks"]["histories_done"] == 60000).all()
assert (f["tasks"]["balance_rel_error"] <= 1e-9).all()
PYEOF
# A precision rule is decided from whole rounds of chunks: the number of
# histories and the results do not depend on ranks and threads either.
p="$work/p.yaml"
small_manifest "$p"
sed -i 's/^histories: 6e4/precision: {relative: 0.02, on: self, max_histories: 2e5}/' "$p"
run 1 1 "$p" "$work/p11.h5"
run 3 2 "$p" "$work/p32.h5"
same_results "$work/p11.h5" "$work/p32.h5" || fail "precision rule: p11 vs p32"
"$PY" - "$work/p11.h5" "$work/p32.h5" <<'PYEOF' || fail "precision rule histories"
import sys, h5py
a, b = (h5py.File(p, "r")["tasks"]["histories_done"] for p in sys.argv[1:3])
assert (a == b).all(), (a, b)
assert (a < 200000).any(), a   # some tasks stopped early on the rule
PYEOF
# The cross-fire rule (farm/precision.h) too; every task that stopped before
# the cap has its watched targets (0.1 kg and up, not the source) within
# 10 %, or beyond the cap by the projection n (rel / 0.1)^2, or unscored.
c="$work/c.yaml"
small_manifest "$c"
sed -i 's/^histories: 6e4/precision: {relative: 0.02, on: self, max_histories: 2e5, cross_fire: 0.1, cross_fire_min_mass_kg: 0.1}/' "$c"
run 1 1 "$c" "$work/c11.h5"
run 3 2 "$c" "$work/c32.h5"
same_results "$work/c11.h5" "$work/c32.h5" || fail "cross-fire rule: c11 vs c32"
"$PY" - "$work/c11.h5" "$work/p11.h5" <<'PYEOF' || fail "cross-fire rule"
import sys, h5py, numpy as np
f, p = (h5py.File(x, "r") for x in sys.argv[1:3])
tasks, cap = f["tasks"], 200000
names = [n.decode() if isinstance(n, bytes) else n for n in f["targets"][()]]
srcs = [n.decode() if isinstance(n, bytes) else n for n in f["sources"][()]]
mass, rel = f["target_mass_kg"][()], f["saf_rel_unc"][()]
early = 0
for k in range(len(tasks)):
    t = tasks[k]
    n = int(t["histories_done"])
    if n >= cap:
        continue
    early += 1
    s, pi, e = int(t["source"]), int(t["particle"]), int(t["energy_index"])
    for i, name in enumerate(names):
        r = rel[s, pi, e, i]
        if name == srcs[s] or mass[i] < 0.1 or not r > 0:
            continue
        assert r <= 0.1 or n * (r / 0.1) ** 2 > cap, (k, name, n, r)
assert early > 0, "no task stopped before the cap"
# The cross-fire rule only adds conditions: never fewer histories.
assert (tasks["histories_done"] >= p["tasks"]["histories_done"]).all()
assert (tasks["histories_done"] > p["tasks"]["histories_done"]).any()
PYEOF
echo "1 passed, 0 failed"
