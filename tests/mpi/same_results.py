#!/usr/bin/env python3
"""same_results.py A.h5 B.h5: exits 0 when the two results files of one
manifest hold the same results byte for byte; otherwise names each
dataset that differs and exits 1. Prints the count of differing bytes.

Compared: every dataset at the root (SAF tables, dimension scales, masses),
the task table without its CPU times, the targets /tasks_fom names, the
newest task-state slot of every task without its CPU time and checksum,
and every dose map reached through /dose_maps (all datasets and
attributes). Not compared: what depends on the
clock or on the order in which chunks finished (run times, CPU seconds,
the figures of merit of /tasks_fom, which are computed from them, the
older slot of each pair, attributes such as start_time and ranks)."""
import sys

import h5py
import numpy as np

W_SEQ, W_CPU = 0, 5
# Root datasets not compared whole: they record the run, not the result
# (/tasks and /tasks_fom are compared column by column below, without
# cpu_seconds and the figures of merit).
TIMING_DEPENDENT = ("tasks", "run_times_unix", "tasks_fom")


differing = {"bytes": 0, "datasets": 0, "compared": 0}


def fail(msg):
    sys.exit(f"{sys.argv[1]} and {sys.argv[2]}: {msg}")


def same_array(name, x, y):
    differing["compared"] += 1
    if x.dtype != y.dtype or x.shape != y.shape:
        fail(f"{name}: different type or shape")
    bx = np.frombuffer(x.tobytes(), dtype=np.uint8)
    by = np.frombuffer(y.tobytes(), dtype=np.uint8)
    n = int(np.count_nonzero(bx != by))
    if n:
        print(f"{name}: {n} bytes differ")
        differing["bytes"] += n
        differing["datasets"] += 1


def newest_slots(f):
    slots = f["state/task_slots"][()]
    rows = []
    for task in slots:
        best = task[0] if task[0][W_SEQ] >= task[1][W_SEQ] else task[1]
        best = best.copy()
        best[W_CPU] = 0
        rows.append(best[:-1])
    return np.array(rows)


def compare_maps(a, b):
    if "dose_maps" not in a:
        return 0
    names = sorted(a["dose_maps"].keys())
    if names != sorted(b["dose_maps"].keys()):
        fail("different dose-map links")
    for name in names:
        x, y = a["dose_maps"][name], b["dose_maps"][name]
        if sorted(x.keys()) != sorted(y.keys()):
            fail(f"dose map {name}: different datasets")
        for d in x.keys():
            same_array(f"dose map {name}/{d}", x[d][()], y[d][()])
        for k in x.attrs.keys():
            same_array(f"dose map {name} attribute {k}",
                       np.asarray(x.attrs[k]), np.asarray(y.attrs[k]))
    return len(names)


def main():
    a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
    for name, obj in a.items():
        if isinstance(obj, h5py.Dataset) and name not in TIMING_DEPENDENT:
            same_array(name, obj[()], b[name][()])
    ta, tb = a["tasks"][()], b["tasks"][()]
    for field in ta.dtype.names:
        if field != "cpu_seconds":
            same_array(f"tasks.{field}", ta[field], tb[field])
    if "tasks_fom" in a and "tasks_fom" in b:   # which targets, not the FOMs
        fa, fb = a["tasks_fom"][()], b["tasks_fom"][()]
        for field in ("self_target", "smallest_target"):
            same_array(f"tasks_fom.{field}", fa[field], fb[field])
    same_array("newest task states", newest_slots(a), newest_slots(b))
    maps = compare_maps(a, b)
    print(f"{differing['bytes']} bytes differ in {differing['datasets']} of "
          f"{differing['compared']} datasets ({len(ta)} tasks, {maps} dose maps)")
    sys.exit(1 if differing["bytes"] else 0)


main()
