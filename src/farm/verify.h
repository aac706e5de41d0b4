/* `saffron verify`: checks a results file against itself and against the
 * code at hand.
 *
 * Two checks: (1) every task's rows of /tasks and of the SAF tables are
 * exactly what its durable state (the exact integer tally in
 * /state/task_slots, under its checksum) gives, which pinpoints any edited
 * or damaged dataset element; (2) a few tasks, chosen deterministically,
 * are run again from the manifest stored in the file and their tallies
 * compared bit for bit. Differences in code version, physics data or
 * phantom between the file and this program are named. */
#ifndef SF_VERIFY_H
#define SF_VERIFY_H

#include <stdio.h>

#include "core/error.h"

typedef struct sf_verify_outcome {
    int inconsistent;   /* tasks whose datasets disagree with their state */
    int rerun;          /* tasks run again */
    int identical;      /* of those, bitwise identical */
} sf_verify_outcome;

/* Verifies `path`, re-running `n_rerun` done tasks (fewer if the file has
 * fewer) with `threads` OpenMP threads; the report goes to `out`. An error
 * is returned only when the check itself cannot be made. */
sf_status sf_verify_file(const char *path, int n_rerun, int threads,
                         FILE *out, sf_verify_outcome *res);

#endif
