#!/usr/bin/env bash
# Before and after a kernel change, in instructions rather than seconds:
# callgrind counts of `saffron task` (the histories' transport,
# sf_task_run_dose's OpenMP body) for two builds on a fixed set of the
# OpenDose AM campaign's calibration tasks: the expensive electrons and
# photons of 0.17-10 MeV from small, thin and bone sources, where the
# campaign's cost is. This VM's speed drifts by up to 30 % within one run,
# so a change of a few per cent is seen here or nowhere
# (benchmarks/HISTORY.md, tenth session). Instructions are not time
# (mispredictions and cache misses are not counted), so a kept change is
# still priced by campaign_pair.sh.
# valgrind cannot run AVX-512 code: give builds configured with
# -DSAFFRON_NATIVE=OFF -DSAFFRON_LTO=OFF (-DCMAKE_C_FLAGS=-g for line
# profiles). Runs the builds at once, one per core: about 12 minutes on an
# idle machine (23 beside a CI run). Where a change keeps the results to
# the bit, both builds run the same histories and the ratios are exact;
# otherwise the histories differ and the counts a history scatter by
# roughly 0.5-1 % at these numbers of histories.
# usage: instructions_pair.sh BUILD_A BUILD_B [AM_DIR]
# Prints a line per task, then one JSON line with the per-task and
# geometric-mean ratios B / A of instructions per history.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "instructions_pair.sh: $*" >&2; exit 2; }
[ $# -ge 2 ] || fail "usage: instructions_pair.sh BUILD_A BUILD_B [AM_DIR]"
a=$1 b=$2
am=${3:-$top/../shared/data/icrp110/AM}
for d in "$a" "$b"; do
  [ -x "$d/saffron" ] || fail "no saffron program in '$d' (give a build directory)"
done
[ -d "$am" ] || fail "no ICRP 110 AM phantom at '$am' (give AM_DIR)"
command -v valgrind > /dev/null || fail "valgrind not found"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# particle:energy (MeV):histories:source, histories for ~0.2 s of native
# time each (calibration tasks of opendose_cost.sh on 2026-12-08).
tasks=(
  "electron:0.670348:40000:Pituitary gland"
  "electron:1.11268:20000:Residual tissue, arms"
  "electron:1.6973:20000:Salivary glands, right"
  "electron:2.58911:10000:Skin, legs"
  "electron:3.94949:8000:Testis, left"
  "electron:6.55555:5000:Tongue (inner part)"
  "electron:10:4000:Urinary bladder wall"
  "photon:0.17356:60000:Femora, lower half, cortical"
  "photon:0.670348:40000:Ribs, cortical"
  "photon:1.6973:30000:Thoracic spine, spongiosa"
  "photon:3.94949:20000:Cartilage, trunk"
  "photon:10:20000:Eye lense, left"
)
# count SIDE CORE: every task under callgrind with SIDE's build, on CORE.
count() {
  local dir=$a i=0
  [ "$1" = b ] && dir=$b
  for t in "${tasks[@]}"; do
    IFS=: read -r particle energy n source <<< "$t"
    taskset -c "$2" valgrind --tool=callgrind \
      --callgrind-out-file="$work/$1.$i.cg" \
      --toggle-collect='sf_task_run_dose._omp_fn.*' \
      "$dir/saffron" task --phantom "$am" --source "$source" \
      --particle "$particle" --energy "$energy" --histories "$n" \
      --mode coupled --threads 1 --json > "$work/$1.$i.json" \
      2> "$work/$1.$i.err" ||
      fail "$dir/saffron task ($source, $particle, $energy MeV) failed: $(tail -1 "$work/$1.$i.err")"
    i=$((i + 1))
  done
}
count a 0 & pa=$!
count b 1 & pb=$!
wait "$pa" || exit 2
wait "$pb" || exit 2
/usr/bin/python3 - "$work" "$a" "$b" "${tasks[@]}" <<'PYEOF'
import json, math, re, sys
work, a, b, tasks = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def total(path):
    text = open(path).read()
    m = re.search(r"^summary: (\d+)", text, re.M) or re.search(r"^totals: (\d+)", text, re.M)
    if not m:
        sys.exit("instructions_pair.sh: no instruction total in " + path)
    return int(m.group(1))
rows, logs = [], []
for i, t in enumerate(tasks):
    particle, energy, n, source = t.split(":", 3)
    ia, ib = (total("%s/%s.%d.cg" % (work, s, i)) / int(n) for s in "ab")
    rows.append({"source": source, "particle": particle, "energy_MeV": float(energy),
                 "histories": int(n), "instructions_per_history_a": round(ia),
                 "instructions_per_history_b": round(ib), "ratio_b_over_a": round(ib / ia, 4)})
    print("%-30s %-8s %8s MeV  A %9.0f  B %9.0f  B/A %.4f"
          % (source, particle, energy, ia, ib, ib / ia))
geo = math.exp(sum(math.log(r["ratio_b_over_a"]) for r in rows) / len(rows))
print(json.dumps({"build_a": a, "build_b": b, "tasks": rows,
                  "geometric_mean_ratio": round(geo, 4)}))
PYEOF
