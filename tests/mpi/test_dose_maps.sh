#!/usr/bin/env bash
# Campaign dose maps (manifest dose_maps:): byte-identical on (1,1) and
# (3,2) ranks x threads, reachable from OUT.h5 through /dose_maps/task_ID,
# and byte-identical after kill -9 at two moments and --resume.
source "$(dirname "$0")/common.sh"
m="$work/dm.yaml"
cat > "$m" <<'YAML'
name: dose-maps
seed: 9
phantom: builtin:stylized:0.8
sources: [Liver, Kidneys]
targets: all
particles: [photon]
energies_MeV: [0.14, 1.0]
histories: 4e5
chunk_histories: 2e4
dose_maps: [Liver]
mode: kerma
YAML
same_maps() {
  "$PY" - "$1" "$2" <<'PYEOF'
import sys, h5py
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
assert sorted(a["dose_maps"]) == ["task_0", "task_1"], list(a["dose_maps"])
for t in a["dose_maps"]:
    for k in ("sum_energy", "sum_energy_squared_lo", "sum_energy_squared_hi",
              "dose_Gy_per_particle", "dose_rel_unc"):
        x, y = a["dose_maps"][t][k][()], b["dose_maps"][t][k][()]
        assert x.tobytes() == y.tobytes(), (t, k)
    d = a["dose_maps"][t]
    assert d.attrs["histories"] == 400000 and d["dose_Gy_per_particle"][()].max() > 0
    assert d["dose_Gy_per_particle"].compression == "gzip"
    assert list(d.attrs["spacing_cm"]) == [0.8, 0.8, 0.8]
PYEOF
}
run 1 1 "$m" "$work/a.h5"
run 3 2 "$m" "$work/b.h5"
same_results "$work/a.h5" "$work/b.h5" || fail "SAF differ"
same_maps "$work/a.h5" "$work/b.h5" || fail "dose maps differ between (1,1) and (3,2)"

out="$work/k.h5"
for delay in 0.4 0.6; do
  kill_during "$delay" "$m" "$out"
done
run 2 1 "$m" "$out" --resume
same_results "$work/a.h5" "$out" || fail "SAF differ after resume"
same_maps "$work/a.h5" "$out" || fail "dose maps differ after resume"
echo "1 passed, 0 failed"
