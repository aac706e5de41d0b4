/* Reads a results file back (layout: docs/results-format.md). */
#include "io/results_read.h"

#include "io/h5_attr.h"
#include "io/h5_dataset.h"
#include "io/results_internal.h"
#include "io/results_regions.h"

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct region_row {
    int32_t id;
    int32_t n_labels;
    char name[SF_SAF_NAME_MAX];
} region_row;

/* A running campaign holds the file open for writing; its metadata never
 * changes during a run (io/results.h), so reading without HDF5's file lock
 * is safe. */
static hid_t open_readonly(const char *path)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_file_locking(fapl, 0, 1);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return f;
}

static sf_status open_results(const char *path, hid_t *f)
{
    *f = open_readonly(path);
    if (*f < 0)
        SF_FAIL(SF_ERR_IO, "%s: cannot be opened as an HDF5 file (missing, "
                "unreadable or not HDF5)", path);
    char format[64] = "";
    sf_h5_attr_read_string_buf(*f, "format", format, sizeof format);
    if (strcmp(format, SF_RESULTS_FORMAT) != 0) {
        H5Fclose(*f);
        SF_FAIL(SF_ERR_FORMAT, "%s: not a saffron results file (root "
                "attribute format is '%s', expected '%s')", path, format,
                SF_RESULTS_FORMAT);
    }
    return SF_OK;
}

/* Elements of a dataset of any rank, or -1. */
static long dataset_elements(hid_t f, const char *name)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0)
        return -1;
    hid_t s = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(s);
    H5Sclose(s);
    H5Dclose(d);
    return (long)n;
}

static int read_all(hid_t f, const char *name, hid_t type, void *buf)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    if (d < 0)
        return -1;
    int rc = H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0 ? -1 : 0;
    H5Dclose(d);
    return rc;
}

static int read_regions(hid_t f, int targets, sf_saf_region *out, size_t n)
{
    const char *name = targets ? "targets" : "sources";
    const char *mass_name = targets ? "target_mass_kg" : "source_mass_kg";
    if (n == 0)
        return 0;
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, SF_SAF_NAME_MAX);
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(region_row));
    H5Tinsert(t, "id", HOFFSET(region_row, id), H5T_NATIVE_INT32);
    H5Tinsert(t, "n_labels", HOFFSET(region_row, n_labels), H5T_NATIVE_INT32);
    H5Tinsert(t, "name", HOFFSET(region_row, name), str);
    region_row *rows = calloc(n, sizeof *rows);
    double *mass = calloc(n, sizeof *mass);
    int32_t *counts = calloc(n, sizeof *counts);
    int rc = (!rows || !mass || !counts || read_all(f, name, t, rows) != 0 ||
              read_all(f, mass_name, H5T_NATIVE_DOUBLE, mass) != 0) ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < n; ++i) {
        sf_saf_region_init(&out[i]);
        snprintf(out[i].name, sizeof out[i].name, "%s", rows[i].name);
        out[i].id = rows[i].id;
        out[i].mass_kg = mass[i];
        counts[i] = rows[i].n_labels;
    }
    if (rc == 0)
        rc = sf_rfile_read_regions(f, targets, counts, out, n);
    free(rows);
    free(mass);
    free(counts);
    H5Tclose(t);
    H5Tclose(str);
    return rc;
}

static int read_particles(hid_t f, size_t n,
                          char (*particles)[SF_SAF_PARTICLE_MAX])
{
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, SF_SAF_PARTICLE_MAX);
    int rc = n ? read_all(f, "particles", str, particles) : 0;
    H5Tclose(str);
    for (size_t i = 0; i < n; ++i)
        particles[i][SF_SAF_PARTICLE_MAX - 1] = '\0';
    return rc;
}

static void read_meta(hid_t f, sf_results_meta *m)
{
    memset(m, 0, sizeof *m);
    sf_h5_attr_read_string_buf(f, "campaign", m->campaign, sizeof m->campaign);
    sf_h5_attr_read_string_buf(f, "phantom", m->phantom, sizeof m->phantom);
    sf_h5_attr_read_string_buf(f, "manifest_file", m->manifest_file,
                           sizeof m->manifest_file);
    sf_h5_attr_read_string_buf(f, "status", m->status, sizeof m->status);
    sf_h5_attr_read_string_buf(f, "saffron_version", m->saffron_version,
                               sizeof m->saffron_version);
    sf_h5_attr_read_string_buf(f, "git_commit", m->git_commit,
                               sizeof m->git_commit);
    sf_h5_attr_read_string_buf(f, "start_time", m->start_time,
                               sizeof m->start_time);
    sf_h5_attr_read_string_buf(f, "end_time", m->end_time, sizeof m->end_time);
}

sf_status sf_results_load_saf(const char *path, sf_saf_table **out,
                              sf_results_meta *meta)
{
    *out = NULL;
    hid_t f;
    SF_TRY(open_results(path, &f));
    long ns = sf_h5_length_1d(f, "sources"), np = sf_h5_length_1d(f, "particles"),
         ne = sf_h5_length_1d(f, "energies_MeV"), nt = sf_h5_length_1d(f, "targets");
    sf_status st = SF_OK;
    sf_saf_table *t = NULL;
    if (ns < 0 || np < 0 || ne < 0 || nt < 0) {
        st = sf_error_set(SF_ERR_FORMAT, "%s: missing one of /sources, "
                          "/particles, /energies_MeV, /targets", path);
        goto done;
    }
    st = sf_saf_table_create((size_t)ns, (size_t)np, (size_t)ne, (size_t)nt, &t);
    if (st != SF_OK)
        goto done;
    size_t n = (size_t)(ns * np * ne * nt);
    int bad = read_regions(f, 0, t->sources, t->n_sources) ||
              read_regions(f, 1, t->targets, t->n_targets) ||
              sf_rfile_read_label_masses(f, &t->label_mass_kg, &t->n_label_masses) ||
              read_particles(f, t->n_particles, t->particles) ||
              (ne > 0 && read_all(f, "energies_MeV", H5T_NATIVE_DOUBLE, t->energies_MeV)) ||
              (n > 0 && (read_all(f, "saf", H5T_NATIVE_DOUBLE, t->saf) ||
                         read_all(f, "saf_rel_unc", H5T_NATIVE_DOUBLE, t->rel_unc) ||
                         read_all(f, "absorbed_fraction", H5T_NATIVE_DOUBLE, t->af)));
    if (bad) {
        st = sf_error_set(SF_ERR_FORMAT, "%s: cannot read the SAF tables and "
                          "their axes (damaged file, or shapes that do not "
                          "match)", path);
        sf_saf_table_destroy(&t);
        goto done;
    }
    if (meta)
        read_meta(f, meta);
    *out = t;
done:
    H5Fclose(f);
    return st;
}

typedef struct task_list {
    long *ids;
    size_t n, cap;
    hid_t group;
} task_list;

static herr_t collect_task(hid_t g, const char *name, const H5L_info_t *info,
                           void *data)
{
    (void)info;
    task_list *l = data;
    long id;
    char tail;
    if (sscanf(name, "task_%ld%c", &id, &tail) != 1 || id < 0)
        return 0;
    /* A map whose task is not done is a dangling link: skip it. */
    if (H5Oexists_by_name(g, name, H5P_DEFAULT) <= 0)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        long *ids = realloc(l->ids, cap * sizeof *ids);
        if (!ids)
            return -1;
        l->ids = ids;
        l->cap = cap;
    }
    l->ids[l->n++] = id;
    return 0;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

sf_status sf_results_list_dose_maps(const char *path, long **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    hid_t f;
    SF_TRY(open_results(path, &f));
    if (H5Lexists(f, "dose_maps", H5P_DEFAULT) <= 0) {
        H5Fclose(f);
        return SF_OK;
    }
    task_list l = {0};
    hid_t g = H5Gopen2(f, "dose_maps", H5P_DEFAULT);
    herr_t e = g < 0 ? -1 : H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL,
                                       collect_task, &l);
    if (g >= 0)
        H5Gclose(g);
    H5Fclose(f);
    if (e < 0) {
        free(l.ids);
        SF_FAIL(SF_ERR_HDF5, "%s: cannot list /dose_maps", path);
    }
    if (l.n > 0) /* qsort wants an array, and l.ids is NULL when none */
        qsort(l.ids, l.n, sizeof *l.ids, cmp_long);
    *ids = l.ids;
    *n = l.n;
    return SF_OK;
}

static int read_volume(hid_t g, const char *name, const sf_dose_image *d,
                       float **out)
{
    hid_t ds = H5Dopen2(g, name, H5P_DEFAULT);
    if (ds < 0)
        return -1;
    hid_t s = H5Dget_space(ds);
    hsize_t dims[3] = {0, 0, 0};
    int ok = H5Sget_simple_extent_ndims(s) == 3 &&
             H5Sget_simple_extent_dims(s, dims, NULL) == 3 &&
             dims[0] == (hsize_t)d->nz && dims[1] == (hsize_t)d->ny &&
             dims[2] == (hsize_t)d->nx;
    H5Sclose(s);
    *out = ok ? malloc(sf_dose_image_voxels(d) * sizeof(float)) : NULL;
    ok = ok && *out &&
         H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, *out) >= 0;
    H5Dclose(ds);
    return ok ? 0 : -1;
}

static int read_dims(hid_t g, sf_dose_image *d)
{
    hid_t ds = H5Dopen2(g, "dose_Gy_per_particle", H5P_DEFAULT);
    if (ds < 0)
        return -1;
    hid_t s = H5Dget_space(ds);
    hsize_t dims[3] = {0, 0, 0};
    int ok = H5Sget_simple_extent_ndims(s) == 3 &&
             H5Sget_simple_extent_dims(s, dims, NULL) == 3 &&
             dims[0] > 0 && dims[1] > 0 && dims[2] > 0 &&
             dims[0] < 100000 && dims[1] < 100000 && dims[2] < 100000;
    H5Sclose(s);
    H5Dclose(ds);
    d->nz = (int)dims[0];
    d->ny = (int)dims[1];
    d->nx = (int)dims[2];
    return ok ? 0 : -1;
}

sf_status sf_results_load_dose_map(const char *path, long task, sf_dose_image *d)
{
    memset(d, 0, sizeof *d);
    d->task = task;
    hid_t f;
    SF_TRY(open_results(path, &f));
    char name[64];
    snprintf(name, sizeof name, "dose_maps/task_%ld", task);
    hid_t g = H5Oexists_by_name(f, name, H5P_DEFAULT) > 0
                  ? H5Gopen2(f, name, H5P_DEFAULT) : -1;
    if (g < 0) {
        H5Fclose(f);
        SF_FAIL(SF_ERR_VALUE, "%s: task %ld has no dose map (only tasks "
                "listed in the manifest's dose_maps: and done have one)",
                path, task);
    }
    int bad = read_dims(g, d) ||
              sf_h5_attr_read_doubles(g, "spacing_cm", d->spacing_cm, 3) ||
              sf_h5_attr_read_doubles(g, "origin_cm", d->origin_cm, 3) ||
              sf_h5_attr_read_doubles(g, "energy_MeV", &d->energy_MeV, 1) ||
              sf_h5_attr_read_string_buf(g, "source", d->source, sizeof d->source) ||
              sf_h5_attr_read_string_buf(g, "particle", d->particle, sizeof d->particle) ||
              read_volume(g, "dose_Gy_per_particle", d, &d->dose_Gy) ||
              read_volume(g, "dose_rel_unc", d, &d->rel_unc);
    H5Gclose(g);
    H5Fclose(f);
    if (bad) {
        sf_dose_image_clear(d);
        SF_FAIL(SF_ERR_FORMAT, "%s: the dose map of task %ld is damaged or "
                "not in the documented layout", path, task);
    }
    return SF_OK;
}

void sf_results_fom_clear(sf_results_fom *f)
{
    free(f->tasks);
    free(f->sources);
    free(f->targets);
    free(f->particles);
    memset(f, 0, sizeof *f);
}

/* The rows of /tasks as sf_results_fom_task (fom not yet set); -1 when a
 * row points outside the axes. */
static int read_task_rows(hid_t f, sf_results_fom *out, long ne,
                          uint32_t *energy_index)
{
    task_row *rows = calloc(out->n_tasks ? out->n_tasks : 1, sizeof *rows);
    hid_t type = sf_rfile_task_row_type();
    int rc = (!rows || (out->n_tasks > 0 && read_all(f, "tasks", type, rows)))
                 ? -1 : 0;
    H5Tclose(type);
    for (size_t i = 0; rc == 0 && i < out->n_tasks; ++i) {
        const task_row *r = &rows[i];
        if (r->source >= out->n_sources || r->particle >= out->n_particles ||
            r->energy_index >= (uint64_t)ne)
            rc = -1;
        out->tasks[i] = (sf_results_fom_task){
            r->task_id, r->source, r->particle, r->energy_MeV, r->state,
            r->cpu_seconds, {NAN, NAN, -1, -1}};
        energy_index[i] = r->energy_index;
    }
    free(rows);
    return rc;
}

/* A file older than /tasks_fom: the FOMs of its done tasks from their SAF
 * and uncertainty rows, by the rule results_fom.c applies to the tally
 * (self target found by label or union name, results/fom.h). */
static int compute_fom(hid_t f, sf_results_fom *out, size_t ne,
                       const uint32_t *energy_index)
{
    size_t nt = out->n_targets;
    size_t n = out->n_sources * out->n_particles * ne * nt;
    double *saf = malloc(2 * (n ? n : 1) * sizeof *saf);
    double *mass = malloc((nt ? nt : 1) * sizeof *mass);
    int rc = (!saf || !mass || dataset_elements(f, "saf") != (long)n ||
              dataset_elements(f, "saf_rel_unc") != (long)n ||
              (n > 0 && (read_all(f, "saf", H5T_NATIVE_DOUBLE, saf) ||
                         read_all(f, "saf_rel_unc", H5T_NATIVE_DOUBLE, saf + n))))
                 ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < nt; ++i)
        mass[i] = out->targets[i].mass_kg;
    for (size_t k = 0; rc == 0 && k < out->n_tasks; ++k) {
        sf_results_fom_task *t = &out->tasks[k];
        int32_t self = sf_fom_self_target(&out->sources[t->source],
                                          out->targets, nt);
        t->fom.self_target = self;
        if (t->state != SF_TASK_DONE)
            continue;
        size_t row = ((t->source * out->n_particles + t->particle) * ne +
                      energy_index[k]) * nt;
        sf_fom_of_task(saf + n + row, saf + row, mass, nt, self,
                       t->cpu_seconds, &t->fom);
    }
    free(saf);
    free(mass);
    return rc;
}

/* /tasks_fom, or what compute_fom gives when the file is older. */
static int read_fom(hid_t f, sf_results_fom *out, size_t ne,
                    const uint32_t *energy_index)
{
    if (H5Lexists(f, "tasks_fom", H5P_DEFAULT) <= 0) {
        int old_shard = H5Lexists(f, "saf_rel_unc", H5P_DEFAULT) <= 0;
        out->origin = old_shard ? SF_FOM_UNAVAILABLE : SF_FOM_COMPUTED;
        return old_shard ? 0 : compute_fom(f, out, ne, energy_index);
    }
    out->origin = SF_FOM_STORED;
    long nt = (long)out->n_targets;
    sf_fom *rows = calloc(out->n_tasks + 1, sizeof *rows);
    hid_t type = sf_rfile_fom_row_type();
    int bad = !rows || sf_h5_length_1d(f, "tasks_fom") != (long)out->n_tasks ||
              (out->n_tasks > 0 && read_all(f, "tasks_fom", type, rows));
    H5Tclose(type);
    for (size_t k = 0; !bad && k < out->n_tasks; ++k) {
        out->tasks[k].fom = rows[k];
        bad = rows[k].self_target < -1 || rows[k].smallest_target < -1 ||
              rows[k].self_target >= nt || rows[k].smallest_target >= nt;
    }
    free(rows);
    return bad ? -1 : 0;
}

sf_status sf_results_load_fom(const char *path, sf_results_fom *out)
{
    memset(out, 0, sizeof *out);
    hid_t f;
    SF_TRY(open_results(path, &f));
    long ns = sf_h5_length_1d(f, "sources"), np = sf_h5_length_1d(f, "particles"),
         ne = sf_h5_length_1d(f, "energies_MeV"), nt = sf_h5_length_1d(f, "targets"),
         nk = sf_h5_length_1d(f, "tasks");
    uint32_t *energy_index = NULL;
    int bad = ns < 0 || np < 0 || ne < 0 || nt < 0 || nk < 0;
    if (!bad) {
        out->n_sources = (size_t)ns;
        out->n_particles = (size_t)np;
        out->n_targets = (size_t)nt;
        out->n_tasks = (size_t)nk;
        out->sources = calloc((size_t)ns + 1, sizeof *out->sources);
        out->targets = calloc((size_t)nt + 1, sizeof *out->targets);
        out->particles = calloc((size_t)np + 1, sizeof *out->particles);
        out->tasks = calloc((size_t)nk + 1, sizeof *out->tasks);
        energy_index = calloc((size_t)nk + 1, sizeof *energy_index);
        bad = !out->sources || !out->targets || !out->particles ||
              !out->tasks || !energy_index ||
              read_regions(f, 0, out->sources, out->n_sources) ||
              read_regions(f, 1, out->targets, out->n_targets) ||
              read_particles(f, out->n_particles, out->particles) ||
              read_task_rows(f, out, ne, energy_index);
    }
    if (!bad)
        bad = read_fom(f, out, (size_t)ne, energy_index);
    free(energy_index);
    H5Fclose(f);
    if (bad) {
        sf_results_fom_clear(out);
        SF_FAIL(SF_ERR_FORMAT, "%s: cannot read the task table and its "
                "figures of merit (damaged file, or shapes that do not match)",
                path);
    }
    return SF_OK;
}
