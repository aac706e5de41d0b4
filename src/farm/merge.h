/* `saffron merge`: the shard files of one campaign (`saffron run --shard
 * i/N`) joined into one results file whose result datasets are byte for
 * byte those of a single run of the whole campaign (docs/results-format.md
 * says which datasets that covers). Each task's exact integer tally is
 * copied and its SAF rows are computed by the same code as in a run. */
#ifndef SF_MERGE_H
#define SF_MERGE_H

#include <stdint.h>

#include "core/error.h"

/* Refuses, naming the file and the reason, shards that are not all the
 * shards of one campaign run by the same code on the same physics data and
 * phantom, or that are not finished; OUT is then not created. */
sf_status sf_merge_shards(const char *out_path, const char *const *shards,
                          int n_shards, uint64_t *tasks_merged);

#endif
