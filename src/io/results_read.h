/* Reading a campaign's results file back (docs/results-format.md): the SAF
 * tables with their axes and masses, a few provenance attributes, and the
 * dose maps linked under /dose_maps. Read-only; works on a file whose run
 * is still going (tasks not done read as NaN). */
#ifndef SF_RESULTS_READ_H
#define SF_RESULTS_READ_H

#include "core/error.h"
#include "results/dose_image.h"
#include "results/saf_table.h"

typedef struct sf_results_meta {
    char campaign[64];
    char phantom[1024];        /* as written in the manifest */
    char manifest_file[1024];  /* path of the manifest when the run began */
    char status[32];           /* running, complete, interrupted */
} sf_results_meta;

/* Reads /saf, /saf_rel_unc, /absorbed_fraction and their axes. meta may be
 * NULL. */
sf_status sf_results_load_saf(const char *path, sf_saf_table **out,
                              sf_results_meta *meta);

/* Ids of the tasks whose dose map is written and reachable through
 * /dose_maps/task_ID, ascending; *ids is malloc'ed (NULL when none). */
sf_status sf_results_list_dose_maps(const char *path, long **ids, size_t *n);

/* Reads the dose map of a task. */
sf_status sf_results_load_dose_map(const char *path, long task,
                               sf_dose_image *img);

#endif
