#!/usr/bin/env bash
# saffron plan: a calibrated cost estimate, the shard split that `run
# --shard` uses, batch scripts written from the jobs/ templates, and
# one-line errors.
set -u
bin=${SAFFRON_BIN:?SAFFRON_BIN must name the saffron binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$tmp"
cat > m.yaml <<'YAML'
name: plan-test
seed: 3
phantom: builtin:stylized:1.0
sources: [Liver, Kidneys, Lungs]
particles: [photon, electron]
energies_MeV: [0.05, 0.2, 1.0]
histories: 1e5
mode: kerma
YAML
"$bin" plan m.yaml --shards 4 --calibration-tasks 4 --calibration-seconds 0.1 \
  --cores-per-shard 2 --throttle 3 --nodes 2 --ranks-per-node 2 --cores-per-rank 4 \
  --write-sbatch . > out.txt 2> err.txt || fail "plan failed: $(cat err.txt)"
cat out.txt
grep -q "18 tasks" out.txt || fail "task count"
grep -Eq "^estimate: [0-9.e+-]+ core-hours for 1.8e\+06 histories \(photon [0-9.e+-]+, electron [0-9.e+-]+\)" out.txt \
  || fail "no cost estimate"
[ "$(grep -c 'core-us per history' out.txt)" -eq 4 ] || fail "4 calibration tasks expected"
# Where the cost is: the split by decade of source energy adds up to each
# particle's total (both printed to 3 digits), the decades in order.
python3 - out.txt <<'PY' || fail "cost by energy decade: $(grep -A1 '^estimate:' out.txt)"
import math, re, sys
text = open(sys.argv[1]).read()
total = dict(re.findall(r"(photon|electron) ([0-9.e+-]+)", re.search(r"^estimate: .*\((.*)\)$", text, re.M).group(1)))
line = re.search(r"^  by source energy, core-hours: (.*)$", text, re.M).group(1)
for part in line.split(";"):
    name, rest = part.strip().split(":", 1)
    bands = re.findall(r"(< 0.01|[0-9.]+-[0-9.]+|>= 10) MeV ([0-9.e+-]+)", rest)
    order = ["< 0.01", "0.01-0.1", "0.1-1", "1-10", ">= 10"]
    assert [b for b, _ in bands] == [o for o in order if o in dict(bands)], bands
    got, want = sum(float(v) for _, v in bands), float(total[name])
    # Each figure is printed to 3 significant digits: the sum may miss the
    # total by the half-units of the last digit of every figure involved.
    half = lambda x: 0.5 * 10 ** (math.floor(math.log10(abs(x))) - 2) if x else 0
    slack = sum(half(float(v)) for _, v in bands) + half(want)
    assert abs(got - want) <= slack * (1 + 1e-9), (name, got, want, slack)
    assert len(bands) == 3, (name, bands)  # 0.05, 0.2 and 1.0 MeV
PY
grep -q "2 nodes x 2 ranks x 4 cores = 16 cores" out.txt || fail "MPI allocation"
grep -Eq "request --time=[0-9]+:[0-9]{2}:00 --array=0-3%3" out.txt || fail "array request"
# The split printed is the one `run --shard` runs.
for s in 0 1 2 3; do
  want=$("$bin" run m.yaml --shard "$s/4" --dry-run | grep -c "^  - {id:")
  got=$(awk -v s="$s" '$1 == s && NF == 4 {print $2}' out.txt)
  [ "$want" = "$got" ] || fail "shard $s: plan says $got tasks, run --shard has $want"
done
# The scripts are the templates with the plan's values.
for f in plan-test-mpi.sbatch plan-test-array.sbatch; do
  [ -x "$f" ] || fail "$f not written"
  bash -n "$f" || fail "$f is not valid shell"
done
grep -q "^#SBATCH --nodes=2 " plan-test-mpi.sbatch || fail "mpi --nodes"
grep -q "^#SBATCH --ntasks-per-node=2 " plan-test-mpi.sbatch || fail "mpi --ntasks-per-node"
grep -q "^#SBATCH --cpus-per-task=4 " plan-test-mpi.sbatch || fail "mpi --cpus-per-task"
grep -q "^#SBATCH --array=0-3%3 " plan-test-array.sbatch || fail "--array"
grep -q "^#SBATCH --cpus-per-task=2 " plan-test-array.sbatch || fail "array --cpus-per-task"
grep -q "^: \"\${SHARDS:=4}\"" plan-test-array.sbatch || fail "SHARDS"
grep -q "^: \"\${MANIFEST:=$tmp/m.yaml}\"" plan-test-array.sbatch || fail "MANIFEST not absolute"
grep -q "^#SBATCH --signal=B:USR1@90" plan-test-array.sbatch || fail "template lines kept"
# Not overwritten; errors are one line.
if "$bin" plan m.yaml --calibration-seconds 0.05 --write-sbatch . > /dev/null 2> err.txt; then
  fail "an existing script was overwritten"
fi
grep -q "plan-test-mpi.sbatch: cannot create (File exists); it is not overwritten" err.txt \
  || fail "unclear refusal: $(cat err.txt)"
"$bin" plan m.yaml --shards 19 > /dev/null 2> err.txt && fail "--shards 19 accepted"
grep -q "shards 19: the campaign has only 18 tasks" err.txt || fail "$(cat err.txt)"
"$bin" plan m.yaml --shards 0 > /dev/null 2> err.txt && fail "--shards 0 accepted"
[ "$(wc -l < err.txt)" -eq 1 ] || fail "error not one line: $(cat err.txt)"
"$bin" run m.yaml --shard 4/4 -o x.h5 > /dev/null 2> err.txt && fail "--shard 4/4 accepted"
grep -q "shard index 4 is not below the shard count 4" err.txt || fail "$(cat err.txt)"
"$bin" run m.yaml --shard 2 -o x.h5 > /dev/null 2> err.txt && fail "--shard 2 accepted"
grep -q "'2' is not of the form i/N" err.txt || fail "$(cat err.txt)"
# A cross-fire precision rule: priced, and its watched pairs accounted for
# (within reach + beyond the cap + unscored = watched pairs, per particle).
sed -e 's/^histories: 1e5/precision: {relative: 0.02, on: self, max_histories: 1e7, cross_fire: 0.05, cross_fire_min_mass_kg: 0.1}/' \
    -e 's/^name: plan-test/name: plan-cf/' m.yaml > cf.yaml
"$bin" plan cf.yaml --calibration-tasks 4 --calibration-seconds 0.1 > cf.txt 2> err.txt \
  || fail "plan with a cross-fire rule: $(cat err.txt)"
grep -q "^cross-fire rule: 5 % on targets of 0.1 kg and more, at most 1e+07 histories" cf.txt \
  || fail "no cross-fire line: $(cat cf.txt)"
for p in photon electron; do
  line=$(grep "^  $p: " cf.txt) || fail "no $p pairs line"
  echo "$line" | awk '{gsub(/[,:;]/, " "); n = $4; if ($6 + $9 + $13 != n || n <= 0) exit 1}' \
    || fail "pairs do not add up: $line"
done
echo "1 passed, 0 failed"
