/* Shards: a campaign cut into N independent runs (`saffron run --shard
 * i/N`), e.g. the elements of a Slurm job array, merged afterwards by
 * `saffron merge`.
 *
 * Tasks are dealt to shards from the manifest alone, so every shard, the
 * merge and `saffron plan` agree without sharing anything. To balance the
 * shards without knowing the cost of each task, the tasks are put in the
 * order (particle, energy, source) and dealt in snake order (0, 1, ...,
 * N-1, N-1, ..., 1, 0, 0, 1, ...): every shard gets the same mix of
 * particles and energies, which is what the cost of a task depends on most.
 * A task keeps its campaign id (its random streams), so a shard computes
 * exactly what a whole run computes for its tasks. */
#ifndef SF_SHARD_H
#define SF_SHARD_H

#include <stdint.h>

#include "core/error.h"
#include "io/manifest.h"

typedef struct sf_shard {
    uint32_t index; /* 0 .. count-1 */
    uint32_t count; /* 0: the whole campaign */
} sf_shard;

/* Parses "i/N" (0 <= i < N <= 1000000); `what` names the option in
 * errors. */
sf_status sf_shard_parse(const char *text, const char *what, sf_shard *out);

/* The shard (0 .. count-1) that runs a task of the plan. */
uint32_t sf_shard_of_task(const sf_task_plan *plan, const sf_manifest *m,
                          const sf_task *t, uint32_t count);

/* Keeps in a whole campaign's plan only the tasks of the shard. A shard
 * that would get no task (more shards than tasks) is an error. */
sf_status sf_shard_select(sf_task_plan *plan, const sf_manifest *m,
                          sf_shard shard);

#endif
