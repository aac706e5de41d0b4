/* Checks of a results file against its own state and its manifest, for
 * `saffron verify` (results.h). */
#include "io/h5_dataset.h"
#include "io/results_internal.h"
#include "io/results_regions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sf_results_newest_slot_valid(sf_results *r, uint32_t task)
{
    uint64_t seq[2] = {0, 0};
    int valid[2] = {0, 0};
    for (int slot = 0; slot < 2; ++slot) {
        uint64_t *w = r->slot_buffer;
        if (sf_rfile_slot_io(r, task, slot, w, 0) != 0)
            return 0;
        seq[slot] = w[W_SEQ];
        valid[slot] = sf_results_slot_checksum(w, r->slot_words - 1) == w[r->slot_words - 1];
    }
    int newest = seq[1] > seq[0];
    return seq[newest] == 0 || valid[newest];
}

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Names the first field of two /tasks rows that differs, or returns NULL. */
static const char *task_row_diff(const task_row *a, const task_row *b,
                                 double *x, double *y)
{
    *x = *y = 0;
#define SF_CMP_INT(f) if (a->f != b->f) { *x = (double)a->f; *y = (double)b->f; return #f; }
#define SF_CMP_DBL(f) if (!same_double(a->f, b->f)) { *x = a->f; *y = b->f; return #f; }
    SF_CMP_INT(task_id) SF_CMP_INT(source) SF_CMP_INT(particle)
    SF_CMP_INT(energy_index) SF_CMP_DBL(energy_MeV)
    SF_CMP_INT(histories_planned) SF_CMP_INT(histories_done)
    SF_CMP_INT(chunks_done) SF_CMP_INT(state) SF_CMP_DBL(cpu_seconds)
    for (int c = 0; c < SF_N_ENERGY; ++c)
        if (!same_double(a->energy_MeV_cat[c], b->energy_MeV_cat[c])) {
            *x = a->energy_MeV_cat[c];
            *y = b->energy_MeV_cat[c];
            return sf_rfile_energy_names[c];
        }
    SF_CMP_DBL(balance_rel_error)
#undef SF_CMP_INT
#undef SF_CMP_DBL
    return NULL;
}

/* The row of /tasks_fom against what the task's state gives (a file older
 * than /tasks_fom has nothing to check). */
static sf_status check_fom_row(sf_results *r, uint32_t task,
                               const sf_task_progress *p,
                               const sf_tally *tally, char *diff, size_t n)
{
    if (r->fom < 0)
        return SF_OK;
    sf_fom want, have;
    memset(&have, 0, sizeof have);
    /* A task never committed has a cleared tally: that gives its initial
     * row (sf_rfile_create_fom). */
    sf_rfile_fill_fom_row(r, task, p, tally, &want);
    if (sf_rfile_fom_row_io(r, task, &have, 0) != 0)
        SF_FAIL(SF_ERR_HDF5, "%s: cannot read /tasks_fom row %u", r->path,
                task);
    static const char *const field[4] = {"fom_self", "fom_smallest_target",
                                         "self_target", "smallest_target"};
    double x[4] = {have.self, have.smallest, have.self_target,
                   have.smallest_target};
    double y[4] = {want.self, want.smallest, want.self_target,
                   want.smallest_target};
    for (int i = 0; i < 4; ++i)
        if (!same_double(x[i], y[i])) {
            snprintf(diff, n, "/tasks_fom[%u].%s is %.17g, its state gives "
                     "%.17g", task, field[i], x[i], y[i]);
            break;
        }
    return SF_OK;
}

static const char *const table_names[3] = {"saf", "saf_rel_unc",
                                           "absorbed_fraction"};

sf_status sf_results_check_task(sf_results *r, uint32_t task,
                                const sf_task_progress *p,
                                const sf_tally *tally, char *diff, size_t n)
{
    diff[0] = '\0';
    const sf_task *pt = &r->plan->tasks[task];
    task_row want, have;
    memset(&have, 0, sizeof have);
    sf_rfile_fill_task_row(r, task, p, tally, &want);
    if (sf_rfile_task_row_io(r, task, &have, 0) != 0)
        SF_FAIL(SF_ERR_HDF5, "%s: cannot read /tasks row %u", r->path, task);
    double x, y;
    const char *field = task_row_diff(&have, &want, &x, &y);
    if (field) {
        snprintf(diff, n, "/tasks[%u].%s is %.17g, its state gives %.17g",
                 task, field, x, y);
        return SF_OK;
    }
    SF_TRY(check_fom_row(r, task, p, tally, diff, n));
    if (diff[0])
        return SF_OK;
    if (r->shard || p->state != SF_TASK_DONE)
        return SF_OK;
    size_t nt = r->n_targets;
    double *rows = malloc(6 * (nt ? nt : 1) * sizeof *rows);
    if (!rows)
        SF_FAIL(SF_ERR_NOMEM, "out of memory");
    double *stored = rows + 3 * nt;
    sf_rfile_fill_saf_rows(r, tally, rows);
    sf_status st = SF_OK;
    if (sf_rfile_saf_rows_io(r, task, stored, 0) != 0)
        st = sf_error_set(SF_ERR_HDF5, "%s: cannot read the SAF rows of task "
                          "%u", r->path, task);
    for (size_t i = 0; st == SF_OK && i < 3 * nt; ++i)
        if (!same_double(stored[i], rows[i])) {
            snprintf(diff, n, "/%s[%s, %s, %.6g MeV, %s] is %.17g, the task's "
                     "tally gives %.17g", table_names[i / nt],
                     r->plan->sources[pt->source].name,
                     sf_manifest_particle_name(pt->particle), pt->energy_MeV,
                     r->plan->targets[i % nt].name, stored[i], rows[i]);
            break;
        }
    free(rows);
    return st;
}

static void check_sets(sf_results *r, const char *name,
                       const sf_label_set *sets, size_t n, char *diff,
                       size_t len)
{
    name_row *want = sf_rfile_label_set_rows(sets, n);
    name_row *have = calloc(n ? n : 1, sizeof *have);
    hid_t t = sf_rfile_name_row_type();
    if (!want || !have || sf_h5_read_1d(r->file, name, t, n, have) != 0)
        snprintf(diff, len, "/%s cannot be read as %zu regions", name, n);
    for (size_t i = 0; !diff[0] && i < n; ++i)
        if (want[i].id != have[i].id || want[i].n_labels != have[i].n_labels ||
            strncmp(want[i].name, have[i].name, NAME_LEN) != 0)
            snprintf(diff, len, "/%s[%zu] is '%.*s' (id %d, %d labels), the "
                     "manifest and phantom give '%s' (id %d, %d labels)", name,
                     i, NAME_LEN, have[i].name, have[i].id, have[i].n_labels,
                     want[i].name, want[i].id, want[i].n_labels);
    H5Tclose(t);
    free(want);
    free(have);
}

static void check_doubles(sf_results *r, const char *name, const double *want,
                          size_t n, char *diff, size_t len)
{
    double *have = calloc(n ? n : 1, sizeof *have);
    if (!have || sf_h5_read_1d(r->file, name, H5T_NATIVE_DOUBLE, n, have) != 0)
        snprintf(diff, len, "/%s cannot be read as %zu numbers", name, n);
    for (size_t i = 0; !diff[0] && i < n; ++i)
        if (!same_double(have[i], want[i]))
            snprintf(diff, len, "/%s[%zu] is %.17g, the manifest and phantom "
                     "give %.17g", name, i, have[i], want[i]);
    free(have);
}

sf_status sf_results_check_dimensions(sf_results *r, char *diff, size_t n)
{
    const sf_task_plan *p = r->plan;
    diff[0] = '\0';
    check_sets(r, "sources", p->sources, p->n_sources, diff, n);
    if (!diff[0])
        check_sets(r, "targets", p->targets, p->n_targets, diff, n);
    if (!diff[0])
        check_doubles(r, "energies_MeV", r->m->energies_MeV,
                      r->m->n_energies, diff, n);
    size_t most = p->n_sources > p->n_targets ? p->n_sources : p->n_targets;
    double *mass = malloc((most ? most : 1) * sizeof *mass);
    if (!mass)
        SF_FAIL(SF_ERR_NOMEM, "out of memory");
    for (size_t i = 0; !diff[0] && i < p->n_targets; ++i)
        mass[i] = p->targets[i].mass_kg;
    if (!diff[0])
        check_doubles(r, "target_mass_kg", mass, p->n_targets, diff, n);
    for (size_t i = 0; !diff[0] && i < p->n_sources; ++i)
        mass[i] = p->sources[i].mass_kg;
    if (!diff[0])
        check_doubles(r, "source_mass_kg", mass, p->n_sources, diff, n);
    free(mass);
    if (!diff[0])
        sf_rfile_check_regions(r->file, p, NULL, diff, n);
    return SF_OK;
}
