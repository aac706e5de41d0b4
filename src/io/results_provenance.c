/* Reading a results file without its manifest: provenance and progress
 * (docs/results-format.md). */
#include "io/results_internal.h"

#include <stdlib.h>
#include <string.h>

#include "io/h5_attr.h"

static int read_string(hid_t f, const char *name, char **out)
{
    if (sf_h5_attr_read_string(f, name, out) == 0)
        return 0;
    *out = calloc(1, 1);
    return *out ? 0 : -1;
}

sf_status sf_results_provenance_read(const char *path,
                                     sf_results_provenance *p)
{
    memset(p, 0, sizeof *p);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (!sf_h5_is_file(path))
        SF_FAIL(SF_ERR_IO, "%s: missing or not an HDF5 file", path);
    hid_t f = sf_h5_open_read(path);
    if (f < 0)
        SF_FAIL(SF_ERR_IO, "%s: cannot open", path);
    char *format = NULL;
    sf_h5_attr_read_string(f, "format", &format);
    int ok = format && strcmp(format, SF_RESULTS_FORMAT) == 0;
    free(format);
    if (!ok) {
        H5Fclose(f);
        SF_FAIL(SF_ERR_FORMAT, "%s: not a saffron results file (no 'format' "
                "attribute '%s')", path, SF_RESULTS_FORMAT);
    }
    int bad = read_string(f, "manifest", &p->manifest) ||
              read_string(f, "manifest_file", &p->manifest_file) ||
              read_string(f, "campaign", &p->campaign) ||
              read_string(f, "status", &p->status) ||
              read_string(f, "saffron_version", &p->saffron_version) ||
              read_string(f, "git_commit", &p->git_commit) ||
              read_string(f, "phantom", &p->phantom) ||
              read_string(f, "phantom_sha256", &p->phantom_sha256) ||
              read_string(f, "physics_data_sha256", &p->physics_data_sha256) ||
              read_string(f, "start_time", &p->start_time) ||
              read_string(f, "end_time", &p->end_time);
    if (sf_h5_attr_read_long(f, "shard_count", &p->shard_count) != 0)
        p->shard_count = 0;
    if (sf_h5_attr_read_long(f, "shard_index", &p->shard_index) != 0)
        p->shard_index = 0;
    if (sf_h5_attr_read_long(f, "ranks", &p->ranks) != 0)
        p->ranks = 0;
    if (sf_h5_attr_read_long(f, "threads", &p->threads) != 0)
        p->threads = 0;
    if (sf_h5_attr_read_long(f, "seed", &p->seed) != 0)
        p->seed = -1;
    if (sf_h5_attr_read_long(f, "format_version", &p->format_version) != 0)
        p->format_version = -1;
    H5Fclose(f);
    if (bad) {
        sf_results_provenance_free(p);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", path);
    }
    if (!p->manifest[0]) {
        sf_results_provenance_free(p);
        SF_FAIL(SF_ERR_FORMAT, "%s: no 'manifest' attribute (not written by "
                "saffron run?)", path);
    }
    return SF_OK;
}

void sf_results_provenance_free(sf_results_provenance *p)
{
    char **s[] = {&p->manifest, &p->manifest_file, &p->campaign, &p->status,
                  &p->saffron_version, &p->git_commit, &p->phantom,
                  &p->phantom_sha256, &p->physics_data_sha256,
                  &p->start_time, &p->end_time};
    for (size_t i = 0; i < sizeof s / sizeof *s; ++i) {
        free(*s[i]);
        *s[i] = NULL;
    }
}

sf_status sf_results_summarize(const char *path, sf_results_summary *s)
{
    memset(s, 0, sizeof *s);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (!sf_h5_is_file(path))
        SF_FAIL(SF_ERR_IO, "%s: missing or not an HDF5 file", path);
    /* A running campaign holds the file open for writing; HDF5's file lock
     * would refuse this reader. Its metadata never changes during a run
     * (see results.h), so reading without the lock is safe. */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_file_locking(fapl, 0, 1);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    if (f < 0)
        SF_FAIL(SF_ERR_IO, "%s: cannot open", path);
    char *fmt = NULL, *status = NULL, *name = NULL;
    sf_h5_attr_read_string(f, "format", &fmt);
    sf_status st = SF_OK;
    if (!fmt || strcmp(fmt, SF_RESULTS_FORMAT) != 0) {
        st = sf_error_set(SF_ERR_FORMAT, "%s: not a saffron results file", path);
        goto done;
    }
    sf_h5_attr_read_string(f, "status", &status);
    sf_h5_attr_read_string(f, "campaign", &name);
    snprintf(s->status, sizeof s->status, "%s", status ? status : "?");
    snprintf(s->name, sizeof s->name, "%s", name ? name : "?");
    hid_t d = H5Dopen2(f, "tasks", H5P_DEFAULT);
    hid_t run = H5Dopen2(f, "run_times_unix", H5P_DEFAULT);
    if (d < 0 || run < 0) {
        if (d >= 0) H5Dclose(d);
        if (run >= 0) H5Dclose(run);
        st = sf_error_set(SF_ERR_FORMAT, "%s: no /tasks table", path);
        goto done;
    }
    hid_t space = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, NULL);
    H5Sclose(space);
    task_row *rows = calloc(n ? n : 1, sizeof *rows);
    hid_t type = sf_rfile_task_row_type();
    double times[2] = {0, 0};
    if (!rows || (n > 0 && H5Dread(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0) ||
        H5Dread(run, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, times) < 0) {
        st = sf_error_set(SF_ERR_HDF5, "%s: cannot read /tasks", path);
    } else {
        s->n_tasks = n;
        for (hsize_t i = 0; i < n; ++i) {
            s->done += rows[i].state == SF_TASK_DONE;
            s->running += rows[i].state == SF_TASK_RUNNING;
            s->pending += rows[i].state == SF_TASK_PENDING;
            s->histories_done += rows[i].histories_done;
            s->histories_planned += rows[i].histories_planned;
            s->cpu_seconds += rows[i].cpu_seconds;
        }
        s->start_unix = times[0];
        s->last_update_unix = times[1];
    }
    H5Tclose(type);
    free(rows);
    H5Dclose(d);
    H5Dclose(run);
done:
    free(fmt);
    free(status);
    free(name);
    H5Fclose(f);
    return st;
}
