#!/usr/bin/env bash
# What would the whole OpenDose campaign on the ICRP 110 adult male cost
# with saffron? Measures the per-history cost of a sample of the real AM
# campaign's tasks (jobs/opendose-am.yaml: sources spread over the 141
# regions, photons and electrons, energies spread over the 91 from 5 keV to
# 10 MeV), each run for a few CPU seconds on one core by `saffron plan`'s
# calibration, interpolates every other task's cost (log-log in energy, per
# particle), and extrapolates the campaign at a fixed 1e8 primaries a task
# (split by particle and decade of source energy: where the cost is),
# printed beside GATE's ~750,000 CPU-hours a phantom (the figure of issue 12;
# OpenDose reports 1.2 million CPU-hours for both phantoms, 51,324 tasks).
# A second figure is what a user pays for a given precision rather than a
# fixed count: the same calibration with the rule `precision: {relative:
# 0.01, on: self, cross_fire: 0.05, cross_fire_min_mass_kg: 0.01,
# max_histories: 1e9}` (1 % on every self-SAF, 5 % on every cross-fire SAF
# of a target of 10 g or more that 1e9 primaries would bring there;
# farm/precision.h), with how many watched pairs of the calibration tasks
# cannot reach 5 % within 1e9 primaries.
# Prints the calibration logs, then one JSON line. This VM's speed drifts by
# 20-30 % over hours, so the line also gives the state the machine was in:
# two fixed probes run just before and just after the calibration (AM liver
# source, one thread, histories/s: 140 keV photons in kerma mode and 1 MeV
# electrons in coupled mode), to set figures of different days side by side.
# usage: opendose_cost.sh [BUILD [AM_DIR [TASKS [SECONDS]]]]
#   TASKS: calibration tasks (default 36), SECONDS: CPU s each (default 4)
# OPENDOSE_COST_KEYS: manifest lines added to the campaign's, to price an
#   option that trades accuracy (docs/manifest.md), e.g.
#   OPENDOSE_COST_KEYS=$'boundary_step: 0.4\nstep_fraction: 0.3'; the JSON
#   line repeats them as "extra_keys".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build}/saffron
am=${2:-$top/../shared/data/icrp110/AM}
tasks=${3:-36}
seconds=${4:-4}
primaries=1e8
gate_core_hours=750000
if [ ! -d "$am" ]; then
  echo "opendose_cost.sh: no ICRP 110 AM phantom at '$am' (give AM_DIR)" >&2
  exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# campaign RULE OUT: the real campaign on this AM, its precision line
# replaced by RULE, written to OUT.yaml.
campaign() {
  sed -e "s|^phantom:.*|phantom: $(cd "$am" && pwd)|" \
      -e "s|^precision:.*|$1|" "$top/jobs/opendose-am.yaml" > "$work/$2.yaml"
  if [ -n "${OPENDOSE_COST_KEYS:-}" ]; then
    printf '%s\n' "$OPENDOSE_COST_KEYS" >> "$work/$2.yaml"
  fi
}
# A fixed count, to compare with GATE's fixed 1e8 primaries a task, and the
# precision rule users pay for.
campaign "histories: $primaries" am
campaign "precision: {relative: 0.01, on: self, cross_fire: 0.05, cross_fire_min_mass_kg: 0.01, max_histories: 1e9}" am-precision
# calibrate NAME OUT: saffron plan's calibration of NAME.yaml, printed to OUT.
calibrate() {
  "$bin" plan "$work/$1.yaml" --threads 1 --calibration-tasks "$tasks" \
    --calibration-seconds "$seconds" > "$work/$2" 2>&1 || {
    echo "opendose_cost.sh: saffron plan failed: $(tail -1 "$work/$2")" >&2
    exit 1
  }
}
# probe PARTICLE E_MEV N MODE: histories/s of one such `saffron task` run.
probe() {
  "$bin" task --phantom "$am" --source Liver --particle "$1" --energy "$2" \
    --histories "$3" --mode "$4" --threads 1 --json |
    /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["histories_per_second"])'
}
probes() {
  echo "$(probe photon 0.14 500000 kerma) $(probe electron 1 30000 coupled)"
}
t0=$(date +%s.%N)
before=$(probes)
calibrate am plan.txt
calibrate am-precision plan-precision.txt
after=$(probes)
t1=$(date +%s.%N)
sed -n '1,/^  by source energy/p' "$work/plan.txt"
echo
sed -n '/^calibration:/,/^  electron:/p' "$work/plan-precision.txt"
/usr/bin/python3 - "$work/plan.txt" "$gate_core_hours" "$primaries" \
  "$(echo "$t1 - $t0" | bc -l)" "$before $after" "$work/plan-precision.txt" \
  "${OPENDOSE_COST_KEYS:-}" <<'PYEOF'
import json, re, sys
def estimate(path):
    text = open(path).read()
    m = re.search(r"^estimate: ([0-9.eE+-]+) core-hours", text, re.M)
    if not m:
        sys.exit("opendose_cost.sh: no 'estimate:' line in %s" % path)
    return text, float(m.group(1))
text, est = estimate(sys.argv[1])
ptext, pest = estimate(sys.argv[6])
gate = float(sys.argv[2])
rates = [float(x) for x in re.findall(r"([0-9.eE+-]+) core-us per history", text)]
tasks = re.search(r"= (\d+) tasks", text)
pb = [float(x) for x in sys.argv[5].split()]
# Where the cost is: core-hours by particle and decade of source energy.
by_decade = {}
m = re.search(r"^  by source energy, core-hours: (.*)$", text, re.M)
for part in (m.group(1).split(";") if m else []):
    name, rest = part.strip().split(":", 1)
    by_decade[name] = {b + " MeV": float(v) for b, v in
                       re.findall(r"(< [0-9.]+|[0-9.]+-[0-9.]+|>= [0-9.]+) MeV ([0-9.eE+-]+)", rest)}
pairs = {}
for m in re.finditer(r"^  (\w+): (\d+) tasks, (\d+) pairs: (\d+) within reach, "
                     r"(\d+) beyond the cap, (\d+) without a score .*; (\d+) "
                     r"tasks need the cap", ptext, re.M):
    pairs[m.group(1)] = {"tasks": int(m.group(2)), "pairs": int(m.group(3)),
                         "within_reach": int(m.group(4)),
                         "beyond_1e9": int(m.group(5)),
                         "no_score": int(m.group(6)),
                         "tasks_at_1e9": int(m.group(7))}
print(json.dumps({
    "phantom": "ICRP 110 AM", "primaries_per_task": float(sys.argv[3]),
    "tasks": int(tasks.group(1)) if tasks else None,
    "calibration_tasks": len(rates),
    "core_hours": round(est, 1), "gate_core_hours": gate,
    "percent_of_gate": round(100 * est / gate, 2),
    "goal_core_hours": gate * 0.002,  # 0.2 % of GATE: one night on one 128-core node (issue 27)
    "core_hours_by_source_energy": by_decade,
    "script_wall_s": round(float(sys.argv[4]), 1),
    "probe_photon_0.14MeV_kerma_hist_per_s": [round(pb[0]), round(pb[2])],
    "probe_electron_1MeV_coupled_hist_per_s": [round(pb[1]), round(pb[3])],
    "precision_rule_core_hours": round(pest, 1),
    "precision_rule": "1 % self, 5 % cross-fire on targets >= 0.01 kg, <= 1e9 primaries",
    "precision_rule_calibration_pairs": pairs,
    "extra_keys": sys.argv[7]}))
PYEOF
