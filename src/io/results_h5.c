/* Writing and resuming results files (see results.h and
 * docs/results-format.md); results_check.c and results_provenance.c read
 * them with the layout in results_internal.h. */
#include "io/results.h"

#include "core/clock.h"
#include "io/dose_map_h5.h"
#include "io/h5_attr.h"
#include "io/results_internal.h"
#include "io/results_regions.h"
#include "io/results_resume_check.h"

#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#define PARTICLE_LEN 16

const char *const sf_rfile_energy_names[SF_N_ENERGY] = {
    "emitted_MeV", "deposited_MeV", "cutoff_MeV", "escaped_MeV",
    "annihilation_MeV", "pair_rest_mass_MeV"};

/* A write or flush during the run failed (a full disk, a quota, a file
 * size limit): the state recorded before it is intact, so say how to go
 * on. errno is what the failing write() left, when HDF5 kept it. */
static sf_status write_failed(const sf_results *r, const char *what,
                              uint32_t task, int err)
{
    SF_FAIL(SF_ERR_IO, "%s: cannot record %s of task %u (%s); the state "
            "recorded before is intact: free space, then run again with "
            "--resume", r->path, what, task,
            err ? strerror(err) : "write or flush failed; disk full?");
}

static void iso_time(double unix_s, char *buf, size_t n)
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

hid_t sf_rfile_create_dataset(hid_t loc, const char *name, hid_t type,
                              int rank, const hsize_t *dims, const void *fill)
{
    hid_t space = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
    H5Pset_obj_track_times(dcpl, 0);
    if (fill)
        H5Pset_fill_value(dcpl, type, fill);
    H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC);
    hid_t d = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
    return d;
}

int sf_rfile_row_io(hid_t d, hid_t type, int rank, const hsize_t *start,
                    hsize_t n, void *buf, int write)
{
    hsize_t count[4] = {1, 1, 1, 1};
    count[rank - 1] = n;
    hid_t fspace = H5Dget_space(d);
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t mspace = H5Screate_simple(1, &n, NULL);
    herr_t e = write ? H5Dwrite(d, type, mspace, fspace, H5P_DEFAULT, buf)
                     : H5Dread(d, type, mspace, fspace, H5P_DEFAULT, buf);
    H5Sclose(mspace);
    H5Sclose(fspace);
    return e < 0 ? -1 : 0;
}

static hid_t name_type(void)
{
    hid_t s = H5Tcopy(H5T_C_S1);
    H5Tset_size(s, NAME_LEN);
    H5Tset_strpad(s, H5T_STR_NULLTERM);
    return s;
}

hid_t sf_rfile_name_row_type(void)
{
    hid_t s = name_type();
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(name_row));
    H5Tinsert(t, "id", HOFFSET(name_row, id), H5T_NATIVE_INT32);
    H5Tinsert(t, "n_labels", HOFFSET(name_row, n_labels), H5T_NATIVE_INT32);
    H5Tinsert(t, "name", HOFFSET(name_row, name), s);
    H5Tclose(s);
    return t;
}

hid_t sf_rfile_task_row_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(task_row));
    H5Tinsert(t, "task_id", HOFFSET(task_row, task_id), H5T_NATIVE_UINT32);
    H5Tinsert(t, "source", HOFFSET(task_row, source), H5T_NATIVE_UINT32);
    H5Tinsert(t, "particle", HOFFSET(task_row, particle), H5T_NATIVE_UINT32);
    H5Tinsert(t, "energy_index", HOFFSET(task_row, energy_index), H5T_NATIVE_UINT32);
    H5Tinsert(t, "energy_MeV", HOFFSET(task_row, energy_MeV), H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "histories_planned", HOFFSET(task_row, histories_planned), H5T_NATIVE_UINT64);
    H5Tinsert(t, "histories_done", HOFFSET(task_row, histories_done), H5T_NATIVE_UINT64);
    H5Tinsert(t, "chunks_done", HOFFSET(task_row, chunks_done), H5T_NATIVE_UINT64);
    H5Tinsert(t, "state", HOFFSET(task_row, state), H5T_NATIVE_INT32);
    H5Tinsert(t, "cpu_seconds", HOFFSET(task_row, cpu_seconds), H5T_NATIVE_DOUBLE);
    for (int c = 0; c < SF_N_ENERGY; ++c)
        H5Tinsert(t, sf_rfile_energy_names[c],
                  HOFFSET(task_row, energy_MeV_cat) + (size_t)c * sizeof(double),
                  H5T_NATIVE_DOUBLE);
    H5Tinsert(t, "balance_rel_error", HOFFSET(task_row, balance_rel_error), H5T_NATIVE_DOUBLE);
    return t;
}

static int particle_index(const sf_manifest *m, int particle)
{
    for (int i = 0; i < m->n_particles; ++i)
        if ((int)m->particles[i] == particle)
            return i;
    return 0;
}

/* The rows of /sources or /targets (malloc'ed, zero-padded names). */
name_row *sf_rfile_label_set_rows(const sf_label_set *sets, size_t n)
{
    name_row *rows = calloc(n ? n : 1, sizeof *rows);
    for (size_t i = 0; rows && i < n; ++i) {
        rows[i].id = sets[i].n_labels == 1 ? sets[i].labels[0] : -1;
        rows[i].n_labels = (int32_t)sets[i].n_labels;
        snprintf(rows[i].name, NAME_LEN, "%s", sets[i].name);
    }
    return rows;
}

static hid_t write_label_sets(hid_t file, const char *name,
                              const sf_label_set *sets, size_t n)
{
    name_row *rows = sf_rfile_label_set_rows(sets, n);
    if (!rows)
        return -1;
    hid_t t = sf_rfile_name_row_type();
    hsize_t dims[1] = {n};
    hid_t d = sf_rfile_create_dataset(file, name, t, 1, dims, NULL);
    if (d >= 0 && n > 0 && H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0) {
        H5Dclose(d);
        d = -1;
    }
    H5Tclose(t);
    free(rows);
    return d;
}

static hid_t write_doubles(hid_t file, const char *name, const double *v,
                           size_t n)
{
    hsize_t dims[1] = {n};
    hid_t d = sf_rfile_create_dataset(file, name, H5T_NATIVE_DOUBLE, 1, dims,
                                      NULL);
    if (d >= 0 && n > 0 &&
        H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        H5Dclose(d);
        return -1;
    }
    return d;
}

/* The dimension datasets, made HDF5 dimension scales and attached to the
 * four axes of the SAF tables. */
static int write_dimensions(sf_results *r)
{
    const sf_manifest *m = r->m;
    const sf_task_plan *p = r->plan;
    hid_t scales[5];
    scales[0] = write_label_sets(r->file, "sources", p->sources, p->n_sources);
    {
        hid_t s = H5Tcopy(H5T_C_S1);
        H5Tset_size(s, PARTICLE_LEN);
        char names[SF_N_PARTICLE_TYPES][PARTICLE_LEN] = {{0}};
        for (int i = 0; i < m->n_particles; ++i)
            snprintf(names[i], PARTICLE_LEN, "%s",
                     sf_manifest_particle_name(m->particles[i]));
        hsize_t dims[1] = {(hsize_t)m->n_particles};
        scales[1] = sf_rfile_create_dataset(r->file, "particles", s, 1, dims,
                                            NULL);
        if (scales[1] >= 0)
            H5Dwrite(scales[1], s, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
        H5Tclose(s);
    }
    scales[2] = write_doubles(r->file, "energies_MeV", m->energies_MeV,
                              m->n_energies);
    scales[3] = write_label_sets(r->file, "targets", p->targets, p->n_targets);
    double *mass = malloc((p->n_targets + p->n_sources + 1) * sizeof *mass);
    if (!mass)
        return -1;
    for (size_t i = 0; i < p->n_targets; ++i)
        mass[i] = p->targets[i].mass_kg;
    scales[4] = write_doubles(r->file, "target_mass_kg", mass, p->n_targets);
    for (size_t i = 0; i < p->n_sources; ++i)
        mass[i] = p->sources[i].mass_kg;
    hid_t source_mass = write_doubles(r->file, "source_mass_kg", mass, p->n_sources);
    free(mass);
    int rc = source_mass < 0 ? -1 : 0;
    const char *scale_names[5] = {"sources", "particles", "energies_MeV",
                                  "targets", "target_mass_kg"};
    for (int i = 0; i < 5; ++i)
        if (scales[i] < 0 || H5DSset_scale(scales[i], scale_names[i]) < 0)
            rc = -1;
    if (source_mass >= 0 && H5DSset_scale(source_mass, "source_mass_kg") < 0)
        rc = -1;
    hid_t tables[3] = {r->saf, r->saf_unc, r->af};
    for (int t = 0; t < 3 && rc == 0 && !r->shard; ++t) {
        for (unsigned axis = 0; axis < 4; ++axis)
            if (H5DSattach_scale(tables[t], scales[axis], axis) < 0)
                rc = -1;
        if (H5DSattach_scale(tables[t], scales[4], 3) < 0 ||
            H5DSattach_scale(tables[t], source_mass, 0) < 0)
            rc = -1;
    }
    for (int i = 0; i < 5; ++i)
        if (scales[i] >= 0)
            H5Dclose(scales[i]);
    if (source_mass >= 0)
        H5Dclose(source_mass);
    return rc;
}

static int write_provenance(sf_results *r, const sf_results_info *info)
{
    const sf_manifest *m = r->m;
    char when[64];
    iso_time(r->start_unix, when, sizeof when);
    int rc = 0;
    rc |= sf_h5_attr_string(r->file, "format", SF_RESULTS_FORMAT);
    rc |= sf_h5_attr_long(r->file, "format_version", SF_RESULTS_FORMAT_VERSION);
    rc |= sf_h5_attr_string(r->file, "saffron_version",
                            info->saffron_version ? info->saffron_version
                                                  : SAFFRON_VERSION);
    rc |= sf_h5_attr_string(r->file, "git_commit", info->git_commit
                                                       ? info->git_commit
                                                       : SAFFRON_GIT_COMMIT);
    rc |= sf_h5_attr_string(r->file, "campaign", m->name);
    rc |= sf_h5_attr_string(r->file, "manifest", m->text);
    rc |= sf_h5_attr_string(r->file, "manifest_file", m->origin);
    rc |= sf_h5_attr_string(r->file, "phantom", m->phantom);
    rc |= sf_h5_attr_string(r->file, "phantom_sha256", info->phantom_sha256);
    rc |= sf_h5_attr_string(r->file, "physics_data_sha256", info->physics_data_sha256);
    rc |= sf_h5_attr_long(r->file, "seed", (long long)m->seed);
    rc |= sf_h5_attr_long(r->file, "ranks", info->ranks);
    rc |= sf_h5_attr_long(r->file, "threads", info->threads);
    rc |= sf_h5_attr_string(r->file, "start_time", when);
    if (r->shard) {
        rc |= sf_h5_attr_long(r->file, "shard_index", r->plan->shard_index);
        rc |= sf_h5_attr_long(r->file, "shard_count", r->plan->shard_count);
        rc |= sf_h5_attr_long(r->file, "campaign_tasks",
                              (long long)r->plan->n_campaign_tasks);
    }
    rc |= sf_h5_attr_string(r->file, "units", "energies MeV, masses kg, SAF kg^-1, "
                                        "absorbed fraction dimensionless, "
                                        "uncertainties relative 1 sigma");
    return rc;
}

static void results_free(sf_results *r);

static sf_results *results_new(const sf_manifest *m, const sf_task_plan *plan)
{
    sf_results *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->file = r->saf = r->saf_unc = r->af = r->tasks = r->slots = r->run = -1;
    r->dose_slots = r->dose_seq = r->fom = -1;
    r->dose_index = malloc((plan->n_tasks ? plan->n_tasks : 1) * sizeof *r->dose_index);
    r->self_target = sf_rfile_self_targets(plan);
    r->fom_buffer = malloc(3 * (plan->n_targets ? plan->n_targets : 1) *
                           sizeof *r->fom_buffer);
    if (!r->dose_index || !r->self_target || !r->fom_buffer) {
        free(r->dose_index);
        free(r->self_target);
        free(r->fom_buffer);
        free(r);
        return NULL;
    }
    for (size_t t = 0; t < plan->n_tasks; ++t)
        r->dose_index[t] = plan->tasks[t].dose_map ? r->n_dose++ : -1;
    r->m = m;
    r->plan = plan;
    r->shard = plan->shard_count != 0;
    r->n_targets = plan->n_targets;
    r->slot_words = SLOT_WORDS(plan->n_targets);
    r->slot_buffer = calloc(r->slot_words, sizeof(uint64_t));
    if (!r->slot_buffer) {
        results_free(r);
        return NULL;
    }
    return r;
}

static void results_free(sf_results *r)
{
    if (!r)
        return;
    hid_t ds[9] = {r->saf, r->saf_unc, r->af, r->tasks, r->slots, r->run,
                   r->dose_slots, r->dose_seq, r->fom};
    free(r->dose_index);
    free(r->self_target);
    free(r->fom_buffer);
    for (int i = 0; i < 9; ++i)
        if (ds[i] >= 0)
            H5Dclose(ds[i]);
    if (r->file >= 0)
        H5Fclose(r->file);
    free(r->slot_buffer);
    free(r);
}

static int write_initial_tasks(sf_results *r)
{
    const sf_task_plan *p = r->plan;
    task_row *rows = calloc(p->n_tasks ? p->n_tasks : 1, sizeof *rows);
    if (!rows)
        return -1;
    for (size_t i = 0; i < p->n_tasks; ++i) {
        const sf_task *t = &p->tasks[i];
        rows[i].task_id = t->id;
        rows[i].source = t->source;
        rows[i].particle = (uint32_t)particle_index(r->m, t->particle);
        rows[i].energy_index = t->energy_index;
        rows[i].energy_MeV = t->energy_MeV;
        rows[i].histories_planned = t->histories;
    }
    hid_t type = sf_rfile_task_row_type();
    int rc = (p->n_tasks > 0 &&
              H5Dwrite(r->tasks, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0)
                 ? -1 : 0;
    H5Tclose(type);
    free(rows);
    return rc;
}

/* Directory of the final dose-map files: OUT.h5.dosemaps next to OUT.h5
 * (`out_path` is the final name, also when laying out a temporary file). */
static void dose_dir(const char *out_path, char *buf, size_t n)
{
    if (snprintf(buf, n, "%s.dosemaps", out_path) >= (int)n)
        buf[0] = '\0'; /* paths are checked against PATH_MAX earlier */
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Per dose task, two slots of three arrays of n_voxels words, their
 * sequence numbers, and the external link /dose_maps/task_ID to the file
 * that will hold the finished map. */
static int create_dose_state(sf_results *r, const sf_results_info *info,
                             const char *path)
{
    if (r->n_dose == 0)
        return 0;
    const sf_phantom *ph = info->ph;
    r->n_voxels = (int64_t)ph->nx * ph->ny * ph->nz;
    hid_t state = H5Gopen2(r->file, "state", H5P_DEFAULT);
    if (state < 0)
        return -1;
    hsize_t dims[4] = {(hsize_t)r->n_dose, 2, 3, (hsize_t)r->n_voxels};
    hsize_t sdims[2] = {(hsize_t)r->n_dose, 2};
    uint64_t zero = 0;
    r->dose_slots = sf_rfile_create_dataset(state, "dose_slots",
                                            H5T_NATIVE_UINT64, 4, dims, &zero);
    r->dose_seq = sf_rfile_create_dataset(state, "dose_seq", H5T_NATIVE_UINT64,
                                          2, sdims, &zero);
    H5Gclose(state);
    hid_t g = H5Gcreate2(r->file, "dose_maps", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0 || r->dose_slots < 0 || r->dose_seq < 0) {
        if (g >= 0)
            H5Gclose(g);
        return -1;
    }
    int rc = 0;
    const char *final_path = r->path[0] ? r->path : path;
    char dir[4096], target[4096], name[64];
    dose_dir(base_name(final_path), dir, sizeof dir);
    for (size_t t = 0; t < r->plan->n_tasks; ++t) {
        if (r->dose_index[t] < 0)
            continue;
        snprintf(name, sizeof name, "task_%u", (unsigned)r->plan->tasks[t].id);
        if (snprintf(target, sizeof target, "%s/%s.h5", dir, name) >= (int)sizeof target ||
            H5Lcreate_external(target, "/", g, name, H5P_DEFAULT, H5P_DEFAULT) < 0)
            rc = -1;
    }
    H5Gclose(g);
    sf_h5_attr_string(r->file, "dose_maps", "finished maps are in OUT.h5.dosemaps/, "
                                      "reached through /dose_maps/task_ID");
    return rc;
}

int sf_results_has_dose(const sf_results *r, uint32_t task)
{
    return r->dose_index[task] >= 0;
}

void sf_results_dose_path(const sf_results *r, uint32_t task, char *buf,
                          size_t n)
{
    char dir[4096];
    dose_dir(r->path, dir, sizeof dir);
    if (snprintf(buf, n, "%s/task_%u.h5", dir,
                 (unsigned)r->plan->tasks[task].id) >= (int)n)
        buf[0] = '\0';
}

sf_status sf_results_write_dose_map(const sf_results *r, uint32_t task,
                                    const sf_phantom *ph, const sf_dose_map *d)
{
    const sf_task *t = &r->plan->tasks[task];
    char path[4096];
    sf_results_dose_path(r, task, path, sizeof path);
    sf_dose_map_info info = {r->plan->sources[t->source].name,
                             sf_manifest_particle_name(t->particle),
                             t->energy_MeV, r->m->seed, t->id};
    return sf_dose_map_write(path, ph, d, &info);
}

static int dose_io(sf_results *r, int64_t k, int slot, int array, uint64_t *w,
                   int write)
{
    hsize_t start[4] = {(hsize_t)k, (hsize_t)slot, (hsize_t)array, 0};
    return sf_rfile_row_io(r->dose_slots, H5T_NATIVE_UINT64, 4, start,
                           (hsize_t)r->n_voxels, w, write);
}

static int dose_seq_io(sf_results *r, int64_t k, int slot, uint64_t *seq,
                       int write)
{
    hsize_t start[2] = {(hsize_t)k, (hsize_t)slot};
    return sf_rfile_row_io(r->dose_seq, H5T_NATIVE_UINT64, 2, start, 1, seq,
                           write);
}

sf_status sf_results_commit_dose(sf_results *r, uint32_t task, uint64_t seq,
                                 const sf_dose_map *d)
{
    int64_t k = r->dose_index[task];
    int slot = (int)(seq % 2);
    errno = 0;
    /* Three ordered steps: the arrays, then the sequence number that
     * vouches for them, each flushed before the next is written. Without
     * the second flush the sequence number could still sit in HDF5's
     * cache when the caller writes and flushes the task state that refers
     * to it; a kill inside that flush, which writes dirty chunks in no
     * set order, left a state of sequence 2 over a dose slot still
     * marked 0, which --resume rightly refused (seen once in CI's
     * sanitizer build, mpi.dose_maps). */
    int bad = k < 0 || dose_io(r, k, slot, 0, d->sum, 1) != 0 ||
              dose_io(r, k, slot, 1, d->sum2_lo, 1) != 0 ||
              dose_io(r, k, slot, 2, d->sum2_hi, 1) != 0 ||
              H5Fflush(r->file, H5F_SCOPE_GLOBAL) < 0 ||
              dose_seq_io(r, k, slot, &seq, 1) != 0 ||
              H5Fflush(r->file, H5F_SCOPE_GLOBAL) < 0;
    if (bad)
        return write_failed(r, "the dose map", task, errno);
    return SF_OK;
}

sf_status sf_results_read_dose(sf_results *r, uint32_t task, uint64_t seq,
                               sf_dose_map *d)
{
    int64_t k = r->dose_index[task];
    int slot = (int)(seq % 2);
    uint64_t saved = 0;
    memset(d->sum, 0, (size_t)d->n_voxels * sizeof *d->sum);
    memset(d->sum2_lo, 0, (size_t)d->n_voxels * sizeof *d->sum2_lo);
    memset(d->sum2_hi, 0, (size_t)d->n_voxels * sizeof *d->sum2_hi);
    if (k < 0 || seq == 0)
        return SF_OK;
    if (dose_seq_io(r, k, slot, &saved, 0) != 0 || saved != seq)
        SF_FAIL(SF_ERR_FORMAT, "results file: the dose map of task %u does "
                "not match its state (sequence %llu, expected %llu)", task,
                (unsigned long long)saved, (unsigned long long)seq);
    if (dose_io(r, k, slot, 0, d->sum, 0) != 0 ||
        dose_io(r, k, slot, 1, d->sum2_lo, 0) != 0 ||
        dose_io(r, k, slot, 2, d->sum2_hi, 0) != 0)
        SF_FAIL(SF_ERR_HDF5, "results file: cannot read the dose map of "
                "task %u", task);
    return SF_OK;
}

/* Lays out a complete results file at `path` and closes it. */
static sf_status create_layout(const char *path, const char *final_path,
                               const sf_manifest *m, const sf_task_plan *plan,
                               const sf_results_info *info)
{
    sf_results *r = results_new(m, plan);
    if (!r)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    snprintf(r->path, sizeof r->path, "%s", final_path);
    r->start_unix = sf_unix_seconds();
    errno = 0;
    r->file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (r->file < 0) {
        results_free(r);
        SF_FAIL(SF_ERR_IO, "%s: cannot create (is the directory writable?)",
                path);
    }
    hsize_t dims4[4] = {plan->n_sources, (hsize_t)m->n_particles,
                        m->n_energies, plan->n_targets};
    double nan_fill = NAN;
    if (!r->shard) {
        hid_t *tables[3] = {&r->saf, &r->saf_unc, &r->af};
        const char *names[3] = {"saf", "saf_rel_unc", "absorbed_fraction"};
        for (int k = 0; k < 3; ++k)
            *tables[k] = sf_rfile_create_dataset(r->file, names[k],
                                                 H5T_NATIVE_DOUBLE, 4, dims4,
                                                 &nan_fill);
    }
    hid_t trow = sf_rfile_task_row_type();
    hsize_t tdims[1] = {plan->n_tasks};
    r->tasks = sf_rfile_create_dataset(r->file, "tasks", trow, 1, tdims, NULL);
    H5Tclose(trow);
    hid_t state = H5Gcreate2(r->file, "state", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t sdims[3] = {plan->n_tasks, 2, r->slot_words};
    uint64_t zero = 0;
    r->slots = state < 0 ? -1
               : sf_rfile_create_dataset(state, "task_slots",
                                         H5T_NATIVE_UINT64, 3, sdims, &zero);
    if (state >= 0)
        H5Gclose(state);
    hsize_t rdims[1] = {2};
    double run0[2] = {r->start_unix, r->start_unix};
    r->run = sf_rfile_create_dataset(r->file, "run_times_unix",
                                     H5T_NATIVE_DOUBLE, 1, rdims, NULL);
    int bad = (!r->shard && (r->saf < 0 || r->saf_unc < 0 || r->af < 0)) ||
              r->tasks < 0 || r->slots < 0 || r->run < 0 ||
              sf_rfile_create_fom(r) != 0 ||
              create_dose_state(r, info, path) != 0;
    if (!bad)
        bad = H5Dwrite(r->run, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, run0) < 0 ||
              write_dimensions(r) != 0 ||
              sf_rfile_write_regions(r->file, plan, info ? info->ph : NULL) != 0 ||
              sf_rfile_write_skeletal_method(r->file, m, plan) != 0 ||
              write_provenance(r, info) != 0 ||
              write_initial_tasks(r) != 0 || sf_h5_attr_string(r->file, "status", "running") != 0 ||
              sf_h5_attr_string(r->file, "end_time", "-") != 0 ||
              H5Fflush(r->file, H5F_SCOPE_GLOBAL) < 0;
    int err = errno; /* what a failing write() left, if HDF5 kept it */
    results_free(r);
    if (bad) {
        remove(path);
        SF_FAIL(SF_ERR_IO, "%s: cannot lay out the results file (%s)",
                final_path, err ? strerror(err) : "HDF5 write failed");
    }
    return SF_OK;
}

/* Removes OUT.h5.dosemaps if it is empty. */
static void remove_dose_dir(const char *path)
{
    char dir[4096];
    dose_dir(path, dir, sizeof dir);
    if (dir[0])
        rmdir(dir);
}

/* Bytes the raw data of a results file take (metadata comes on top). */
static double layout_bytes(const sf_manifest *m, const sf_task_plan *plan,
                           const sf_results_info *info)
{
    double cells = (double)plan->n_sources * m->n_particles * m->n_energies *
                   plan->n_targets;
    double bytes = 3 * 8 * cells +
                   (double)plan->n_tasks * (sizeof(task_row) + sizeof(sf_fom)) +
                   16.0 * plan->n_tasks * SLOT_WORDS(plan->n_targets) +
                   (double)strlen(m->text);
    const sf_phantom *ph = info ? info->ph : NULL;
    for (size_t t = 0; ph && t < plan->n_tasks; ++t)
        if (plan->tasks[t].dose_map)
            bytes += 48.0 * ph->nx * ph->ny * ph->nz + 16;
    return bytes;
}

/* A write that fails while HDF5 lays out a file leaves HDF5 1.10 unable
 * to close it, and it crashes at exit; so the room the file needs (with a
 * margin for metadata) is first taken for real, with posix_fallocate on
 * the temporary file that HDF5 then truncates and fills. */
static sf_status reserve_space(const char *tmp, const char *path,
                               const sf_manifest *m, const sf_task_plan *plan,
                               const sf_results_info *info)
{
    double need = layout_bytes(m, plan, info) * 1.05 + (1 << 20);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        SF_FAIL(SF_ERR_IO, "%s: cannot create (%s)", tmp, strerror(errno));
    int err = posix_fallocate(fd, 0, (off_t)need);
    close(fd);
    if (err == EINVAL || err == EOPNOTSUPP)
        return SF_OK; /* no fallocate here: HDF5 finds out by itself */
    if (err) {
        remove(tmp);
        SF_FAIL(SF_ERR_IO, "%s: cannot take the %.1f MB the results file "
                "needs (%s); nothing was written", path, need / 1048576,
                strerror(err));
    }
    return SF_OK;
}

static int plan_has_dose(const sf_task_plan *plan)
{
    for (size_t t = 0; t < plan->n_tasks; ++t)
        if (plan->tasks[t].dose_map)
            return 1;
    return 0;
}

/* The file is laid out under a temporary name and linked into place only
 * when complete, so a kill at any moment leaves either no OUT.h5 or one
 * that opens cleanly. link() refuses to replace an existing file. */
sf_status sf_results_create(const char *path, const sf_manifest *m,
                            const sf_task_plan *plan,
                            const sf_results_info *info, sf_results **out)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, F_OK) == 0)
        SF_FAIL(SF_ERR_IO, "%s exists; use --resume to continue its run, or "
                "choose another -o (it is not overwritten)", path);
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp)
        SF_FAIL(SF_ERR_VALUE, "%s: path too long", path);
    if (plan_has_dose(plan)) {
        char dir[4096];
        dose_dir(path, dir, sizeof dir);
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            SF_FAIL(SF_ERR_IO, "%s: cannot create the dose-map directory (%s)",
                    dir, strerror(errno));
    }
    sf_status st = reserve_space(tmp, path, m, plan, info);
    if (st == SF_OK)
        st = create_layout(tmp, path, m, plan, info);
    if (st != SF_OK) {
        remove_dose_dir(path); /* no output is left by a failed start */
        return st;
    }
    if (link(tmp, path) != 0) {
        int err = errno;
        remove(tmp);
        remove_dose_dir(path);
        SF_FAIL(SF_ERR_IO, "%s: cannot create the results file (%s); use "
                "--resume to continue a run", path, strerror(err));
    }
    remove(tmp);
    return sf_results_open_resume(path, m, plan, info, out);
}

static sf_status open_dataset(sf_results *r, const char *path, const char *name,
                              hid_t *d)
{
    *d = H5Dopen2(r->file, name, H5P_DEFAULT);
    if (*d < 0)
        SF_FAIL(SF_ERR_FORMAT, "%s: not a saffron results file (no /%s)", path,
                name);
    return SF_OK;
}

/* /tasks_fom, which files written before it existed lack: they are read,
 * resumed and merged without it (r->fom stays -1, nothing is written). */
static sf_status open_fom(sf_results *r, const char *path)
{
    if (H5Lexists(r->file, "tasks_fom", H5P_DEFAULT) <= 0)
        return SF_OK;
    SF_TRY(open_dataset(r, path, "tasks_fom", &r->fom));
    hid_t space = H5Dget_space(r->fom);
    hsize_t n = 0;
    int ok = H5Sget_simple_extent_ndims(space) == 1 &&
             H5Sget_simple_extent_dims(space, &n, NULL) == 1 &&
             n == r->plan->n_tasks;
    H5Sclose(space);
    if (!ok)
        SF_FAIL(SF_ERR_FORMAT, "%s: /tasks_fom does not have one row per "
                "task (%zu)", path, r->plan->n_tasks);
    return SF_OK;
}

/* A shard's file belongs to that shard only (and a whole campaign's file
 * to no shard). */
static sf_status check_shard(hid_t file, const char *path,
                             const sf_task_plan *plan)
{
    long long index = 0, count = 0;
    if (sf_h5_attr_read_long(file, "shard_count", &count) != 0)
        count = 0;
    else if (sf_h5_attr_read_long(file, "shard_index", &index) != 0)
        index = -1;
    if (count == (long long)plan->shard_count &&
        (count == 0 || index == (long long)plan->shard_index))
        return SF_OK;
    if (count == 0)
        SF_FAIL(SF_ERR_VALUE, "%s holds a whole campaign, not shard %u/%u",
                path, plan->shard_index, plan->shard_count);
    if (plan->shard_count == 0)
        SF_FAIL(SF_ERR_VALUE, "%s holds shard %lld/%lld of its campaign, not "
                "the whole campaign (add --shard %lld/%lld)", path, index,
                count, index, count);
    SF_FAIL(SF_ERR_VALUE, "%s holds shard %lld/%lld of its campaign, not "
            "shard %u/%u", path, index, count, plan->shard_index,
            plan->shard_count);
}

static sf_status open_file(const char *path, const sf_manifest *m,
                           const sf_task_plan *plan,
                           const sf_results_info *info, int writable,
                           sf_results **out)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (!sf_h5_is_file(path))
        SF_FAIL(SF_ERR_IO, "%s: cannot be opened as an HDF5 file%s (missing "
                "or damaged)", path, writable ? " to resume; run without "
                "--resume to start anew" : "");
    sf_results *r = results_new(m, plan);
    if (!r)
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    snprintf(r->path, sizeof r->path, "%s", path);
    r->file = writable ? H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT)
                       : sf_h5_open_read(path);
    if (r->file < 0) {
        results_free(r);
        SF_FAIL(SF_ERR_IO, "%s: cannot open%s", path,
                writable ? " for writing" : "");
    }
    char *text = NULL, *format = NULL;
    sf_h5_attr_read_string(r->file, "format", &format);
    sf_h5_attr_read_string(r->file, "manifest", &text);
    sf_status st = SF_OK;
    if (!format || strcmp(format, SF_RESULTS_FORMAT) != 0)
        st = sf_error_set(SF_ERR_FORMAT, "%s: not a saffron results file; "
                          "refusing to touch it", path);
    else if (!text || strcmp(text, m->text) != 0)
        st = sf_error_set(SF_ERR_VALUE, "%s was written by a different "
                          "manifest than %s; refusing to resume into it (use "
                          "another -o, or the manifest it was made with)",
                          path, m->origin);
    free(text);
    free(format);
    if (st == SF_OK)
        st = check_shard(r->file, path, plan);
    /* Resuming mixes this build's chunks into the file's: refused unless
     * code, data and phantom are the same. Read-only opens (verify) report
     * differences themselves. */
    if (st == SF_OK && writable)
        st = sf_results_check_provenance(r->file, path, info);
    if (st == SF_OK && !r->shard)
        st = open_dataset(r, path, "saf", &r->saf);
    if (st == SF_OK && !r->shard)
        st = open_dataset(r, path, "saf_rel_unc", &r->saf_unc);
    if (st == SF_OK && !r->shard)
        st = open_dataset(r, path, "absorbed_fraction", &r->af);
    if (st == SF_OK)
        st = open_dataset(r, path, "tasks", &r->tasks);
    if (st == SF_OK)
        st = open_dataset(r, path, "state/task_slots", &r->slots);
    if (st == SF_OK)
        st = open_dataset(r, path, "run_times_unix", &r->run);
    if (st == SF_OK)
        st = open_fom(r, path);
    if (st == SF_OK && r->n_dose > 0) {
        r->n_voxels = info && info->ph ? (int64_t)info->ph->nx * info->ph->ny * info->ph->nz : 0;
        st = open_dataset(r, path, "state/dose_slots", &r->dose_slots);
        if (st == SF_OK)
            st = open_dataset(r, path, "state/dose_seq", &r->dose_seq);
    }
    if (st == SF_OK) {
        hid_t space = H5Dget_space(r->slots);
        hsize_t dims[3] = {0, 0, 0};
        H5Sget_simple_extent_dims(space, dims, NULL);
        H5Sclose(space);
        if (dims[0] != plan->n_tasks || dims[1] != 2 || dims[2] != r->slot_words)
            st = sf_error_set(SF_ERR_FORMAT, "%s: task state has shape "
                              "%llux%llux%llu, expected %zux2x%zu for this "
                              "manifest and phantom", path,
                              (unsigned long long)dims[0], (unsigned long long)dims[1],
                              (unsigned long long)dims[2], plan->n_tasks, r->slot_words);
    }
    if (st == SF_OK) {
        double run0[2];
        if (H5Dread(r->run, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, run0) < 0)
            st = sf_error_set(SF_ERR_HDF5, "%s: cannot read run times", path);
        r->start_unix = run0[0];
    }
    if (st != SF_OK) {
        results_free(r);
        return st;
    }
    *out = r;
    return SF_OK;
}

sf_status sf_results_open_resume(const char *path, const sf_manifest *m,
                                 const sf_task_plan *plan,
                                 const sf_results_info *info,
                                 sf_results **out)
{
    return open_file(path, m, plan, info, 1, out);
}

sf_status sf_results_open_read(const char *path, const sf_manifest *m,
                               const sf_task_plan *plan,
                               const sf_results_info *info, sf_results **out)
{
    return open_file(path, m, plan, info, 0, out);
}

/* FNV-1a over the slot's words: detects a slot torn by a kill. */
uint64_t sf_results_slot_checksum(const uint64_t *w, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; ++i)
        for (int b = 0; b < 8; ++b) {
            h ^= (w[i] >> (8 * b)) & 0xff;
            h *= 1099511628211ULL;
        }
    return h;
}

static void pack_slot(const sf_results *r, const sf_task_progress *p,
                      const sf_tally *t, uint64_t *w)
{
    memset(w, 0, r->slot_words * sizeof *w);
    w[W_SEQ] = p->seq;
    w[W_BASE] = p->chunks_base;
    w[W_MASK] = p->round_mask;
    w[W_HIST_DONE] = p->histories_done;
    w[W_STATE] = (uint64_t)(int64_t)p->state;
    memcpy(&w[W_CPU], &p->cpu_seconds, sizeof(double));
    sf_tally_pack(t, &w[W_TALLY]);
    w[r->slot_words - 1] = sf_results_slot_checksum(w, r->slot_words - 1);
}

static void unpack_slot(const uint64_t *w, sf_task_progress *p, sf_tally *t)
{
    p->seq = w[W_SEQ];
    p->chunks_base = w[W_BASE];
    p->round_mask = w[W_MASK];
    p->histories_done = w[W_HIST_DONE];
    p->state = (int32_t)(int64_t)w[W_STATE];
    memcpy(&p->cpu_seconds, &w[W_CPU], sizeof(double));
    sf_tally_unpack(t, &w[W_TALLY]);
}

int sf_rfile_slot_io(sf_results *r, uint32_t task, int slot, uint64_t *w,
                   int write)
{
    hsize_t start[3] = {task, (hsize_t)slot, 0};
    return sf_rfile_row_io(r->slots, H5T_NATIVE_UINT64, 3, start,
                           r->slot_words, w, write);
}

sf_status sf_results_read_task(sf_results *r, uint32_t task,
                               sf_task_progress *p, sf_tally *tally)
{
    memset(p, 0, sizeof *p);
    sf_tally_clear(tally);
    uint64_t best_seq = 0;
    for (int slot = 0; slot < 2; ++slot) {
        uint64_t *w = r->slot_buffer;
        if (sf_rfile_slot_io(r, task, slot, w, 0) != 0)
            SF_FAIL(SF_ERR_HDF5, "results file: cannot read the state of task "
                    "%u", task);
        if (w[W_SEQ] == 0 || w[W_SEQ] <= best_seq)
            continue;
        if (sf_results_slot_checksum(w, r->slot_words - 1) != w[r->slot_words - 1])
            continue; /* torn by a kill: the other slot holds the state */
        best_seq = w[W_SEQ];
        unpack_slot(w, p, tally);
    }
    return SF_OK;
}

/* The row of /tasks that a task's state gives. */
void sf_rfile_fill_task_row(const sf_results *r, uint32_t task,
                          const sf_task_progress *p, const sf_tally *t,
                          task_row *out)
{
    const sf_task *pt = &r->plan->tasks[task];
    task_row row = {0};
    row.task_id = pt->id;
    row.source = pt->source;
    row.particle = (uint32_t)particle_index(r->m, pt->particle);
    row.energy_index = pt->energy_index;
    row.energy_MeV = pt->energy_MeV;
    row.histories_planned = pt->histories;
    row.histories_done = p->histories_done;
    row.chunks_done = p->chunks_base + (uint64_t)__builtin_popcountll(p->round_mask);
    row.state = p->state;
    row.cpu_seconds = p->cpu_seconds;
    for (int c = 0; c < SF_N_ENERGY; ++c)
        row.energy_MeV_cat[c] = sf_tally_energy_MeV(t, c);
    row.balance_rel_error = sf_tally_balance_error(t);
    *out = row;
}

int sf_rfile_table_row_io(hid_t d, hid_t (*make_type)(void), uint32_t task,
                          void *row, int write)
{
    hid_t type = make_type();
    hsize_t start[1] = {task};
    int rc = sf_rfile_row_io(d, type, 1, start, 1, row, write);
    H5Tclose(type);
    return rc;
}

int sf_rfile_task_row_io(sf_results *r, uint32_t task, task_row *row, int write)
{
    return sf_rfile_table_row_io(r->tasks, sf_rfile_task_row_type, task, row,
                                 write);
}

static int write_task_row(sf_results *r, uint32_t task,
                          const sf_task_progress *p, const sf_tally *t)
{
    task_row row;
    sf_rfile_fill_task_row(r, task, p, t, &row);
    return sf_rfile_task_row_io(r, task, &row, 1);
}

/* The rows of /saf, /saf_rel_unc and /absorbed_fraction (in that order,
 * n_targets each) that a task's tally gives. */
void sf_rfile_fill_saf_rows(const sf_results *r, const sf_tally *t, double *saf)
{
    size_t n = r->n_targets;
    double *unc = saf + n, *af = saf + 2 * n;
    double E0 = sf_tally_energy_MeV(t, SF_ENERGY_EMITTED) / (double)t->histories;
    for (size_t i = 0; i < n; ++i) {
        double mean, rel;
        sf_tally_target_mean(t, (int)i, &mean, &rel);
        af[i] = mean / E0;
        double mass = r->plan->targets[i].mass_kg;
        saf[i] = mass > 0 ? af[i] / mass : NAN;
        unc[i] = rel;
    }
}

int sf_rfile_saf_rows_io(sf_results *r, uint32_t task, double *rows, int write)
{
    const sf_task *pt = &r->plan->tasks[task];
    size_t n = r->n_targets;
    hsize_t start[4] = {pt->source, (hsize_t)particle_index(r->m, pt->particle),
                        pt->energy_index, 0};
    hid_t sets[3] = {r->saf, r->saf_unc, r->af};
    int rc = 0;
    for (int k = 0; k < 3; ++k)
        rc |= sf_rfile_row_io(sets[k], H5T_NATIVE_DOUBLE, 4, start, n,
                              rows + k * n, write);
    return rc;
}

static int write_fom_row(sf_results *r, uint32_t task,
                         const sf_task_progress *p, const sf_tally *t)
{
    if (r->fom < 0)
        return 0;
    sf_fom row;
    sf_rfile_fill_fom_row(r, task, p, t, &row);
    return sf_rfile_fom_row_io(r, task, &row, 1);
}

static int write_saf_rows(sf_results *r, uint32_t task, const sf_tally *t)
{
    size_t n = r->n_targets;
    double *rows = malloc(3 * (n ? n : 1) * sizeof *rows);
    if (!rows)
        return -1;
    sf_rfile_fill_saf_rows(r, t, rows);
    int rc = sf_rfile_saf_rows_io(r, task, rows, 1);
    free(rows);
    return rc;
}

sf_status sf_results_commit_task(sf_results *r, uint32_t task,
                                 const sf_task_progress *p,
                                 const sf_tally *tally)
{
    pack_slot(r, p, tally, r->slot_buffer);
    int slot = (int)(p->seq % 2);
    double run[2] = {r->start_unix, sf_unix_seconds()};
    errno = 0;
    int bad = sf_rfile_slot_io(r, task, slot, r->slot_buffer, 1) != 0 ||
              write_task_row(r, task, p, tally) != 0 ||
              write_fom_row(r, task, p, tally) != 0 ||
              (p->state == SF_TASK_DONE && !r->shard &&
               write_saf_rows(r, task, tally) != 0) ||
              H5Dwrite(r->run, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, run) < 0 ||
              H5Fflush(r->file, H5F_SCOPE_GLOBAL) < 0;
    if (bad)
        return write_failed(r, "the state", task, errno);
    return SF_OK;
}

sf_status sf_results_restore_rows(sf_results *r, uint32_t task,
                                  const sf_task_progress *p,
                                  const sf_tally *tally)
{
    errno = 0;
    int bad = write_task_row(r, task, p, tally) != 0 ||
              write_fom_row(r, task, p, tally) != 0 ||
              (p->state == SF_TASK_DONE && !r->shard &&
               write_saf_rows(r, task, tally) != 0);
    if (bad)
        return write_failed(r, "the rows", task, errno);
    return SF_OK;
}

sf_status sf_results_flush(sf_results *r)
{
    errno = 0;
    if (H5Fflush(r->file, H5F_SCOPE_GLOBAL) < 0)
        SF_FAIL(SF_ERR_IO, "%s: cannot flush the restored rows (%s); the "
                "state recorded before is intact: free space, then run "
                "again with --resume", r->path,
                errno ? strerror(errno) : "flush failed; disk full?");
    return SF_OK;
}

sf_status sf_results_close(sf_results **pr, const char *run_status)
{
    if (!pr || !*pr)
        return SF_OK;
    sf_results *r = *pr;
    if (!run_status) {
        results_free(r);
        *pr = NULL;
        return SF_OK;
    }
    char when[64];
    iso_time(sf_unix_seconds(), when, sizeof when);
    /* Attributes are rewritten only here, at a clean end. */
    int bad = H5Adelete(r->file, "status") < 0 ||
              sf_h5_attr_string(r->file, "status", run_status) != 0 ||
              H5Adelete(r->file, "end_time") < 0 ||
              sf_h5_attr_string(r->file, "end_time", when) != 0;
    results_free(r);
    *pr = NULL;
    if (bad)
        SF_FAIL(SF_ERR_HDF5, "results file: cannot record the end of the run");
    return SF_OK;
}

