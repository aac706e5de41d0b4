#!/usr/bin/env bash
# Figures of merit of the expected-value kerma estimator against the
# analogue one (docs/variance-reduction.md): photons from one source region
# of a phantom in kerma mode, one thread, the same histories for both.
# FOM = 1 / (rel_unc^2 x CPU s) per target; printed for the source itself,
# for a few named distant targets, and as the distribution of the ratio
# expected/analogue over every target the analogue run scored with a
# relative uncertainty under 0.5.
#
# usage: benchmarks/kerma_estimator.sh [BUILD [PHANTOM [SOURCE [HISTORIES]]]]
#   PHANTOM defaults to ../shared/data/icrp110/AM when present, else
#   builtin:stylized; SOURCE to Liver; HISTORIES to 1e6.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
am=$here/../../shared/data/icrp110/AM
phantom=${2:-$([ -d "$am" ] && echo "$am" || echo builtin:stylized)}
source=${3:-Liver}
histories=${4:-1e6}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for E in 0.03 0.14 1.0; do
  for est in analogue expected; do
    "$build/saffron" task --phantom "$phantom" --source "$source" \
      --particle photon --energy "$E" --histories "$histories" --mode kerma \
      --kerma-estimator "$est" --threads 1 --json > "$work/$E-$est.json"
  done
done
/usr/bin/env python3 - "$work" "$source" <<'PY'
import json, math, statistics, sys
work, source = sys.argv[1], sys.argv[2]
named = ["Thyroid", "Brain", "Urinary bladder wall", "Lungs", "Lung"]
for E in ["0.03", "0.14", "1.0"]:
    a = json.load(open(f"{work}/{E}-analogue.json"))
    x = json.load(open(f"{work}/{E}-expected.json"))
    def fom(run, t):
        r = t["rel_unc"]
        return 1 / (r * r * run["seconds"]) if r and r > 0 else float("nan")
    rows = []
    for ta, tx in zip(a["targets"], x["targets"]):
        if ta["rel_unc"] and 0 < ta["rel_unc"] < 0.5 and tx["rel_unc"]:
            rows.append((ta["name"], ta["mass_kg"], fom(a, ta), fom(x, tx)))
    ratios = sorted(r[3] / r[2] for r in rows)
    out = {"energy_MeV": float(E), "source": source,
           "histories_per_s": {"analogue": a["histories_per_second"],
                               "expected": x["histories_per_second"]},
           "targets_compared": len(rows),
           "fom_ratio_median": statistics.median(ratios),
           "fom_ratio_p10": ratios[len(ratios) // 10],
           "fom_ratio_p90": ratios[(9 * len(ratios)) // 10]}
    for name, mass, fa, fx in rows:
        if name.lower().startswith(source.lower()) or any(
                name.lower().startswith(n.lower()) for n in named):
            out[name] = {"mass_kg": round(mass, 4), "fom_analogue": fa,
                         "fom_expected": fx, "ratio": fx / fa}
    print(json.dumps(out))
PY
