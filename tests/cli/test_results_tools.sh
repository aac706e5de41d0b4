#!/usr/bin/env bash
# The result commands on a small quickstart-like campaign made here (three
# organs of the stylized phantom, photons and electrons, a Liver dose map):
# export to ICRP 133 and back through compare gives every ratio 1.000; the
# plots are PNGs of the expected size and not blank; the MetaImage and
# NIfTI headers read back with the dose map's dimensions and spacing; the
# S value of a two-line spectrum equals the hand computation from the CSV
# SAF table; bad input gives one error line and a non-zero exit.
source "$(dirname "$0")/common.sh"

cat > q.yaml <<'YAML'
name: results-tools
seed: 11
phantom: builtin:stylized:1.2
sources: [Liver, Kidneys, Lungs]
targets: all
particles: [photon, electron]
energies_MeV: [0.03, 0.1, 0.3, 1.0]
histories: 4e3
chunk_histories: 2e3
dose_maps: [Liver]
mode: kerma
YAML
"$bin" run q.yaml -o q.h5 --quiet || fail "campaign failed"

# --- CSV: one row per source, particle, energy and target ----------------------
"$bin" export q.h5 --format csv > /dev/null || fail "csv export"
"$PY" - <<'PYEOF' || fail "csv content"
import csv, h5py, math
rows = list(csv.DictReader(open("q.csv")))
f = h5py.File("q.h5", "r")
saf = f["saf"][()]
ns, np_, ne, nt = saf.shape
assert len(rows) == ns * np_ * ne * nt, (len(rows), saf.shape)
tgt = [t.decode() for t in f["targets"]["name"]]
src = [s.decode() for s in f["sources"]["name"]]
for r in rows[:50]:
    s, t = src.index(r["source"]), tgt.index(r["target"])
    p = [x.decode() for x in f["particles"][()]].index(r["particle"])
    e = list(f["energies_MeV"][()]).index(float(r["energy_MeV"]))
    assert math.isclose(float(r["saf_per_kg"]), saf[s, p, e, t], rel_tol=1e-9)
    assert math.isclose(float(r["target_mass_kg"]), f["target_mass_kg"][t], rel_tol=1e-9)
PYEOF
ok

# --- ICRP 133 round trip --------------------------------------------------------
"$bin" export q.h5 --format icrp133 --out rt > /dev/null || fail "icrp133 export"
[ -s rt_photon.SAF ] && [ -s rt_electron.SAF ] || fail "no .SAF files"
# Fixed width, as published: every record is 22 + 10 x (4 energies + the
# E -> 0 column) + 13 characters, LF-ended (tests/cli/test_icrp133.sh checks
# the columns).
awk '{ if (length($0) != 85) { print FILENAME ": record " NR " has " length($0) " characters"; bad = 1 } } END { exit bad }' rt_photon.SAF || fail "record lengths"
! grep -q $'\r' rt_photon.SAF || fail "records are CR LF ended; expected LF"
for p in photon electron; do
  "$bin" compare q.h5 rt_$p.SAF > cmp_$p.txt || fail "compare $p: $(cat cmp_$p.txt)"
  n=$(awk '$1 == "'$p'" && NF >= 8 && $7 ~ /^[0-9.]+$/' cmp_$p.txt | wc -l)
  # kerma-mode electrons leave energy only in their source: 3 x 4 self pairs
  [ "$n" -ge 12 ] || fail "$p: only $n pairs compared"
  bad=$(awk '$1 == "'$p'" && NF >= 8 && $7 ~ /^[0-9.]+$/ && $7 != "1.000"' cmp_$p.txt)
  [ -z "$bad" ] || fail "$p: ratios other than 1.000: $bad"
  grep -q "pairs compared, 0 flagged" cmp_$p.txt || fail "$p: flags in $(tail -1 cmp_$p.txt)"
  echo "round trip $p: $n ratios, all 1.000"
done
ok

# --- plots ------------------------------------------------------------------------
"$bin" plot q.h5 saf --source Liver --out saf.png > /dev/null || fail "saf plot"
"$bin" plot q.h5 saf --source Liver --particle photon --reference rt_photon.SAF \
  --out saf_ref.png > /dev/null || fail "saf plot with reference"
"$bin" plot q.h5 slice --task 2 --out slice.png > /dev/null || fail "slice plot"
"$PY" "$here/png_check.py" saf.png 1000 760 || fail "saf.png"
"$PY" "$here/png_check.py" saf_ref.png 1000 760 || fail "saf_ref.png"
"$PY" "$here/png_check.py" slice.png 900 900 || fail "slice.png"
ok

# --- dose-map images ---------------------------------------------------------------
"$bin" export q.h5 --format mhd --task 2 --out img > /dev/null || fail "mhd export"
"$bin" export q.h5 --format nii --task 2 --out img > /dev/null || fail "nii export"
"$PY" - <<'PYEOF' || fail "image headers"
import h5py, numpy as np, struct
m = h5py.File("q.h5", "r")["dose_maps/task_2"]
dose, unc = m["dose_Gy_per_particle"][()], m["dose_rel_unc"][()]
nz, ny, nx = dose.shape
sp = [10 * s for s in m.attrs["spacing_cm"]]
org = [10 * o for o in m.attrs["origin_cm"]]
for kind, vol in (("dose", dose), ("unc", unc)):
    hdr = dict(l.split(" = ", 1) for l in open(f"img_task_2_{kind}.mhd").read().splitlines())
    assert [int(x) for x in hdr["DimSize"].split()] == [nx, ny, nz], hdr["DimSize"]
    assert np.allclose([float(x) for x in hdr["ElementSpacing"].split()], sp), hdr
    assert np.allclose([float(x) for x in hdr["Offset"].split()],
                       [o + s / 2 for o, s in zip(org, sp)]), hdr["Offset"]
    assert hdr["ElementType"] == "MET_FLOAT" and hdr["BinaryDataByteOrderMSB"] == "False"
    raw = np.fromfile(hdr["ElementDataFile"], dtype="<f4")
    assert raw.size == nx * ny * nz and np.array_equal(raw.reshape(nz, ny, nx), vol)
    b = open(f"img_task_2_{kind}.nii", "rb").read()
    assert struct.unpack("<i", b[0:4])[0] == 348 and b[344:348] == b"n+1\0"
    dim = struct.unpack("<8h", b[40:56])
    assert dim[:4] == (3, nx, ny, nz), dim
    assert struct.unpack("<h", b[70:72])[0] == 16          # float32
    pix = struct.unpack("<8f", b[76:108])
    assert np.allclose(pix[1:4], sp), pix
    assert struct.unpack("<f", b[108:112])[0] == 352        # vox_offset
    assert b[123] == 2                                      # mm
    srow = np.array(struct.unpack("<12f", b[280:328])).reshape(3, 4)
    assert np.allclose(np.abs(np.diag(srow[:, :3])), sp), srow
    data = np.frombuffer(b[352:], dtype="<f4")
    assert np.array_equal(data.reshape(nz, ny, nx), vol)
print("mhd and nii headers:", (nx, ny, nz), "voxels of", sp, "mm")
PYEOF
ok

# --- S value of a two-line spectrum, by hand from the CSV --------------------------
cat > two.txt <<'TXT'
nuclide two-line
line photon 0.3   0.6    # on a tabulated energy
line photon 0.5   0.25   # between 0.3 and 1.0 MeV: log-log interpolation
TXT
"$bin" svalue q.h5 --spectrum two.txt --source Liver --target Liver > sv.txt || fail "svalue: $(cat sv.txt)"
tool=$(awk '$1 == "Liver" && $2 == "Liver" { print $3 }' sv.txt)
"$PY" - "$tool" <<'PYEOF' || fail "S value differs from the hand computation"
import csv, math, sys
saf = {float(r["energy_MeV"]): float(r["saf_per_kg"]) for r in csv.DictReader(open("q.csv"))
       if r["source"] == "Liver" and r["target"] == "Liver" and r["particle"] == "photon"}
s3, s10 = saf[0.3], saf[1.0]
saf05 = math.exp(math.log(s3) + math.log(0.5 / 0.3) / math.log(1.0 / 0.3) * math.log(s10 / s3))
hand = 1.602176634e-13 * (0.6 * 0.3 * s3 + 0.25 * 0.5 * saf05)
tool = float(sys.argv[1])
print(f"S(Liver <- Liver): hand {hand:.6e}, saffron {tool:.6e} Gy/(Bq s)")
assert abs(tool / hand - 1) < 5e-6, (tool, hand)
PYEOF
"$bin" svalue q.h5 --spectrum Lu-177 --source Liver > lu.txt || fail "svalue Lu-177: $(cat lu.txt)"
grep -q "Lu-177" lu.txt && [ "$(grep -vc '^#' lu.txt)" -eq 12 ] || fail "Lu-177 output: $(cat lu.txt)"
ok

# --- errors: one line, non-zero exit, naming what is wrong ---------------------------
expect_error() {
  local what=$1; shift
  "$bin" "$@" > /dev/null 2> err.txt && fail "$what: accepted"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "$what: not one line: $(cat err.txt)"
  grep -q -- "$what" err.txt || fail "no '$what' in: $(cat err.txt)"
}
printf 'both Liver\n' > badmap.txt
printf 'line photon 0.1\n' > badspec.txt
printf 'not a results file\n' > notes.txt
expect_error "--format xml" export q.h5 --format xml
expect_error "missing.h5" export missing.h5 --format csv
expect_error "notes.txt" compare q.h5 notes.txt
expect_error "badmap.txt:1" export q.h5 --format icrp133 --mapping badmap.txt
expect_error "badspec.txt:1" svalue q.h5 --spectrum badspec.txt
expect_error "Pancreas" export q.h5 --format csv --source Pancreas
expect_error "task 8 has no dose map" export q.h5 --format nii --task 8
expect_error "Soft tissue" export q.h5 --format icrp133 --mapping none
ok
echo "$passed passed, 0 failed"
