# Byte-for-byte comparison of results files (sourced by the MPI, shard and
# Slurm tests). The result datasets are those docs/results-format.md lists.
PY=/usr/bin/python3

# same_results A.h5 B.h5: /saf, /saf_rel_unc, /absorbed_fraction byte-equal
same_results() {
  "$PY" - "$1" "$2" <<'PYEOF'
import sys, h5py
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
for name in ("saf", "saf_rel_unc", "absorbed_fraction"):
    x, y = a[name][()], b[name][()]
    if x.shape != y.shape or x.tobytes() != y.tobytes():
        sys.exit(f"{name} differs between {sys.argv[1]} and {sys.argv[2]}")
PYEOF
}

# same_task_rows A.h5 B.h5: every column of /tasks but cpu_seconds, and the
# dimension datasets, byte-equal
same_task_rows() {
  "$PY" - "$1" "$2" <<'PYEOF'
import sys, h5py
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
for name in ("sources", "particles", "energies_MeV", "targets",
             "source_mass_kg", "target_mass_kg", "source_labels",
             "target_labels", "source_mass_blood_kg", "target_mass_blood_kg",
             "label_mass_kg"):
    if a[name][()].tobytes() != b[name][()].tobytes():
        sys.exit(f"/{name} differs between {sys.argv[1]} and {sys.argv[2]}")
x, y = a["tasks"][()], b["tasks"][()]
for col in x.dtype.names:
    if col != "cpu_seconds" and x[col].tobytes() != y[col].tobytes():
        sys.exit(f"/tasks column {col} differs between {sys.argv[1]} and {sys.argv[2]}")
PYEOF
}
