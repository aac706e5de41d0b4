#!/usr/bin/env bash
# Bad input everywhere (docs/errors.md has the table): each case fails
# with exit status 1 and one error line naming the file or argument and
# what is wrong, creates no output, and leaves an existing output byte for
# byte as it was, also with --resume.
set -u
bin=${SAFFRON_BIN:?SAFFRON_BIN must name the saffron binary}
src=${SAFFRON_SOURCE_DIR:?SAFFRON_SOURCE_DIR must name the source tree}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
passed=0

# one_error NAME EXPECTED CMD...: CMD fails with exactly one line on stderr,
# "saffron: error: ..." containing EXPECTED (a fixed string).
one_error() {
  local name=$1 expected=$2 rc=0
  shift 2
  "$@" > /dev/null 2> "$tmp/err" || rc=$?
  [ "$rc" -eq 1 ] || fail "$name: exit status $rc, expected 1: $(cat "$tmp/err")"
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "$name: expected one line: $(cat "$tmp/err")"
  grep -q "^saffron: error: " "$tmp/err" || fail "$name: not an error line: $(cat "$tmp/err")"
  grep -qF -- "$expected" "$tmp/err" || fail "$name: no '$expected' in: $(cat "$tmp/err")"
  echo "$name: $(cat "$tmp/err")"
}

# run_refused NAME EXPECTED MANIFEST: `saffron run` fails as one_error says,
# without creating an output, and with --resume leaves existing.h5 as it was.
run_refused() {
  local name=$1 expected=$2 manifest=$3
  one_error "$name" "$expected" "$bin" run "$manifest" -o "$tmp/new.h5" --quiet
  [ ! -e "$tmp/new.h5" ] && [ ! -e "$tmp/new.h5.partial" ] && [ ! -e "$tmp/new.h5.lock" ] \
    || fail "$name: an output was created"
  local before
  before=$(sha256sum < "$tmp/existing.h5")
  one_error "$name (--resume)" "$expected" "$bin" run "$manifest" -o "$tmp/existing.h5" --quiet --resume
  [ "$(sha256sum < "$tmp/existing.h5")" = "$before" ] || fail "$name: existing output modified"
  [ ! -e "$tmp/existing.h5.lock" ] || fail "$name: a lock file was left"
  passed=$((passed + 1))
}

# A labelled phantom (MetaImage + label table) and an ICRP 110 layout one.
mkdir -p "$tmp/ph" "$tmp/P"
cp "$src/phantoms/example/example."{mhd,img,labels} "$tmp/ph/"
/usr/bin/python3 - "$tmp/P" <<'PY'
import struct, sys
d = sys.argv[1]
open(f"{d}/P.mhd", "w").write("NDims = 3\nDimSize = 4 4 3\nElementType = MET_USHORT\n"
                             "ElementSpacing = 20 20 20\nElementDataFile = P.raw\n")
open(f"{d}/P.raw", "wb").write(b"".join(struct.pack("<H", (0, 1, 2, 141)[i % 4]) for i in range(48)))
open(f"{d}/P_media.dat", "wb").write(
    b"            1     6     7     8\r\n  Tissues:  H     C     N     O\r\n"
    b"1  Skin    10.0  20.4   4.2  65.4\r\n2  Liver   10.2  13.0   3.1  73.7\r\n"
    b"3  Air      0.0   0.0  75.5  24.5\r\n")
open(f"{d}/P_organs.dat", "wb").write(
    b"Organs\r\nID name tissue density\r\n1  Liver  2  1.050\r\n2  Skin  1  1.090\r\n")
PY
manifest() { # manifest PHANTOM > file
  cat <<YAML
name: bad-input
seed: 3
phantom: $1
sources: all
targets: all
particles: [photon]
energies_MeV: [0.1]
histories: 2e3
mode: kerma
YAML
}
manifest "$tmp/ph/example.mhd" > "$tmp/mhd.yaml"
manifest "$tmp/P" > "$tmp/icrp.yaml"
"$bin" run "$tmp/mhd.yaml" -o "$tmp/existing.h5" --quiet || fail "the good manifest failed"
cp "$tmp/existing.h5" "$tmp/existing-mhd.h5"
"$bin" run "$tmp/icrp.yaml" -o "$tmp/existing-icrp.h5" --quiet || fail "the good ICRP phantom failed"
keep() { cp "$1" "$1.good"; }
restore() { mv "$1.good" "$1"; }

# --- phantoms -------------------------------------------------------------
img="$tmp/ph/example.img" hdr="$tmp/ph/example.mhd" tab="$tmp/ph/example.labels"
keep "$img"; head -c 15990 "$img.good" > "$img"
run_refused truncated_phantom "file $img: expected 16000 bytes (20 x 20 x 20 x 2), found 15990" "$tmp/mhd.yaml"
restore "$img"
keep "$hdr"; sed -i 's/DimSize = 20 20 20/DimSize = 20 20 21/' "$hdr"
run_refused wrong_size_phantom "file $img: expected 16800 bytes (20 x 20 x 21 x 2), found 16000" "$tmp/mhd.yaml"
restore "$hdr"
keep "$tab"; sed -i '/Bone insert/d' "$tab"
run_refused label_not_in_table "$hdr: label 3 (" "$tmp/mhd.yaml"
grep -qF "has no entry in $tab" "$tmp/err" || fail "label_not_in_table: table not named"
restore "$tab"
keep "$tab"; sed -i 's/^medium liver_tissue: H 10.2/medium liver_tissue: Xq 10.2/' "$tab"
run_refused unknown_element "$tab:6: medium liver_tissue: unknown element symbol 'Xq'" "$tmp/mhd.yaml"
restore "$tab"
keep "$tab"; sed -i 's/^2        Liver           liver_tissue   1.06/2 Liver liver_tissue 0/' "$tab"
run_refused zero_density "$tab:11: density (g/cm3): 0 for region 'Liver', expected > 0" "$tmp/mhd.yaml"
restore "$tab"
cp "$tmp/existing-icrp.h5" "$tmp/existing.h5"
org="$tmp/P/P_organs.dat" med="$tmp/P/P_media.dat"
keep "$org"; sed -i '/Skin/d' "$org"
run_refused label_not_in_organs "$tmp/P/P.mhd: label 2 (12 voxels) has no entry in $org" "$tmp/icrp.yaml"
restore "$org"
keep "$org"; sed -i 's/Liver  2  1.050/Liver  2  0.000/' "$org"
run_refused zero_density_organ "$org:3: organ 1 has density 0, expected > 0 g/cm3" "$tmp/icrp.yaml"
restore "$org"
keep "$med"; sed -i '1s/     8/   200/' "$med"
run_refused unknown_element_icrp "$med:1: element column 4: atomic number 200 is not an element" "$tmp/icrp.yaml"
restore "$med"
keep "$med"; sed -i 's/1  Skin    10.0/1  Skin    30.0/' "$med"
run_refused media_fractions "P_media.dat:3: medium 'Skin': mass fractions sum to 120" "$tmp/icrp.yaml"
restore "$med"
cp "$tmp/existing-mhd.h5" "$tmp/existing.h5"

# --- energies ---------------------------------------------------------------
sed 's/^energies_MeV: \[0.1\]/energies_MeV: [nan]/' "$tmp/mhd.yaml" > "$tmp/nan.yaml"
run_refused nan_energy "nan.yaml:7: energies_MeV[0]" "$tmp/nan.yaml"
sed 's/^energies_MeV: \[0.1\]/energies_MeV: [0.1, -1]/' "$tmp/mhd.yaml" > "$tmp/neg.yaml"
run_refused negative_energy "neg.yaml:7: energies_MeV[1]: -1 MeV is outside the photon data range" "$tmp/neg.yaml"
task=("$bin" task --phantom builtin:stylized:2.0 --source Liver --particle photon --histories 10)
one_error task_nan_energy "--energy" "${task[@]}" --energy nan; passed=$((passed + 1))
one_error task_negative_energy "source energy -1 MeV is outside" "${task[@]}" --energy -1; passed=$((passed + 1))
one_error spectrum_nan "--spectrum energy" "${task[@]}" --spectrum 0.1:1,nan:1; passed=$((passed + 1))
one_error spectrum_negative "--spectrum: energy -0.3 MeV, expected > 0" "${task[@]}" --spectrum 0.1:1,-0.3:1; passed=$((passed + 1))
one_error energies_nan "--energies" "$bin" physics mu --material water --energies 0.1,nan; passed=$((passed + 1))
one_error energies_negative "--energies: -1 MeV is outside" "$bin" physics mu --material water --energies -1; passed=$((passed + 1))

# --- results files on --resume ---------------------------------------------
resume_refused() { # NAME EXPECTED FILE MANIFEST
  local name=$1 expected=$2 file=$3 manifest=$4 before
  before=$(sha256sum < "$file")
  one_error "$name" "$expected" "$bin" run "$manifest" -o "$file" --quiet --resume
  [ "$(sha256sum < "$file")" = "$before" ] || fail "$name: file modified"
  passed=$((passed + 1))
}
sed 's/^seed: 3/seed: 4/' "$tmp/mhd.yaml" > "$tmp/other.yaml"
resume_refused other_manifest "$tmp/existing.h5 was written by a different manifest than $tmp/other.yaml" \
  "$tmp/existing.h5" "$tmp/other.yaml"
cp "$tmp/existing.h5" "$tmp/version.h5"
/usr/bin/python3 - "$tmp/version.h5" <<'PY'
import h5py, numpy, sys
with h5py.File(sys.argv[1], "r+") as f:
    f.attrs.create("saffron_version", numpy.bytes_("9.9.9"))
PY
resume_refused other_version "$tmp/version.h5: saffron_version '9.9.9' differs from this run's" \
  "$tmp/version.h5" "$tmp/mhd.yaml"
keep "$tab"; sed -i 's/^3        "Bone insert"   cortical_bone  1.92/3 "Bone insert" cortical_bone 1.85/' "$tab"
resume_refused changed_phantom "phantom_sha256" "$tmp/existing.h5" "$tmp/mhd.yaml"
grep -qF "the phantom's files have changed" "$tmp/err" || fail "changed_phantom: reason not given"
restore "$tab"
/usr/bin/python3 -c "import h5py, sys; h5py.File(sys.argv[1], 'w').attrs['format'] = 'other'" "$tmp/foreign.h5"
resume_refused foreign_file "$tmp/foreign.h5: not a saffron results file; refusing to touch it" \
  "$tmp/foreign.h5" "$tmp/mhd.yaml"
# A task state with a valid checksum that no run could write: a chunk mask
# naming chunks beyond the task's last (resuming would never finish it).
cp "$tmp/existing.h5" "$tmp/state.h5"
/usr/bin/python3 - "$tmp/state.h5" <<'PY'
import h5py, sys
def fnv(words):
    h = 1469598103934665603
    for w in words:
        for b in range(8):
            h ^= (int(w) >> (8 * b)) & 0xff
            h = (h * 1099511628211) % (1 << 64)
    return h
with h5py.File(sys.argv[1], "r+") as f:
    s = f["state/task_slots"]
    slots = s[()]
    for k in range(2):
        w = slots[0, k]
        if w[0]:
            w[2] = 1 << 40
            w[-1] = fnv(w[:-1])
    s[...] = slots
PY
resume_refused damaged_state "$tmp/state.h5: task 0: saved state is inconsistent" "$tmp/state.h5" "$tmp/mhd.yaml"
echo "$passed passed, 0 failed"
