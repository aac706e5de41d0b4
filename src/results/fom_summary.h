/* The figure-of-merit table of a campaign (`saffron status`, `saffron
 * report`): per particle, for the source region itself and for the
 * smallest target, the median and minimum FOM over the done tasks and the
 * task of the minimum (docs/results-format.md, /tasks_fom). */
#ifndef SF_FOM_SUMMARY_H
#define SF_FOM_SUMMARY_H

#include <stddef.h>

#include "core/error.h"
#include "io/results_read.h"
#include "results/fom.h"

typedef struct sf_fom_summary_row {
    size_t particle;      /* index into the file's particles */
    int smallest;         /* 0: FOM of the source itself; 1: smallest target */
    sf_fom_stats stats;   /* over the done tasks of the particle */
    long lowest_task;     /* index into sf_results_fom.tasks of the min, -1 */
} sf_fom_summary_row;

typedef struct sf_fom_summary {
    size_t done;              /* done tasks of the file */
    size_t n_rows;            /* particles with a done task, x 2 */
    sf_fom_summary_row *rows; /* particle-major, self before smallest */
} sf_fom_summary;

sf_status sf_fom_summary_build(const sf_results_fom *f, sf_fom_summary *out);
void sf_fom_summary_clear(sf_fom_summary *s);

#endif
