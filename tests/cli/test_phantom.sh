#!/usr/bin/env bash
# saffron phantom info: text and JSON output, help, usage and load errors.
set -u
bin=${SAFFRON_BIN:?SAFFRON_BIN must name the saffron binary}
src=${SAFFRON_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Help and usage errors.
"$bin" phantom --help >"$tmp/help" || fail "phantom --help exited $?"
grep -q "phantom info PHANTOM" "$tmp/help" || fail "help lacks the usage line"
"$bin" phantom >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] || fail "no action: exit $rc, expected 2"
"$bin" phantom frobnicate builtin:stylized >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "bad action: exit $rc, expected 2"
"$bin" phantom info >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing PHANTOM: exit $rc, expected 2"
"$bin" phantom info builtin:stylized --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "unknown option: exit $rc, expected 2"

# Load errors: exit 1 with one error line.
"$bin" phantom info builtin:nothing >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "unknown builtin: exit $rc, expected 1"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "expected one error line: $(cat "$tmp/err")"
grep -q "builtin:nothing" "$tmp/err" || fail "error does not name the phantom"

# The built-in phantom as JSON.
"$bin" phantom info builtin:stylized --json >"$tmp/out.json" || fail "json exited $?"
python3 -m json.tool "$tmp/out.json" >/dev/null || fail "output is not valid JSON"
python3 - "$tmp/out.json" <<'PY' || fail "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) >= {"regions", "total_mass_kg"}, d.keys()
regions = {r["name"]: r for r in d["regions"]}
for r in d["regions"]:
    assert set(r) >= {"id", "name", "medium", "voxels", "mass_kg"}, r
    assert r["voxels"] > 0
for name in ["Liver", "Kidneys", "Spleen", "Lungs", "Heart", "Stomach",
             "Urinary bladder", "Brain", "Thyroid", "Skeleton", "Soft tissue",
             "Outside air"]:
    assert name in regions, name
assert regions["Outside air"]["id"] == 0
assert regions["Lungs"]["medium"] == "lung"
assert 60 < d["total_mass_kg"] < 82, d["total_mass_kg"]
body = sum(r["mass_kg"] for r in d["regions"] if r["name"] != "Outside air")
assert abs(body - d["total_mass_kg"]) < 1e-6 * body
PY

# Text output.
"$bin" phantom info builtin:stylized:1 >"$tmp/out.txt" || fail "text exited $?"
grep -q "Liver" "$tmp/out.txt" || fail "text output lacks Liver"
grep -q "^total body mass:" "$tmp/out.txt" || fail "text output lacks the total"

# The example label image, whose names need escaping in JSON.
cp "$src/phantoms/example/example.mhd" "$src/phantoms/example/example.img" "$tmp/"
{ cat "$src/phantoms/example/example.labels"
  printf '4 "Odd\\name\twith tab" water 1.0\n'; } >"$tmp/example.labels"
"$bin" phantom info "$tmp/example.mhd" --json >"$tmp/ex.json" || fail "example exited $?"
python3 -m json.tool "$tmp/ex.json" >/dev/null || fail "example JSON invalid"
grep -q '"Liver"' "$tmp/ex.json" || fail "example lacks Liver"

# A bad table: exit 1, naming the file and line.
printf '0 a air 0.001\n1 b soft_tissue -1\n' >"$tmp/bad.labels"
"$bin" phantom info "$tmp/example.mhd:bad.labels" >/dev/null 2>"$tmp/err"; rc=$?
[ $rc -eq 1 ] || fail "bad table: exit $rc, expected 1"
grep -q "bad.labels:2" "$tmp/err" || fail "error lacks file:line: $(cat "$tmp/err")"

# ICRP 110 (only when ../shared is present).
shared=${SAFFRON_SHARED_DATA:-}
if [ -n "$shared" ] && [ -f "$shared/AM/AM.raw" ]; then
  "$bin" phantom info "$shared/AM" --json >"$tmp/am.json" || fail "AM exited $?"
  python3 - "$tmp/am.json" <<'PY' || fail "AM JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
liver = [r for r in d["regions"] if r["id"] == 95][0]
assert liver["voxels"] == 46917 and abs(liver["mass_kg"] - 1.8) < 0.0036
assert abs(d["total_mass_kg"] - 73.0) < 0.365
PY
else
  echo "note: ICRP 110 data absent, AM check skipped"
fi
echo "PASS"
