#!/usr/bin/env bash
# Full disks: on a small tmpfs (mounted here, so the test needs mount
# rights, as root in CI; it is skipped without), a run whose writes fail
# stops with one clear error line and a non-zero status. Too small for
# OUT.h5: nothing is left behind. Just large enough for OUT.h5 and its lock
# file: the first finished dose map cannot be written; OUT.h5 keeps its
# last durable state (read by `saffron status`), and --resume once the
# file system is grown finishes to the same bytes as an undisturbed run.
# saffron takes the room a file needs before HDF5 writes it
# (posix_fallocate), so these are refusals with nothing half-written.
# (A file size limit, ulimit -f, cannot stand in for the small file system:
# Open MPI itself fails under one that OUT.h5 would exceed.)
source "$(dirname "$0")/common.sh"
m="$work/m.yaml"
cat > "$m" <<'YAML'
name: disk-full
seed: 5
phantom: builtin:stylized:1.0
sources: [Liver, Kidneys]
targets: all
particles: [photon]
energies_MeV: [0.1, 1.0]
histories: 2e5
chunk_histories: 1e4
dose_maps: [Liver]
mode: kerma
YAML
run 2 1 "$m" "$work/ref.h5"
size=$(stat -c %s "$work/ref.h5")

# write_error LOG OUT: the run failed with one error line naming OUT, and
# OUT is still read by saffron status.
write_error() {
  local log=$1 out=$2
  grep "saffron: error:" "$log" > "$work/line" || true
  [ "$(wc -l < "$work/line")" -eq 1 ] || fail "expected one error line: $(cat "$log")"
  grep -q "$out" "$work/line" || fail "error does not name $out: $(cat "$work/line")"
  cat "$work/line"
  if [ -e "$out" ]; then
    "$SAFFRON_BIN" status "$out" > /dev/null || fail "$out unreadable after the write error"
  fi
}

disk="$work/disk"
mkdir "$disk"
if ! mount -t tmpfs -o size=$((size / 2048))k tmpfs "$disk" 2> /dev/null; then
  echo "skipped: cannot mount a tmpfs here (needs root)"
  exit 77
fi
trap 'umount "$disk" 2> /dev/null; rm -rf "$work"' EXIT
out="$disk/out.h5"
if "$SAFFRON_BIN" run "$m" -o "$out" --quiet 2> "$work/log"; then
  fail "run on a file system smaller than its output succeeded"
fi
write_error "$work/log" "$out"
grep -q "No space left on device" "$work/line" || fail "the error does not say why: $(cat "$work/line")"
[ -z "$(ls -A "$disk")" ] || fail "a failed start left files: $(ls -A "$disk")"

# Room for OUT.h5 as saffron reserves it (its size + 5 % + 1 MiB) and the
# lock file, not for the dose map's reservation (32 bytes a voxel).
pages=$(( (size * 106 / 100 + 1200 * 1024) / 4096 + 1 ))
mount -o remount,size=$((pages * 4))k "$disk"
if mpirun -np 2 --bind-to none "$SAFFRON_BIN" run "$m" -o "$out" --quiet > "$work/log" 2>&1; then
  fail "run on a full file system succeeded"
fi
write_error "$work/log" "$out"
grep -q "No space left on device" "$work/line" || fail "the error does not say why: $(cat "$work/line")"
mount -o remount,size=64m "$disk"
run 2 1 "$m" "$out" --resume
same_all "$work/ref.h5" "$out" || fail "resumed after the full disk differs"
echo "1 passed, 0 failed"
