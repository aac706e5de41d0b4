/* Runs a range of histories of one task on OpenMP threads. */
#ifndef SF_TASK_RUN_H
#define SF_TASK_RUN_H

#include <stdint.h>

#include "transport/history.h"

/* Runs histories [first, first + n) of the task identified by `id` and adds
 * them to `tally` (which must have map->n_targets targets). The result is
 * bitwise the same for any n_threads >= 1 (see tally.h). */
sf_status sf_task_run(const sf_world *w, const sf_source *src,
                      const sf_target_map *map, sf_stream_id id,
                      uint64_t first, uint64_t n, int n_threads,
                      sf_tally *tally);

/* Same, also scoring a 3-D dose map (dose may be NULL). */
sf_status sf_task_run_dose(const sf_world *w, const sf_source *src,
                           const sf_target_map *map, sf_stream_id id,
                           uint64_t first, uint64_t n, int n_threads,
                           sf_tally *tally, sf_dose_map *dose);

#endif
