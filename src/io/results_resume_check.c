#include "io/results_resume_check.h"

#include <stdio.h>
#include <string.h>

#include "io/h5_attr.h"

#define VALUE_MAX 128

/* A commit recorded as "unknown" (a build outside git) cannot be compared;
 * the version number still is. */
static int commits_comparable(const char *a, const char *b)
{
    return strcmp(a, "unknown") != 0 && strcmp(b, "unknown") != 0;
}

static sf_status check_string(hid_t file, const char *path, const char *name,
                              const char *expected, const char *what)
{
    char value[VALUE_MAX];
    if (sf_h5_attr_read_string_buf(file, name, value, sizeof value) != 0)
        SF_FAIL(SF_ERR_FORMAT, "%s: no readable '%s' attribute; not a "
                "complete saffron results file, refusing to resume into it",
                path, name);
    if (!strcmp(name, "git_commit") && !commits_comparable(value, expected))
        return SF_OK;
    if (strcmp(value, expected) != 0)
        SF_FAIL(SF_ERR_VALUE, "%s: %s '%s' differs from this run's '%s' "
                "(%s); refusing to resume into it: finish it with the code "
                "and data that started it, or start anew with another -o",
                path, name, value, expected, what);
    return SF_OK;
}

sf_status sf_results_check_provenance(hid_t file, const char *path,
                                      const sf_results_info *info)
{
    double version = 0;
    if (sf_h5_attr_read_doubles(file, "format_version", &version, 1) != 0 ||
        version != SF_RESULTS_FORMAT_VERSION)
        SF_FAIL(SF_ERR_VALUE, "%s: results format version %g, this saffron "
                "reads version %d; refusing to resume into it", path, version,
                SF_RESULTS_FORMAT_VERSION);
    SF_TRY(check_string(file, path, "saffron_version", SAFFRON_VERSION,
                        "another saffron version"));
    SF_TRY(check_string(file, path, "git_commit", SAFFRON_GIT_COMMIT,
                        "another saffron build"));
    if (!info)
        return SF_OK;
    if (info->physics_data_sha256)
        SF_TRY(check_string(file, path, "physics_data_sha256",
                            info->physics_data_sha256,
                            "other physics data"));
    if (info->phantom_sha256)
        SF_TRY(check_string(file, path, "phantom_sha256", info->phantom_sha256,
                            "the phantom's files have changed"));
    return SF_OK;
}
