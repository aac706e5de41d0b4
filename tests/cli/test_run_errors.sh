#!/usr/bin/env bash
# saffron run with a malformed manifest: one line-numbered error naming the
# field, a non-zero exit, and no output file created or touched.
set -u
bin=${SAFFRON_BIN:?SAFFRON_BIN must name the saffron binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
passed=0

good() {
  cat <<'YAML'
name: errors
seed: 1
phantom: builtin:stylized:1.0
sources: [Liver]
targets: all
particles: [photon]
energies_MeV: [0.1]
histories: 1e3
mode: kerma
YAML
}

# expect_error NAME LINE FIELD_SUBSTRING < manifest
expect_error() {
  local name=$1 line=$2 field=$3
  cat > "$tmp/$name.yaml"
  rm -f "$tmp/new.h5"
  "$bin" run "$tmp/$name.yaml" -o "$tmp/new.h5" 2> "$tmp/err" > /dev/null
  local rc=$?
  [ $rc -ne 0 ] || fail "$name: accepted"
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "$name: expected one line: $(cat "$tmp/err")"
  grep -q "$name.yaml:$line:" "$tmp/err" || fail "$name: no line $line in: $(cat "$tmp/err")"
  grep -q -- "$field" "$tmp/err" || fail "$name: no '$field' in: $(cat "$tmp/err")"
  [ ! -e "$tmp/new.h5" ] || fail "$name: an output file was created"
  # An existing output file is left byte for byte as it was.
  cp "$tmp/existing.h5" "$tmp/keep.h5"
  "$bin" run "$tmp/$name.yaml" -o "$tmp/keep.h5" --resume 2> /dev/null > /dev/null && fail "$name: accepted with --resume"
  cmp -s "$tmp/existing.h5" "$tmp/keep.h5" || fail "$name: existing output modified"
  passed=$((passed + 1))
}

good > "$tmp/good.yaml"
"$bin" run "$tmp/good.yaml" -o "$tmp/existing.h5" --quiet || fail "good manifest failed"

expect_error unknown_key 10 colour < <(good | sed 's/^mode: kerma/mode: kerma\ncolour: blue/')
expect_error duplicate_key 3 seed < <(good | sed 's/^seed: 1/seed: 1\nseed: 2/')
expect_error wrong_type 6 particles < <(good | sed 's/^particles: \[photon\]/particles: {photon: 1}/')
expect_error negative_histories 8 histories < <(good | sed 's/^histories: 1e3/histories: -5/')
expect_error fractional_histories 8 histories < <(good | sed 's/^histories: 1e3/histories: 3.7/')
expect_error energy_with_unit 7 energies_MeV < <(good | sed 's/^energies_MeV: \[0.1\]/energies_MeV: [0.01MeV]/')
expect_error negative_energy 7 energies_MeV < <(good | sed 's/^energies_MeV: \[0.1\]/energies_MeV: [-0.1]/')
expect_error energy_out_of_range 7 energies_MeV < <(good | sed 's/^energies_MeV: \[0.1\]/energies_MeV: [50]/')
expect_error unknown_region 4 Liverr < <(good | sed 's/^sources: \[Liver\]/sources: [Liverr]/')

# histories: 1e6 means one million, not 1.
good | sed 's/^histories: 1e3/histories: 1e6/' > "$tmp/million.yaml"
"$bin" run "$tmp/million.yaml" --dry-run > "$tmp/plan" || fail "dry run failed"
grep -q "1000000" "$tmp/plan" || fail "histories: 1e6 not read as 1000000: $(cat "$tmp/plan")"
passed=$((passed + 1))

# Refuses to overwrite an existing file without --resume.
cp "$tmp/existing.h5" "$tmp/keep.h5"
"$bin" run "$tmp/good.yaml" -o "$tmp/keep.h5" 2> "$tmp/err" && fail "overwrote an existing file"
grep -q "resume" "$tmp/err" || fail "no hint to --resume: $(cat "$tmp/err")"
cmp -s "$tmp/existing.h5" "$tmp/keep.h5" || fail "existing output modified"
passed=$((passed + 1))
echo "$passed passed, 0 failed"
