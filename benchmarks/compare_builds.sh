#!/bin/bash
# Compares two builds of a benchmark on a machine whose speed drifts: both
# run AT ONCE, one per core (taskset), and swap cores every round, so that
# each round sees one machine state for both, and each build is compared
# with the other on the SAME core (on this VM the two cores differed by up
# to 35 % for minutes, and a run's speed drifts by 20-30 % between runs).
#
# usage: compare_builds.sh KEY ROUNDS BIN_A BIN_B [ARGS...]
#   KEY     a numeric JSON field the benchmark prints, e.g.
#           histories_per_cpu_s or saffron_over_lean; every line that has
#           it is one case (case i of A is compared with case i of B)
#   ROUNDS  rounds (even: each build runs ROUNDS/2 times on each core)
#   BIN_A, BIN_B  the two programs, run with the same ARGS
# Prints every round, then per case and core the median of each build and
# B/A, and the mean of the two cores' B/A. Needs two cores (taskset -c 0,1).
#
# e.g. benchmarks/compare_builds.sh histories_per_cpu_s 6 \
#        old/benchmarks/bench_electron new/benchmarks/bench_electron \
#        ../shared/data/icrp110/AM 200000 1 3
set -u
if [ $# -lt 4 ]; then
    sed -n '2,20p' "$0" >&2
    exit 2
fi
key=$1 rounds=$2 a=$3 b=$4
shift 4
for bin in "$a" "$b"; do
    [ -x "$bin" ] || { echo "compare_builds.sh: $bin: not an executable" >&2; exit 2; }
done
case $rounds in
    ''|*[!0-9]*) echo "compare_builds.sh: ROUNDS '$rounds': expected a positive integer" >&2; exit 2 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

values() { grep -o "\"$key\": *[-0-9.e+]*" "$1" | sed 's/.*: *//'; }

for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then ca=0 cb=1; else ca=1 cb=0; fi
    taskset -c $ca "$a" "$@" > "$tmp/a.out" 2>&1 &
    pa=$!
    taskset -c $cb "$b" "$@" > "$tmp/b.out" 2>&1 &
    pb=$!
    wait $pa || { echo "compare_builds.sh: $a failed:" >&2; tail -3 "$tmp/a.out" >&2; exit 1; }
    wait $pb || { echo "compare_builds.sh: $b failed:" >&2; tail -3 "$tmp/b.out" >&2; exit 1; }
    va=$(values "$tmp/a.out"); vb=$(values "$tmp/b.out")
    if [ -z "$va" ] || [ "$(echo "$va" | wc -l)" != "$(echo "$vb" | wc -l)" ]; then
        echo "compare_builds.sh: no '$key' values, or not as many from both builds" >&2
        exit 1
    fi
    echo "round $r: A on core $ca: A $(echo $va) | B $(echo $vb)"
    paste <(echo "$va") <(echo "$vb") | awk -v ca=$ca -v cb=$cb '{print NR, ca, "A", $1; print NR, cb, "B", $2}' >> "$tmp/all"
done

# Medians per (case, core, build), then B/A per core.
sort -k1,1n -k2,2n -k3,3 -k4,4g "$tmp/all" | awk '
    { k = $1 " " $2 " " $3; v[k, ++n[k]] = $4; keys[k] = 1 }
    END {
        for (k in keys) {
            m = n[k]; med[k] = (m % 2) ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
            split(k, p, " "); cases[p[1]] = 1
        }
        for (c = 1; c in cases; ++c) {
            s = 0; line = ""
            for (core = 0; core <= 1; ++core) {
                A = med[c " " core " A"]; B = med[c " " core " B"]
                r = (A > 0) ? B / A : 0; s += r
                line = line sprintf("core %d: A %g, B %g, B/A %.3f; ", core, A, B, r)
            }
            printf "case %d: %smean B/A %.3f\n", c, line, s / 2
        }
    }'
