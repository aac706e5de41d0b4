/* Reading a campaign's results file back (docs/results-format.md): the SAF
 * tables with their axes and masses, a few provenance attributes, and the
 * dose maps linked under /dose_maps. Read-only; works on a file whose run
 * is still going (tasks not done read as NaN). */
#ifndef SF_RESULTS_READ_H
#define SF_RESULTS_READ_H

#include "core/error.h"
#include "results/dose_image.h"
#include "results/fom.h"
#include "results/saf_table.h"

#include <stdint.h>

typedef struct sf_results_meta {
    char campaign[64];
    char phantom[1024];        /* as written in the manifest */
    char manifest_file[1024];  /* path of the manifest when the run began */
    char status[32];           /* running, complete, interrupted */
    char saffron_version[64];
    char git_commit[64];
    char start_time[32];       /* ISO 8601 UTC */
    char end_time[32];         /* "-" until a run ends cleanly */
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

/* The figures of merit of every task (for `saffron status`), with the
 * names needed to report them. */
typedef enum sf_fom_origin {
    SF_FOM_STORED = 0, /* read from /tasks_fom */
    SF_FOM_COMPUTED,   /* a file older than /tasks_fom: computed from
                        * /saf_rel_unc, /saf and /tasks (done tasks only) */
    SF_FOM_UNAVAILABLE /* an older shard's file: it has no /saf_rel_unc */
} sf_fom_origin;

typedef struct sf_results_fom_task {
    uint32_t task_id, source, particle; /* indices into the axes */
    double energy_MeV;
    int state;                          /* 0 pending, 1 running, 2 done */
    double cpu_seconds;
    sf_fom fom;
} sf_results_fom_task;

typedef struct sf_results_fom {
    sf_fom_origin origin;
    size_t n_tasks, n_sources, n_targets, n_particles;
    sf_results_fom_task *tasks;        /* the rows of /tasks, in order */
    sf_saf_region *sources, *targets;  /* names, ids, masses */
    char (*particles)[SF_SAF_PARTICLE_MAX];
} sf_results_fom;

sf_status sf_results_load_fom(const char *path, sf_results_fom *out);
void sf_results_fom_clear(sf_results_fom *f);

#endif
