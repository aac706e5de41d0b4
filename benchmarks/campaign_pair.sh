#!/usr/bin/env bash
# Before and after a change, priced the way the figure of record is: the
# OpenDose AM campaign at 1e8 primaries a task (`opendose_cost.sh`) for two
# builds, run in alternation (A, B, A, B, ...) so that both see the same
# states of this VM, whose speed drifts by 5-40 % between runs and even
# between the high- and low-energy tasks of one run. Prints each run's JSON
# line, then one JSON line: per round the ratio B / A of the campaign's
# core-hours, and of each particle's 1-10 MeV decade, with their medians.
# A round takes about 15 minutes on one core.
# CAMPAIGN_PAIR_CONCURRENT=1 runs A and B at once instead, one per core
# (taskset), swapping cores every round (give an even ROUNDS), as
# compare_builds.sh does: both see the same minutes of the VM, which
# sequential runs do not (one run's probes moved by 30 % against the
# other's on 2026-12-08). A round then takes about 8 minutes. It does not
# remove the drift between the two cores (one slowed by a quarter within
# a round on 2026-12-08: benchmarks/HISTORY.md), so the ratios B / A are
# the result, over several rounds.
# usage: campaign_pair.sh BUILD_A BUILD_B [ROUNDS [AM_DIR]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "campaign_pair.sh: $*" >&2; exit 2; }
[ $# -ge 2 ] || fail "usage: campaign_pair.sh BUILD_A BUILD_B [ROUNDS [AM_DIR]]"
a=$1 b=$2 rounds=${3:-2}
am=${4:-$top/../shared/data/icrp110/AM}
for d in "$a" "$b"; do
  [ -x "$d/saffron" ] || fail "no saffron program in '$d' (give a build directory)"
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || fail "ROUNDS '$rounds': expected a positive integer"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cost() { # SIDE ROUND [CORE]: one opendose_cost.sh run, pinned to CORE if given
  local dir=$a pin=()
  [ "$1" = b ] && dir=$b
  [ -n "${3:-}" ] && pin=(taskset -c "$3")
  "${pin[@]}" "$top/benchmarks/opendose_cost.sh" "$dir" "$am" > "$work/$1$2.log" ||
    fail "opendose_cost.sh failed for '$dir' (round $2): $(tail -1 "$work/$1$2.log")"
}
for r in $(seq "$rounds"); do
  if [ "${CAMPAIGN_PAIR_CONCURRENT:-0}" = 1 ]; then
    if [ $((r % 2)) -eq 1 ]; then ca=0 cb=1; else ca=1 cb=0; fi
    cost a "$r" "$ca" & pa=$!
    cost b "$r" "$cb" & pb=$!
    wait "$pa" || exit 2
    wait "$pb" || exit 2
  else
    cost a "$r"
    cost b "$r"
  fi
  tail -1 "$work/a$r.log"
  tail -1 "$work/b$r.log"
done
/usr/bin/python3 - "$work" "$rounds" "$a" "$b" <<'PYEOF'
import json, statistics, sys
work, rounds, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def run(side, r):
    with open("%s/%s%d.log" % (work, side, r)) as f:
        return json.loads(f.read().strip().splitlines()[-1])
def ratios(key):
    return [round(key(run("b", r)) / key(run("a", r)), 3) for r in range(1, rounds + 1)]
total = ratios(lambda d: d["core_hours"])
out = {"build_a": a, "build_b": b, "rounds": rounds,
       "core_hours_a": [run("a", r)["core_hours"] for r in range(1, rounds + 1)],
       "core_hours_b": [run("b", r)["core_hours"] for r in range(1, rounds + 1)],
       "ratio_b_over_a": total, "median_ratio": statistics.median(total)}
for p in ("photon", "electron"):
    x = ratios(lambda d: d["core_hours_by_source_energy"][p]["1-10 MeV"])
    out["ratio_%s_1_10MeV" % p] = x
    out["median_ratio_%s_1_10MeV" % p] = statistics.median(x)
print(json.dumps(out))
PYEOF
