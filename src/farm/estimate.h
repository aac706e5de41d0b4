/* Campaign cost before submitting (`saffron plan`): a short calibration
 * run of a few tasks, spread over particles, energies and sources, gives
 * CPU seconds per history; interpolated in log energy for every task of
 * the plan (and, for a precision rule, the histories the rule will need,
 * from the uncertainty reached in calibration), it gives each task's cost
 * in core-seconds. Calibration histories are the tasks' own first
 * histories; nothing is written. */
#ifndef SF_ESTIMATE_H
#define SF_ESTIMATE_H

#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "farm/campaign.h"

typedef struct sf_estimate_options {
    int samples;               /* calibration tasks (spread evenly) */
    double sample_cpu_seconds; /* CPU time per calibration task */
    int threads;               /* OpenMP threads for the calibration */
} sf_estimate_options;

typedef struct sf_estimate_sample {
    uint32_t task;             /* row in the plan */
    uint64_t histories;        /* run in calibration */
    double core_seconds_per_history;
    double histories_needed;   /* expected for the task (rule or count) */
    /* With a cross-fire rule, its watched targets after calibration
     * (farm/precision.h): holding the task, beyond the cap, no score. */
    int cross_fire_pairs, cross_fire_unreachable, cross_fire_unscored;
} sf_estimate_sample;

typedef struct sf_estimate {
    size_t n_tasks;
    double *core_seconds;      /* [task] expected cost */
    double *histories;         /* [task] expected histories */
    int n_samples;
    sf_estimate_sample *samples;
    double setup_seconds;      /* wall time of a run's set-up (phantom,
                                * physics data, tables), measured here */
} sf_estimate;

/* Calibrates on c (whose plan may be a shard's) and estimates every task.
 * Progress lines go to log (may be NULL). */
sf_status sf_estimate_campaign(sf_campaign *c, const sf_estimate_options *o,
                               double setup_seconds, FILE *log,
                               sf_estimate *out);
void sf_estimate_free(sf_estimate *e);

/* Where the cost is: the expected core-seconds of the plan's tasks by
 * particle and by decade of source energy, [0, 0.01), [0.01, 0.1),
 * [0.1, 1), [1, 10) and [10, inf) MeV (decade d starts at
 * sf_estimate_decade_MeV(d)). out[particle][decade]. */
#define SF_ESTIMATE_DECADES 5
double sf_estimate_decade_MeV(int d);
/* "< 0.01 MeV", "0.01-0.1 MeV", ..., ">= 10 MeV" for decade d. */
void sf_estimate_decade_label(int d, char *buf, size_t n);
void sf_estimate_by_decade(const sf_campaign *c, const sf_estimate *e,
                           double out[SF_N_PARTICLE_TYPES][SF_ESTIMATE_DECADES]);

#endif
