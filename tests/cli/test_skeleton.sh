#!/usr/bin/env bash
# The skeletal regions through the command line on the ICRP 110 AM (issue
# 25; skipped without ../shared): a campaign with sources [R-marrow,
# C-bone-V] and targets: all runs, reports R-marrow and Endost-BS next to
# the voxel regions with their masses and method, and the ICRP 133 export
# and compare name them as ICRP 133 does; a skeletal region on a phantom
# without spongiosa data, and a DRF file with a bad line, are one-line
# errors naming the manifest line or the file. A user's spongiosa table
# (`spongiosa: FILE`) gives a MetaImage phantom the skeletal regions.
source "$(dirname "$0")/common.sh"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

# --- errors that need no phantom data ---------------------------------------
cat > sty.yaml <<'YAML'
name: no-spongiosa
seed: 1
phantom: builtin:stylized:2.0
sources: [Liver]
targets: [Liver, R-marrow]
particles: [photon]
energies_MeV: [0.1]
histories: 100
YAML
"$bin" run sty.yaml -o sty.h5 --quiet 2> err.txt && fail "R-marrow on the stylized phantom ran"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "not one line: $(cat err.txt)"
grep -q "sty.yaml:5: targets\[1\]: 'R-marrow' is a skeletal region" err.txt || fail "$(cat err.txt)"
sed 's/^targets: .*/targets: [Liver]\nskeletal_photons: mass_fraction\ndrf: drf.csv/' sty.yaml > bad.yaml
"$bin" run bad.yaml -o bad.h5 --quiet 2> err.txt && fail "drf with mass_fraction ran"
grep -q "bad.yaml:7: drf: response functions replace the kerma" err.txt || fail "$(cat err.txt)"
ok

# A user's spongiosa table makes the skeletal regions of any phantom.
src=${SAFFRON_SOURCE_DIR:-$here/../..}
cp "$src/phantoms/example/example."* .
cat > marrow.txt <<'TXT'
# region          RBM   YBM   bone
"Bone insert"     0.40  0.20  0.40
TXT
cat > user.yaml <<'YAML'
name: user-spongiosa
seed: 3
phantom: example.mhd
spongiosa: marrow.txt
sources: [R-marrow, Liver]
targets: all
particles: [photon, electron]
energies_MeV: [0.05, 1.0]
histories: 2000
YAML
"$bin" run user.yaml -o user.h5 --quiet || fail "campaign with a user's spongiosa table"
"$PY" - <<'PYEOF' || fail "user table results"
import h5py
f = h5py.File("user.h5", "r")
tgt = [t.decode() for t in f["targets"]["name"]]
m = dict(zip(tgt, f["target_mass_kg"][()]))
assert tgt[-2:] == ["R-marrow", "Endost-BS"], tgt
assert abs(m["R-marrow"] / (0.4 * m["Bone insert"]) - 1) < 1e-12, m
assert abs(m["Endost-BS"] / (0.159 * 0.6 * m["Bone insert"]) - 1) < 1e-12, m
saf = f["saf"][()]
assert (saf[0, :, :, tgt.index("R-marrow")] > 0).all()
print("user table: R-marrow %.4g kg = 0.4 x bone insert, SAFs scored" % m["R-marrow"])
PYEOF
"$bin" run user.yaml --dry-run | grep -q '^spongiosa: ".*marrow.txt"' || fail "dry-run echo"
printf '"Bone insert" 0.4 0.2 0.3\n' > marrow.txt
"$bin" run user.yaml -o bad2.h5 --quiet 2> err.txt && fail "bad table ran"
grep -q "marrow.txt:1: region 'Bone insert': the RBM YBM bone fractions add up to 0.9000" err.txt \
  || fail "$(cat err.txt)"
ok

am=${SAFFRON_SHARED_DATA:-}/AM
if [ ! -f "$am/AM_spongiosa.dat" ]; then
  echo "passed $passed; AM part skipped: no ICRP 110 AM with AM_spongiosa.dat at '$am'"
  exit 0
fi
cat > skel.yaml <<YAML
name: skeleton-cli
seed: 25
phantom: $am
sources: [R-marrow, C-bone-V]
targets: all
particles: [photon, electron]
energies_MeV: icrp133
histories: 300
mode: kerma
YAML
"$bin" run skel.yaml -o skel.h5 --quiet || fail "AM skeletal campaign"
"$PY" - <<'PYEOF' || fail "results"
import h5py
f = h5py.File("skel.h5", "r")
tgt = [t.decode() for t in f["targets"]["name"]]
src = [s.decode() for s in f["sources"]["name"]]
assert src == ["R-marrow", "C-bone-V"], src
assert tgt[-2:] == ["R-marrow", "Endost-BS"], tgt[-3:]
assert "Liver" in tgt and len(tgt) > 100, len(tgt)
m = dict(zip(tgt, f["target_mass_kg"][()]))
assert abs(m["R-marrow"] / 1.170 - 1) < 0.01 and abs(m["Endost-BS"] / 0.58 - 1) < 0.01, m
kind = list(f["target_skeletal"][()])
assert kind[-2:] == [1, 9] and set(kind[:-2]) == {0}, kind[-3:]
assert "kerma of ICRU 46" in f.attrs["skeletal_method"].decode()
assert (f["tasks"]["state"] == 2).all()
print("targets: %d voxel regions, then R-marrow %.4f kg and Endost-BS %.4f kg"
      % (len(tgt) - 2, m["R-marrow"], m["Endost-BS"]))
PYEOF
ok
"$bin" export skel.h5 --format icrp133 --out ex > /dev/null 2> ex.err || fail "export: $(cat ex.err)"
for p in photon electron; do
  "$PY" "$here/icrp133_layout.py" check ex_$p.SAF > /dev/null || fail "layout of ex_$p.SAF"
  grep -q "^R-marrow  <-R-marrow " ex_$p.SAF || fail "no R-marrow <- R-marrow record"
  grep -q "^Endost-BS <-C-bone-V " ex_$p.SAF || fail "no Endost-BS <- C-bone-V record"
done
"$PY" "$here/icrp133_layout.py" generate ref_photon.SAF --particle photon || fail "generator"
"$bin" compare skel.h5 ref_photon.SAF > cmp.txt 2>&1 || fail "compare: $(cat cmp.txt)"
grep -Eq "^photon +0.1 +R-marrow +R-marrow " cmp.txt || fail "R-marrow not compared"
grep -Eq "^photon +0.1 +Endost-BS +C-bone-V " cmp.txt || fail "Endost-BS not compared"
echo "export and compare: R-marrow and Endost-BS under their ICRP 133 names"
ok

# A DRF file with a target that is not skeletal names its line.
printf 'site,target,energy_MeV,dose_per_fluence_Gy_cm2\n27,Liver,0.01,1e-12\n' > drf.csv
sed 's/^histories: 300/histories: 10\ndrf: drf.csv/' skel.yaml > drf.yaml
"$bin" run drf.yaml -o drf.h5 --quiet 2> err.txt && fail "bad DRF ran"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "not one line: $(cat err.txt)"
grep -q "drf.csv:2: target 'Liver'" err.txt || fail "$(cat err.txt)"
ok
echo "passed $passed"
