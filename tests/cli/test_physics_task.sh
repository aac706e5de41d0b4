#!/usr/bin/env bash
# saffron help, physics mu, physics electron and task: outputs, JSON keys,
# thread-count independence, and one-line errors with non-zero exits.
set -u
bin=${SAFFRON_BIN:?SAFFRON_BIN must name the saffron binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3
fail() { echo "FAIL: $*"; exit 1; }
passed=0
ok() { passed=$((passed + 1)); }

"$bin" help > "$tmp/help" || fail "help"
for c in phantom physics task run status version; do
  grep -q "^  $c " "$tmp/help" || fail "help does not list $c"
done; ok

"$bin" physics mu --material water --energies 0.01,0.1,1 --json > "$tmp/mu.json" || fail "mu"
$PY - "$tmp/mu.json" <<'PYEOF' || fail "mu JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("material", "energies_MeV", "total_cm2_g", "photoelectric_cm2_g",
          "incoherent_cm2_g", "coherent_cm2_g", "pair_nuclear_cm2_g",
          "pair_electron_cm2_g"):
    assert k in d, k
assert abs(d["total_cm2_g"][1] / 0.1707 - 1) < 0.01
PYEOF
ok
"$bin" physics mu --material ../nowhere:Liver --energies 0.1 > /dev/null 2> "$tmp/err" && fail "bad phantom accepted"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "expected one error line: $(cat "$tmp/err")"
"$bin" physics mu --material water --energies 0.1,30 > /dev/null 2> "$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "energy out of range: exit $rc"
grep -q "30" "$tmp/err" || fail "error does not name the energy"
"$bin" physics mu --material unobtainium --energies 0.1 > /dev/null 2>&1 && fail "unknown material accepted"
"$bin" physics mu --material builtin:stylized:lung --energies 0.1 > /dev/null || fail "PHANTOM:medium"
ok

"$bin" physics electron --material water --energies 0.01,1 --json > "$tmp/e.json" || fail "electron"
$PY - "$tmp/e.json" <<'PYEOF' || fail "electron JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("energies_MeV", "collision", "radiative", "total", "csda_range_g_cm2", "radiation_yield"):
    assert k in d, k
assert abs(d["collision"][1] / 1.849 - 1) < 0.01
PYEOF
ok

for t in 1 2; do
  "$bin" task --phantom builtin:stylized:0.8 --source Liver --particle photon \
    --energy 0.14 --histories 3000 --seed 5 --threads $t --json > "$tmp/task$t.json" \
    || fail "task on $t threads"
done
$PY - "$tmp/task1.json" "$tmp/task2.json" <<'PYEOF' || fail "task JSON"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("targets", "histories", "emitted_MeV", "deposited_MeV", "escaped_MeV", "seconds"):
    assert k in a, k
t = a["targets"][0]
for k in ("id", "name", "mass_kg", "af", "saf_per_kg", "rel_unc"):
    assert k in t, k
assert a["histories"] == 3000 and a["mode"] == "coupled"
assert a["balance_rel_error"] <= 1e-9
assert [x["af"] for x in a["targets"]] == [x["af"] for x in b["targets"]], "threads change results"
liver = [x for x in a["targets"] if x["name"] == "Liver"][0]
assert 0.05 < liver["af"] < 0.6, liver
PYEOF
ok
# Range rejection: for a photon source it changes only where the
# bremsstrahlung of the secondary electrons is deposited, far below the
# statistics here; the liver AF must agree within 4 combined sigma.
for rr in "" --range-rejection; do
  "$bin" task --phantom builtin:stylized:0.8 --source Liver --particle photon \
    --energy 0.3 --histories 4000 --seed 9 $rr --json > "$tmp/rr$rr.json" \
    || fail "task $rr"
done
$PY - "$tmp/rr.json" "$tmp/rr--range-rejection.json" <<'PYEOF' || fail "range rejection"
import json, math, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["range_rejection"] is False and b["range_rejection"] is True
assert b["balance_rel_error"] <= 1e-9
la, lb = ([x for x in d["targets"] if x["name"] == "Liver"][0] for d in (a, b))
s = math.hypot(la["af"] * la["rel_unc"], lb["af"] * lb["rel_unc"])
assert abs(la["af"] - lb["af"]) <= 4 * s, (la, lb)
PYEOF
ok
# Spin effects: --spin off is echoed and changes the electron histories
# (another elastic cross section), --spin on is the default.
for sp in on off; do
  "$bin" task --phantom builtin:stylized:0.8 --source Liver --particle electron \
    --energy 0.5 --histories 300 --seed 4 --spin $sp --json > "$tmp/spin_$sp.json" \
    || fail "task --spin $sp"
done
"$bin" task --phantom builtin:stylized:0.8 --source Liver --particle electron \
  --energy 0.5 --histories 300 --seed 4 --json > "$tmp/spin_default.json" || fail "task spin default"
$PY - "$tmp/spin_on.json" "$tmp/spin_off.json" "$tmp/spin_default.json" <<'PYEOF' || fail "spin"
import json, sys
on, off, dflt = (json.load(open(p)) for p in sys.argv[1:4])
assert on["spin"] == "on" and off["spin"] == "off" and dflt["spin"] == "on"
assert [x["af"] for x in on["targets"]] == [x["af"] for x in dflt["targets"]]
assert on["real_collisions"] != off["real_collisions"] or \
    [x["af"] for x in on["targets"]] != [x["af"] for x in off["targets"]]
assert off["balance_rel_error"] <= 1e-9
PYEOF
"$bin" task --phantom builtin:stylized --source Liver --energy 0.1 --histories 10 --spin maybe > /dev/null 2> "$tmp/err" && fail "--spin maybe accepted"
grep -q "spin: 'maybe'" "$tmp/err" || fail "error does not name the --spin value"
ok
# In-place slowing-down: --in-place-below is echoed (default 1 MeV), 0
# turns it off and changes the electron histories; bad values are named.
for ip in 0 1; do
  "$bin" task --phantom builtin:stylized:0.8 --source Liver --particle electron \
    --energy 0.5 --histories 300 --seed 4 --in-place-below $ip --json \
    > "$tmp/ip_$ip.json" || fail "task --in-place-below $ip"
done
$PY - "$tmp/ip_0.json" "$tmp/ip_1.json" "$tmp/spin_default.json" <<'PYEOF' || fail "in-place-below"
import json, sys
off, on, dflt = (json.load(open(p)) for p in sys.argv[1:4])
assert off["in_place_below_MeV"] == 0 and on["in_place_below_MeV"] == 1
assert dflt["in_place_below_MeV"] == 1
assert [x["af"] for x in on["targets"]] == [x["af"] for x in dflt["targets"]]
assert [x["af"] for x in on["targets"]] != [x["af"] for x in off["targets"]]
assert off["balance_rel_error"] <= 1e-9 and on["balance_rel_error"] <= 1e-9
PYEOF
for bad in 25 -1 x; do
  "$bin" task --phantom builtin:stylized --source Liver --particle electron --energy 0.1 \
    --histories 10 --in-place-below "$bad" > /dev/null 2> "$tmp/err" && fail "--in-place-below $bad accepted"
  grep -q "in-place" "$tmp/err" || fail "error does not name --in-place-below ($bad)"
done
ok
# Expected-value kerma estimator: the same walk as the analogue one (same
# collisions and energy bookkeeping, bit for bit), other scores; echoed;
# kerma mode only.
for est in analogue expected; do
  "$bin" task --phantom builtin:stylized:0.8 --source Liver --energy 0.14 --mode kerma \
    --histories 2000 --seed 3 --kerma-estimator $est --json > "$tmp/est_$est.json" \
    || fail "task --kerma-estimator $est"
done
$PY - "$tmp/est_analogue.json" "$tmp/est_expected.json" <<'PYEOF' || fail "kerma estimator"
import json, sys
a, x = (json.load(open(p)) for p in sys.argv[1:3])
assert a["kerma_estimator"] == "analogue" and x["kerma_estimator"] == "expected"
for k in ("deposited_MeV", "escaped_MeV", "real_collisions", "virtual_collisions"):
    assert a[k] == x[k], k
assert [t["af"] for t in a["targets"]] != [t["af"] for t in x["targets"]]
# Every region the analogue run scored, the expected-value run scored too.
assert all(tx["af"] > 0 for ta, tx in zip(a["targets"], x["targets"]) if ta["af"] > 0)
assert x["balance_rel_error"] <= 1e-9
PYEOF
"$bin" task --phantom builtin:stylized --source Liver --energy 0.1 --histories 10 --mode kerma --kerma-estimator track > /dev/null 2> "$tmp/err" && fail "--kerma-estimator track accepted"
grep -q "kerma-estimator: 'track'" "$tmp/err" || fail "error does not name the --kerma-estimator value"
"$bin" task --phantom builtin:stylized --source Liver --energy 0.1 --histories 10 --kerma-estimator expected > /dev/null 2> "$tmp/err" && fail "expected estimator accepted in coupled mode"
grep -q "needs --mode kerma" "$tmp/err" || fail "error does not say the estimator needs kerma mode"
ok
"$bin" task --phantom builtin:stylized --source Nowhere --energy 0.1 --histories 10 > /dev/null 2> "$tmp/err" && fail "unknown source accepted"
grep -q "Nowhere" "$tmp/err" || fail "error does not name the source"
"$bin" task --phantom builtin:stylized --source Liver --energy 0.1 --histories 1e3.5 > /dev/null 2>&1 && fail "bad histories accepted"
"$bin" task --phantom builtin:stylized --source Liver --energy 0.1 > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing --histories: exit $rc, expected 2"
ok
# A dose map: written once (never overwritten), readable, dose >= 0.
"$bin" task --phantom builtin:stylized:0.8 --source Liver --energy 0.14 --mode kerma \
  --histories 2000 --dose-map "$tmp/dose.h5" > /dev/null || fail "dose map task"
$PY - "$tmp/dose.h5" <<'PYEOF' || fail "dose map content"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
d = f["dose_Gy_per_particle"][()]
assert d.ndim == 3 and (d >= 0).all() and d.max() > 0
assert f["dose_Gy_per_particle"].compression == "gzip"
assert list(f.attrs["spacing_cm"]) == [0.8, 0.8, 0.8]
assert f.attrs["histories"] == 2000
PYEOF
"$bin" task --phantom builtin:stylized:0.8 --source Liver --energy 0.14 --mode kerma \
  --histories 10 --dose-map "$tmp/dose.h5" > /dev/null 2>&1 && fail "dose map overwritten"
ok
# Without a dose map an electron step that cannot leave its region is not
# walked voxel by voxel (transport/charged.c); with one, every step is. The
# region tallies of the same histories must agree but for rounding (the
# in-place slowing-down, which also depends on the map, is off).
for d in none map; do
  extra=""; [ $d = map ] && extra="--dose-map $tmp/dose_e.h5"
  "$bin" task --phantom builtin:stylized:0.4 --source Liver --particle electron \
    --energy 2 --mode coupled --in-place-below 0 --histories 2000 --json $extra \
    > "$tmp/steps_$d.json" || fail "coupled task ($d)"
done
$PY - "$tmp/steps_none.json" "$tmp/steps_map.json" <<'PYEOF' || fail "region tallies differ with a dose map"
import json, sys
a, b = (json.load(open(p))["targets"] for p in sys.argv[1:])
scored = [(x["af"], y["af"]) for x, y in zip(a, b) if x["af"] > 0]
assert len(scored) >= 6, scored
for x, y in scored:
    assert abs(y / x - 1) < 1e-9, (x, y)
PYEOF
ok
# With the expected-value kerma estimator the map holds the same scores as
# the region tallies (its sum equals the energy of every target), and it
# reaches voxels the analogue map of the same histories left empty.
"$bin" task --phantom builtin:stylized:0.8 --source Liver --energy 0.14 --mode kerma \
  --histories 2000 --kerma-estimator expected --dose-map "$tmp/dose_ev.h5" --json \
  > "$tmp/dose_ev.json" || fail "dose map task, expected-value estimator"
$PY - "$tmp/dose_ev.h5" "$tmp/dose_ev.json" "$tmp/dose.h5" <<'PYEOF' || fail "expected-value dose map"
import json, sys, h5py
f, d, a = h5py.File(sys.argv[1], "r"), json.load(open(sys.argv[2])), h5py.File(sys.argv[3], "r")
total = f["sum_energy"][()].astype(float).sum() / 2**32
E0 = d["emitted_MeV"] / d["histories"]
targets = sum(t["af"] for t in d["targets"]) * E0 * d["histories"]
assert abs(total / targets - 1) < 1e-6, (total, targets)
assert (f["sum_energy"][()] > 0).sum() > (a["sum_energy"][()] > 0).sum()
PYEOF
ok

# A spectrum source: lines with yields; AF relative to the mean energy.
"$bin" task --phantom builtin:stylized:0.8 --source Thyroid --mode kerma \
  --spectrum 0.3645:0.815,0.637:0.0716 --histories 2000 --json > "$tmp/spec.json" \
  || fail "spectrum task"
$PY - "$tmp/spec.json" <<'PYEOF' || fail "spectrum mean energy"
import json, sys
d = json.load(open(sys.argv[1]))
mean = (0.3645 * 0.815 + 0.637 * 0.0716) / (0.815 + 0.0716)
assert abs(d["energy_MeV"] - mean) < 1e-12, d["energy_MeV"]
assert abs(d["emitted_MeV"] / d["histories"] / mean - 1) < 0.05
PYEOF
"$bin" task --phantom builtin:stylized --source Liver --spectrum 0.1 --histories 10 > /dev/null 2>&1 \
  && fail "spectrum without yields accepted"
ok
echo "$passed passed, 0 failed"
