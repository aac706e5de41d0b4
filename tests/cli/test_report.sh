#!/usr/bin/env bash
# saffron report (docs/report.md) on the files a user meets:
# - the quickstart campaign, alone and against reference tables (the same
#   campaign run with another seed, exported in the ICRP 133 layout): the
#   page is well-formed, has its seven sections in order, loads nothing,
#   and every inline picture decodes and is not blank;
# - a campaign read while its run writes it, and after a kill -9 with some
#   tasks done: the page says which, and shows what is there (its dose
#   maps among it);
# - a file with no task done, a shard's file;
# - a text file, an HDF5 file of another program, a missing file and bad
#   usage: one error line and a non-zero exit, never a crash.
source "$(dirname "$0")/common.sh"
source "$here/report_quickstart.sh"
check() { "$PY" "$here/report_check.py" page "$@" || fail "page check: $1"; }

# --- the quickstart campaign ------------------------------------------------------
quickstart_campaign quickstart.h5
"$bin" report quickstart.h5 > out.txt || fail "report: $(cat out.txt)"
grep -q "^wrote quickstart.html" out.txt || fail "output line: $(cat out.txt)"
check quickstart.html --min-figures 9 --expect "campaign quickstart" \
  --expect "builtin:stylized" --expect "Kidneys, photon" \
  --expect "Lungs, electron" --expect "Relative uncertainty, electron" \
  --expect "complete" --expect "no finished dose map"
size=$(stat -c %s quickstart.html)
[ "$size" -lt 1000000 ] || fail "quickstart.html is $size bytes"
ok

# --- against references -------------------------------------------------------------
quickstart_campaign ref.h5 7
"$bin" export ref.h5 --format icrp133 --out ref > /dev/null || fail "export"
"$bin" report quickstart.h5 -o with_ref.html --reference ref_photon.SAF \
  ref_electron.SAF > out.txt || fail "report --reference: $(cat out.txt)"
check with_ref.html --min-figures 9 --expect "ref_photon.SAF" \
  --expect "saffron / reference" --expect "pairs compared" --expect "Worst pairs"
# the stylized phantom has no blood masses: icrp133 stays voxel, and says so
"$bin" report quickstart.h5 -o conv.html --convention icrp133 > out.txt ||
  fail "report --convention: $(cat out.txt)"
check conv.html --expect "records no blood-inclusive masses"
ok

# --- a live run, then killed with some tasks done ----------------------------------------
cat > partial.yaml <<'YAML'
name: partial
seed: 5
phantom: builtin:stylized:1.2
sources: [Liver, Kidneys, Lungs, Brain]
targets: all
particles: [photon]
energies_MeV: [0.03, 0.1, 0.3, 1.0, 3.0]
histories: 2e5
chunk_histories: 1e4
dose_maps: [Liver]
YAML
"$bin" run partial.yaml -o partial.h5 --quiet --threads 1 &
run_pid=$!
done_tasks() {
  "$bin" status partial.h5 2>/dev/null | sed -n 's/.*tasks: \([0-9]*\) done.*/\1/p'
}
for _ in $(seq 600); do
  n=$(done_tasks); [ "${n:-0}" -ge 3 ] && break; sleep 0.1
done
[ "${n:-0}" -ge 3 ] || fail "the partial campaign did no task"
"$bin" report partial.h5 -o live.html > out.txt || fail "report of a live run"
kill -9 $run_pid; wait $run_pid 2>/dev/null
n=$(done_tasks)
[ "$n" -lt 20 ] || fail "the campaign ended before the kill"
check live.html --expect "being written by a live run"
"$bin" report partial.h5 -o killed.html > out.txt || fail "report of a killed run"
# one worker does the tasks in order: the first are the Liver's, with maps
check killed.html --expect "the run was killed" --expect "of 20 tasks are done" \
  --expect "--resume" --expect "Liver source, photon" --expect "region boundaries"
echo "killed after $n of 20 tasks"
ok

# --- no task done; a shard's file ------------------------------------------------------
sed -e 's/^name: .*/name: empty/' -e 's/^histories: .*/histories: 1e7/' \
    -e 's/^chunk_histories: .*/chunk_histories: 1e7/' partial.yaml > empty.yaml
"$bin" run empty.yaml -o empty.h5 --quiet --threads 1 &
run_pid=$!
for _ in $(seq 300); do "$bin" status empty.h5 > /dev/null 2>&1 && break; sleep 0.1; done
kill -9 $run_pid; wait $run_pid 2>/dev/null
"$bin" report empty.h5 > out.txt || fail "report of an empty file: $(cat out.txt)"
check empty.html --expect "No task is done yet" --expect "no values yet"
sed -e 's/^name: .*/name: shards/' -e 's/^histories: .*/histories: 2e3/' \
    -e 's/^energies_MeV: .*/energies_MeV: [0.1, 1.0]/' \
    -e 's/^dose_maps: .*/dose_maps: none/' partial.yaml > shards.yaml
"$bin" run shards.yaml --shard 1/2 -o shard1.h5 --quiet || fail "shard run"
"$bin" report shard1.h5 > out.txt || fail "report of a shard: $(cat out.txt)"
check shard1.html --expect "shard 1 of 2" --expect "saffron merge"
ok

# --- not a results file, bad usage ---------------------------------------------------------
expect_error() { # STATUS PATTERN ARGS...: one line on stderr, that status
  local want=$1 pattern=$2; shift 2
  "$bin" report "$@" > out.txt 2> err.txt
  local rc=$?
  [ "$rc" -eq "$want" ] || fail "report $*: exit $rc, expected $want"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "report $*: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "report $*: $(cat err.txt)"
  [ ! -e "${1%.*}.html" ] || [ "$1" = quickstart.h5 ] ||
    fail "report $*: left ${1%.*}.html"
}
echo "not HDF5 at all" > text.h5
expect_error 1 "text.h5: missing or not an HDF5 file" text.h5
"$PY" -c "import h5py; h5py.File('other.h5', 'w')['x'] = [1, 2, 3]"
expect_error 1 "other.h5: not a saffron results file" other.h5
expect_error 1 "missing.h5: missing or not an HDF5 file" missing.h5
expect_error 1 "cannot be written (No such file or directory)" quickstart.h5 -o no/such/dir/q.html
expect_error 1 "nothing.SAF" quickstart.h5 --reference nothing.SAF
expect_error 1 "would replace the results file" quickstart.h5 -o ./quickstart.h5
"$PY" -c "import h5py; h5py.File('quickstart.h5', 'r')" || fail "quickstart.h5 damaged"
expect_error 2 "usage error" quickstart.h5 --bogus
expect_error 2 "needs OUT.h5" --reference ref_photon.SAF
expect_error 2 "expected icrp133 or voxel" quickstart.h5 --convention blood
ok

echo "report: $passed checks passed"
