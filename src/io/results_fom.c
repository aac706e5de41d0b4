/* /tasks_fom of a results file: per task the figure of merit
 * 1 / (rel_unc^2 x CPU s) for the source region itself and for the
 * smallest target that received energy (results/fom.h), written with the
 * task's row of /tasks at every commit and, like its cpu_seconds,
 * timing-dependent (docs/results-format.md). */
#include "io/results_internal.h"

#include <math.h>
#include <stdlib.h>

#include "io/h5_attr.h"

hid_t sf_rfile_fom_row_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sf_fom));
    H5Tinsert(t, "fom_self", HOFFSET(sf_fom, self), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "fom_smallest_target", HOFFSET(sf_fom, smallest),
              H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "self_target", HOFFSET(sf_fom, self_target),
              H5T_NATIVE_INT32);
    H5Tinsert(t, "smallest_target", HOFFSET(sf_fom, smallest_target),
              H5T_NATIVE_INT32);
    return t;
}

int32_t *sf_rfile_self_targets(const sf_task_plan *plan)
{
    int32_t *self = malloc((plan->n_sources ? plan->n_sources : 1) *
                           sizeof *self);
    for (size_t s = 0; self && s < plan->n_sources; ++s) {
        self[s] = -1;
        for (size_t k = 0; k < plan->n_targets && self[s] < 0; ++k)
            if (sf_label_set_same(&plan->sources[s], &plan->targets[k]))
                self[s] = (int32_t)k;
    }
    return self;
}

void sf_rfile_fill_fom_row(const sf_results *r, uint32_t task,
                           const sf_task_progress *p, const sf_tally *t,
                           sf_fom *out)
{
    size_t n = r->n_targets;
    double *rel = r->fom_buffer, *mean = rel + n, *mass = mean + n;
    for (size_t i = 0; i < n; ++i) {
        sf_tally_target_mean(t, (int)i, &mean[i], &rel[i]);
        mass[i] = r->plan->targets[i].mass_kg;
    }
    sf_fom_of_task(rel, mean, mass, n,
                   r->self_target[r->plan->tasks[task].source],
                   p->cpu_seconds, out);
}

int sf_rfile_fom_row_io(sf_results *r, uint32_t task, sf_fom *row, int write)
{
    return sf_rfile_table_row_io(r->fom, sf_rfile_fom_row_type, task, row,
                                 write);
}

int sf_rfile_create_fom(sf_results *r)
{
    size_t n = r->plan->n_tasks;
    sf_fom none = {NAN, NAN, -1, -1};
    sf_fom *rows = malloc((n ? n : 1) * sizeof *rows);
    hid_t type = sf_rfile_fom_row_type();
    hsize_t dims[1] = {n};
    r->fom = rows ? sf_rfile_create_dataset(r->file, "tasks_fom", type, 1,
                                            dims, &none)
                  : -1;
    for (size_t t = 0; rows && t < n; ++t)
        rows[t] = (sf_fom){NAN, NAN,
                           r->self_target[r->plan->tasks[t].source], -1};
    int bad = r->fom < 0 ||
              (n > 0 && H5Dwrite(r->fom, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                 rows) < 0) ||
              sf_h5_attr_string(r->fom, "units", "s^-1") != 0 ||
              sf_h5_attr_string(r->fom, "definition",
                                "1 / (rel_unc^2 x cpu_seconds) per task of "
                                "/tasks, rel_unc the relative 1-sigma "
                                "uncertainty of the SAF (/saf_rel_unc) for "
                                "target self_target (the source region) or "
                                "smallest_target (the least mass with a "
                                "nonzero score); NaN when undefined; "
                                "timing-dependent, not reproducible bit for "
                                "bit (docs/results-format.md)") != 0;
    H5Tclose(type);
    free(rows);
    return bad ? -1 : 0;
}
