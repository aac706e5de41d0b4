/* Reading the provenance of a results file (docs/results-format.md). */
#include "io/results.h"

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
              read_string(f, "physics_data_sha256", &p->physics_data_sha256);
    if (sf_h5_attr_read_long(f, "shard_count", &p->shard_count) != 0)
        p->shard_count = 0;
    if (sf_h5_attr_read_long(f, "shard_index", &p->shard_index) != 0)
        p->shard_index = 0;
    if (sf_h5_attr_read_long(f, "ranks", &p->ranks) != 0)
        p->ranks = 0;
    if (sf_h5_attr_read_long(f, "threads", &p->threads) != 0)
        p->threads = 0;
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
                  &p->phantom_sha256, &p->physics_data_sha256};
    for (size_t i = 0; i < sizeof s / sizeof *s; ++i) {
        free(*s[i]);
        *s[i] = NULL;
    }
}
