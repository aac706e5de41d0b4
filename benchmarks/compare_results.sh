#!/bin/bash
# Whether two builds give the same results to the bit: runs the same
# `saffron task --json` cases with both and compares the outputs byte for
# byte, timing fields removed. A kernel change meant to leave results alone
# (a faster path that takes the same decisions by the same expressions, a
# batched random-number generator) is checked with it; a change that alters
# results shows which cases differ.
#
# usage: compare_results.sh SAFFRON_A SAFFRON_B [AM_DIR]
#   SAFFRON_A, SAFFRON_B  two `saffron` executables (e.g. old/saffron
#                         build/saffron)
#   AM_DIR                the ICRP 110 AM phantom (default
#                         ../shared/data/icrp110/AM); without it only the
#                         built-in stylized phantom's cases run
# Cases: AM liver electrons 0.1, 1 and 4 MeV, photons 1 MeV (coupled),
# photons 0.14 MeV (kerma, analogue and expected-value estimators),
# positrons 0.5 MeV; stylized liver electrons 2 MeV, photons 0.05 MeV
# (coupled) and 0.5 MeV (kerma, expected value); 1 and 2 threads.
# Prints one line per case and exits 1 if any case differs.
set -u
if [ $# -lt 2 ]; then
    sed -n '2,19p' "$0" >&2
    exit 2
fi
a=$1 b=$2
here=$(cd "$(dirname "$0")" && pwd)
am=${3:-$here/../../shared/data/icrp110/AM}
for bin in "$a" "$b"; do
    [ -x "$bin" ] || { echo "compare_results.sh: $bin: not an executable" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The task's JSON without the fields that measure time.
strip() {
    python3 -c '
import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items()
                if not any(t in k for t in ("second", "per_s", "time", "cpu", "wall"))}
    if isinstance(o, list):
        return [strip(x) for x in o]
    return o
print(json.dumps(strip(json.load(sys.stdin)), sort_keys=True, indent=0))'
}

differ=0
run_case() {
    local name=$1
    shift
    for side in a b; do
        local bin=$a
        [ $side = b ] && bin=$b
        if ! "$bin" task --json "$@" > "$tmp/$name.$side.raw"; then
            echo "compare_results.sh: $name: $bin task failed" >&2
            exit 2
        fi
        strip < "$tmp/$name.$side.raw" > "$tmp/$name.$side"
    done
    if cmp -s "$tmp/$name.a" "$tmp/$name.b"; then
        echo "same    $name"
    else
        echo "DIFFER  $name"
        differ=1
    fi
}

if [ -d "$am" ]; then
    run_case am_e01 --phantom "$am" --source liver --particle electron --energy 0.1 --histories 40000 --mode coupled --seed 4
    run_case am_e1 --phantom "$am" --source liver --particle electron --energy 1 --histories 20000 --mode coupled --seed 3
    run_case am_e4 --phantom "$am" --source liver --particle electron --energy 4 --histories 5000 --mode coupled --seed 10 --threads 2
    run_case am_p1 --phantom "$am" --source liver --particle photon --energy 1 --histories 20000 --mode coupled --seed 5
    run_case am_p014_k --phantom "$am" --source liver --particle photon --energy 0.14 --histories 100000 --mode kerma --seed 6
    run_case am_p014_ev --phantom "$am" --source liver --particle photon --energy 0.14 --histories 50000 --mode kerma --kerma-estimator expected --seed 12
    run_case am_pos --phantom "$am" --source liver --particle positron --energy 0.5 --histories 10000 --mode coupled --seed 7 --threads 2
else
    echo "compare_results.sh: $am: no AM phantom, its cases skipped" >&2
fi
run_case sty_e --phantom builtin:stylized --source liver --particle electron --energy 2 --histories 10000 --mode coupled --seed 8
run_case sty_p --phantom builtin:stylized --source liver --particle photon --energy 0.05 --histories 50000 --mode coupled --seed 9 --threads 2
run_case sty_ev --phantom builtin:stylized --source liver --particle photon --energy 0.5 --histories 30000 --mode kerma --kerma-estimator expected --seed 13 --threads 2
exit $differ
