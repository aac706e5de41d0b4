#!/usr/bin/env bash
# Two runs on one output: while a run is live, a second `saffron run -o
# OUT.h5`, with or without --resume, alone or under mpirun, is refused with
# one line naming the live run's host and pid, and OUT.h5 ends exactly as
# an undisturbed run's. A stale lock left by a killed run does not block
# --resume.
source "$(dirname "$0")/common.sh"
m="$work/m.yaml"
small_manifest "$m"
sed -i 's/histories: 6e4/histories: 2.5e5/' "$m"
run 2 1 "$m" "$work/ref.h5"

out="$work/out.h5"
setsid mpirun -np 2 --bind-to none "$SAFFRON_BIN" run "$m" -o "$out" \
  --threads 1 --quiet > "$work/first.log" 2>&1 &
first=$!
for _ in $(seq 200); do [ -e "$out" ] && break; sleep 0.05; done
[ -e "$out" ] || fail "the first run did not create $out"
holder=$(sed -n 's/^host \([^ ]*\) pid \([0-9]*\).*/\1 \2/p' "$out.lock")
host=${holder% *} pid=${holder#* }
[ "$host" = "$(hostname)" ] || fail "lock names host '$host', expected $(hostname)"
ps -p "$pid" -o args= | grep -q "saffron run" || fail "lock pid $pid is not the run"

# refused ARGS...: the second run fails with one error line naming the
# first run's host and pid.
refused() {
  local rc=0
  "$@" > "$work/second.out" 2> "$work/second.err" || rc=$?
  [ "$rc" -ne 0 ] || fail "second run accepted: $*"
  grep "saffron: error:" "$work/second.err" > "$work/second.line" || true
  [ "$(wc -l < "$work/second.line")" -eq 1 ] || fail "expected one error line: $(cat "$work/second.err")"
  grep -q "another saffron run is writing it (host $host, pid $pid" "$work/second.line" \
    || fail "unclear refusal: $(cat "$work/second.line")"
}
# The first run is held stopped (still alive, still holding its lock)
# while the others try, so that the test does not depend on how fast the
# machine finishes it: mpirun's process group and its ranks, which live in
# process groups of their own (common.sh), all matched by their "-o OUT".
kill -STOP -- "-$first"
pkill -STOP -f -- "-o $out" 2> /dev/null || true
refused "$SAFFRON_BIN" run "$m" -o "$out" --quiet
refused "$SAFFRON_BIN" run "$m" -o "$out" --quiet --resume
refused mpirun -np 2 --bind-to none "$SAFFRON_BIN" run "$m" -o "$out" --quiet --resume
kill -0 "$first" 2> /dev/null || fail "the first run ended before the second tries"
pkill -CONT -f -- "-o $out" 2> /dev/null || true
kill -CONT -- "-$first"
cat "$work/second.line"
wait "$first" || fail "the first run failed: $(cat "$work/first.log")"
[ ! -e "$out.lock" ] || fail "the lock outlived the run"
same_all "$work/ref.h5" "$out" || fail "output differs after the refused runs"

# A killed run leaves its lock file behind; it is stale and --resume goes on.
stale="$work/stale.h5"
setsid mpirun -np 2 --bind-to none "$SAFFRON_BIN" run "$m" -o "$stale" \
  --threads 1 --quiet > /dev/null 2>&1 &
killed=$!
for _ in $(seq 200); do [ -e "$stale.lock" ] && break; sleep 0.05; done
[ -e "$stale.lock" ] || fail "the run to be killed took no lock"
# Killed soon after it took its lock, ranks first (a node failure): a
# fixed later moment raced the end of the run on a fast machine.
sleep 0.3
pkill -9 -f -- "-o $stale" 2> /dev/null || true
kill -9 -- "-$killed" 2> /dev/null || true
wait "$killed" 2> /dev/null || true
wait_orphans "$stale"
[ -e "$stale.lock" ] || fail "no lock file left by the killed run"
"$SAFFRON_BIN" status "$stale" | grep -q "no live run holds it" || fail "status: $("$SAFFRON_BIN" status "$stale")"
run 2 1 "$m" "$stale" --resume || fail "stale lock blocked --resume"
same_all "$work/ref.h5" "$stale" || fail "resumed after a stale lock differs"
echo "1 passed, 0 failed"
