/* Checks, before a run resumes into a results file, that the file was
 * written by this code, physics data and phantom: resuming otherwise would
 * mix chunks computed two ways in one tally. Internal to src/io. */
#ifndef SF_RESULTS_RESUME_CHECK_H
#define SF_RESULTS_RESUME_CHECK_H

#include <hdf5.h>

#include "core/error.h"
#include "io/results.h"

/* SF_OK when the root attributes of `file` (format_version,
 * saffron_version, git_commit, physics_data_sha256, phantom_sha256) match
 * this build and `info`; else one line naming `path`, the attribute, the
 * file's value and this run's. */
sf_status sf_results_check_provenance(hid_t file, const char *path,
                                      const sf_results_info *info);

#endif
