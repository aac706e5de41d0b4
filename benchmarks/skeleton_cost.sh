#!/usr/bin/env bash
# What the skeletal targets (R-marrow and Endost-BS, docs/skeleton.md) add
# to a campaign's cost: the same AM campaign (liver and kidneys sources,
# targets: all, photons and electrons at 0.03, 0.1, 0.3, 1 and 3 MeV,
# coupled transport, one rank, one thread) with and without them
# (skeletal_targets: false).
#
# Instructions (default; valgrind's callgrind, 1e4 photon and 1e3 electron
# histories a task, about 2.5 min): deterministic, so a difference of a
# fraction of a percent shows, which this VM's timings (5-40 % run to run)
# cannot. Printed per run: the instructions of the transport
# (sf_campaign_run_chunk, every task), of the campaign set-up
# (sf_campaign_setup, once per rank: phantom, world, target maps) and of
# the skeletal tables within it (sf_skeletal_kerma_build).
# Time (MODE=time): ROUNDS alternating runs with 2e5 / 2e4 histories, the
# tasks' CPU seconds and the median ratio.
#
# Valgrind 3.19 cannot run AVX-512 code: for instructions on an AVX-512
# machine, give a build configured with -DSAFFRON_NATIVE=OFF.
#
# usage: [MODE=instructions|time] benchmarks/skeleton_cost.sh [BUILD [AM_DIR [ROUNDS]]]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
am=${2:-$here/../../shared/data/icrp110/AM}
rounds=${3:-3}
mode=${MODE:-instructions}
am=$(cd "$am" 2>/dev/null && pwd) || { echo "skeleton_cost.sh: no directory $am" >&2; exit 2; }
[ -f "$am/AM_spongiosa.dat" ] || { echo "skeleton_cost.sh: no ICRP 110 AM with spongiosa data at $am" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if [ "$mode" = time ]; then photons=2e5 electrons=2e4; else photons=1e4 electrons=1e3; fi
for k in with without; do
  cat > "$work/$k.yaml" <<YAML
name: skeleton-cost-$k
seed: 2501
phantom: $am
sources: [Liver, Kidneys]
regions:
  Kidneys: [89, 90, 91, 92, 93, 94]
targets: all
particles: [photon, electron]
energies_MeV: [0.03, 0.1, 0.3, 1.0, 3.0]
histories: $photons
particle_histories:
  electron: $electrons
$([ $k = without ] && echo "skeletal_targets: false")
YAML
done

if [ "$mode" = instructions ]; then
  for k in without with; do
    valgrind --tool=callgrind --callgrind-out-file="$work/$k.cg" \
      "$build/saffron" run "$work/$k.yaml" -o "$work/$k.h5" --threads 1 \
      --quiet 2> /dev/null
    callgrind_annotate --inclusive=yes "$work/$k.cg" > "$work/$k.txt"
  done
  /usr/bin/python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
def ir(k, fn):
    for line in open(f"{work}/{k}.txt"):
        m = re.match(r"\s*([\d,]+) .*:%s \[" % fn, line)
        if m:
            return int(m.group(1).replace(",", ""))
    return 0
run = {k: ir(k, "sf_campaign_run_chunk") for k in ("without", "with")}
setup = {k: ir(k, "sf_campaign_setup") for k in ("without", "with")}
tables = ir("with", "sf_skeletal_kerma_build")
for k in ("without", "with"):
    print('{"skeletal_targets": "%s", "transport_Ir": %d, "setup_Ir": %d}' % (k, run[k], setup[k]))
print('{"transport_ratio": %.4f, "setup_extra_Ir": %d, "skeletal_tables_Ir": %d}'
      % (run["with"] / run["without"], setup["with"] - setup["without"], tables))
PY
  exit 0
fi

cpu() {
  /usr/bin/python3 -c 'import h5py,sys; print("%.2f" % h5py.File(sys.argv[1],"r")["tasks"]["cpu_seconds"].sum())' "$1"
}
ratios=()
for r in $(seq 1 "$rounds"); do
  for k in without with; do
    rm -f "$work/$k.h5"
    "$build/saffron" run "$work/$k.yaml" -o "$work/$k.h5" --threads 1 --quiet
  done
  a=$(cpu "$work/without.h5") b=$(cpu "$work/with.h5")
  ratio=$(/usr/bin/python3 -c "print('%.3f' % ($b / $a))")
  ratios+=("$ratio")
  echo "{\"round\": $r, \"cpu_s_without\": $a, \"cpu_s_with\": $b, \"ratio\": $ratio}"
done
/usr/bin/python3 -c 'import statistics,sys; r=[float(x) for x in sys.argv[1:]]; print("{\"median_ratio\": %.3f, \"rounds\": %d}" % (statistics.median(r), len(r)))' "${ratios[@]}"
