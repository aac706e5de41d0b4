#!/usr/bin/env bash
# Drop-in ICRP 133 files (issue 24). The reference files are made here from
# the published layout rules (icrp133_layout.py, independent of saffron's
# writer; values made up, not ICRP data) or spelled out by hand
# (data/hand_photon.SAF: 2 targets x 2 sources, 28 columns):
#  - compare and plot --reference read a full 43 x 79, 28-column file and
#    the hand-written one, LF or CR LF;
#  - export --format icrp133 of a campaign on the energies_MeV: icrp133
#    preset gives records of the published length, fields, header texts and
#    line ends, checked column by column, sources and targets in the
#    published order; read back by compare, every ratio is 1.000;
#  - on the ICRP 110 AM (skipped without ../shared): with the icrp133
#    convention the self-SAF of 1 keV electrons (AF = 1) is 1 / M_T with the
#    blood-inclusive mass to 0.1 % (liver 2.360, spleen 0.2284, kidneys
#    0.4221 kg), and a manifest union of the kidneys' six labels is exported
#    and compared as Kidneys.
source "$(dirname "$0")/common.sh"
layout="$here/icrp133_layout.py"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# --- reading the published layout ---------------------------------------------
"$PY" "$layout" generate full_photon.SAF --particle photon || fail "generator"
"$PY" "$layout" check full_photon.SAF > /dev/null || fail "generator output"
sed 's/$/\r/' full_photon.SAF > crlf_photon.SAF
cp "$here/data/hand_photon.SAF" hand_photon.SAF

cat > q.yaml <<'YAML'
name: icrp133-layout
seed: 5
phantom: builtin:stylized:1.2
sources: [Liver, Kidneys]
targets: [Liver, Kidneys, Spleen, Brain]
particles: [photon]
energies_MeV: icrp133
histories: 3e3
chunk_histories: 3e3
mode: kerma
YAML
"$bin" run q.yaml -o q.h5 --quiet || fail "campaign on the icrp133 preset"
for ref in full_photon.SAF crlf_photon.SAF hand_photon.SAF; do
  "$bin" compare q.h5 $ref > cmp.txt 2> cmp.err || fail "compare $ref: $(cat cmp.err)"
  n=$(grep -c "^photon " cmp.txt)
  [ "$n" -ge 27 ] || fail "compare $ref: only $n rows"
  grep -q "^side by side" cmp.txt || fail "compare $ref: no side-by-side summary"
  grep -Eq "^  photon +self +[0-9]+ " cmp.txt || fail "compare $ref: no self row"
  echo "compare $ref: $n rows"
done
ok
# The hand-written file's self-irradiation masses come from its 0.0 column.
grep -q "self-irradiation target masses compared" cmp.txt || fail "masses"
"$bin" compare q.h5 hand_photon.SAF --json > cmp.json || fail "compare --json"
"$PY" - <<'PYEOF' || fail "compare --json content"
import json
d = json.load(open("cmp.json"))
assert d["convention"] == "voxel", d["convention"]   # stylized: no blood table
kinds = {(g["particle"], g["kind"]) for g in d["groups"]}
assert kinds == {("photon", "self"), ("photon", "cross-fire")}, kinds
for g in d["groups"]:
    assert g["pairs"] > 0 and 0 <= g["within_2pc"] <= g["pairs"]
    assert g["worst"] and all(w["target"] in ("Liver", "Kidneys") for w in g["worst"])
    devs = [abs(w["ratio"] - 1) for w in g["worst"]]
    assert devs == sorted(devs, reverse=True), devs
print("compare --json: %d groups" % len(d["groups"]))
PYEOF
ok
"$bin" plot q.h5 saf --source Liver --reference full_photon.SAF --out ref.png \
  > /dev/null || fail "plot --reference (generated file)"
"$bin" plot q.h5 saf --source Kidneys --reference hand_photon.SAF --out hand.png \
  > /dev/null || fail "plot --reference (hand-written file)"
"$PY" "$here/png_check.py" ref.png 1000 760 || fail "ref.png"
ok

# --- writing it ------------------------------------------------------------------
"$bin" export q.h5 --format icrp133 --out ex > /dev/null || fail "icrp133 export"
"$PY" "$layout" check ex_photon.SAF --sources Kidneys,Liver \
  --targets Brain,Liver,Kidneys,Spleen || fail "export layout"
"$bin" compare q.h5 ex_photon.SAF > rt.txt 2>&1 || fail "round trip: $(cat rt.txt)"
bad=$(awk '$1 == "photon" && NF >= 8 && $7 ~ /^[0-9.]+$/ && $7 != "1.000"' rt.txt)
[ -z "$bad" ] || fail "round trip ratios other than 1.000: $bad"
grep -q "pairs compared, 0 flagged" rt.txt || fail "round trip flags"
# Exporting twice gives the same bytes (the date is the campaign's).
"$bin" export q.h5 --format icrp133 --out ex2 > /dev/null || fail "second export"
cmp -s ex_photon.SAF ex2_photon.SAF || fail "two exports differ"
echo "export: layout as published, round trip 1.000"
ok

# Another energy grid: the same layout, said in record 1.
sed 's/^energies_MeV: icrp133/energies_MeV: [0.0055, 0.03, 1.25]/' q.yaml > g.yaml
"$bin" run g.yaml -o g.h5 --quiet || fail "campaign on a grid of three"
"$bin" export g.h5 --format icrp133 --out g > /dev/null || fail "export of a grid of three"
"$PY" "$layout" check g_photon.SAF > /dev/null || fail "layout of a grid of three"
head -1 g_photon.SAF | grep -q "3 energies of the campaign" || fail "record 1: $(head -1 g_photon.SAF)"
"$bin" compare g.h5 g_photon.SAF > g.txt 2>&1 || fail "grid of three: $(cat g.txt)"
grep -Eq "^photon +0.0055 " g.txt || fail "0.0055 MeV read back"
ok

# --- the ICRP 133 mass convention on the AM ---------------------------------------
am=${SAFFRON_SHARED_DATA:-}/AM
if [ ! -f "$am/AM_blood.dat" ]; then
  echo "passed $passed; AM part skipped: no ICRP 110 AM phantom with AM_blood.dat at '$am'"
  exit 0
fi
cat > am.yaml <<YAML
name: am-1kev
seed: 3
phantom: $am
regions:
  Kidneys: [89, 90, 91, 92, 93, 94]
sources: [Liver, Spleen, Kidneys]
targets: [Liver, Spleen, Kidneys]
particles: [electron]
energies_MeV: [0.001]
histories: 2e3
YAML
"$bin" run am.yaml -o am.h5 --quiet || fail "AM 1 keV campaign"
"$bin" export am.h5 --format csv --convention icrp133 --out am.csv > /dev/null || fail "csv"
"$PY" - <<'PYEOF' || fail "blood-inclusive masses"
import csv
want = {"Liver": 2.360, "Spleen": 0.2284, "Kidneys": 0.4221}
rows = [r for r in csv.DictReader(open("am.csv")) if r["source"] == r["target"]]
assert {r["source"] for r in rows} == set(want), rows
for r in rows:
    saf, af = float(r["saf_per_kg"]), float(r["absorbed_fraction"])
    assert abs(af - 1) < 1e-12, r
    dev = saf * want[r["source"]] - 1
    assert abs(dev) < 1e-3, (r["source"], saf, 1 / want[r["source"]], dev)
    print("%-8s SAF %.5f kg^-1, 1/M_T %.5f: %+.3f %%" % (r["source"], saf,
          1 / want[r["source"]], 100 * dev))
PYEOF
ok
"$bin" export am.h5 --format icrp133 --out am > /dev/null 2> am.err || fail "AM export: $(cat am.err)"
"$PY" "$layout" check am_electron.SAF --sources Kidneys,Liver,Spleen \
  --targets Liver,Kidneys,Spleen > /dev/null || fail "AM export layout"
grep -q "^Kidneys   <-Kidneys    2.37[01]E+00" am_electron.SAF || fail "Kidneys record"
"$PY" "$layout" generate ref_electron.SAF --particle electron || fail "generator"
"$bin" compare am.h5 ref_electron.SAF > am_cmp.txt 2>&1 || fail "AM compare: $(cat am_cmp.txt)"
grep -Eq "^electron +0.001 +Kidneys +Kidneys " am_cmp.txt || fail "union not compared as Kidneys"
echo "AM: union exported and compared as Kidneys"
ok
echo "passed $passed"
