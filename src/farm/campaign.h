/* What every rank holds for a campaign: the frozen manifest, the phantom,
 * the task plan, the transport world and target maps, and one source per
 * source region (built on first use). */
#ifndef SF_CAMPAIGN_H
#define SF_CAMPAIGN_H

#include <stdint.h>

#include "core/error.h"
#include "farm/precision.h"
#include "farm/shard.h"
#include "io/manifest.h"
#include "transport/task_run.h"

typedef struct sf_campaign {
    const sf_manifest *m;
    sf_phantom *ph;
    sf_task_plan *plan;
    sf_world *w;
    sf_target_map *map;        /* of photon tasks */
    /* Of electron and positron tasks: the same as map unless skeletal
     * targets score photons by kerma (docs/skeleton.md). */
    sf_target_map *map_charged;
    sf_source **sources;       /* per plan source, NULL until first used */
    int *precision_target;     /* per task, see sf_sched_task */
    sf_precision_rule rule;    /* the manifest's precision rule, if any */
    unsigned char *cross_fire_watch; /* [target], the rule's watch array */
    char phantom_sha256[65];
    /* The photon data's checksum, or with `drf:` that of the data and the
     * response functions together (what results record). */
    char physics_sha256[65];
    struct sf_drf_table *drf;  /* NULL without `drf:` */
} sf_campaign;

/* Parses manifest text (origin: its path, for errors and relative paths),
 * loads the phantom, resolves the plan (only the tasks of `shard` when its
 * count is not 0) and builds the world. */
sf_status sf_campaign_setup(const char *manifest_text, const char *origin,
                            sf_shard shard, sf_campaign **out);
void sf_campaign_destroy(sf_campaign **c);

/* Runs histories [first, first+n) of a task into tally, in slices of about
 * `slice_seconds` of wall time each (sized from the previous slice's
 * speed; 0: one slice); between slices poll(ctx) is called and a non-zero
 * answer abandons the chunk (*abandoned = 1). Slicing never changes the
 * result: tallies are integer sums. cpu_seconds is the process CPU time
 * spent. */
sf_status sf_campaign_run_chunk(sf_campaign *c, uint64_t task, uint64_t first,
                                uint64_t n, int threads, double slice_seconds,
                                int (*poll)(void *), void *ctx,
                                sf_tally *tally, sf_dose_map *dose,
                                double *cpu_seconds, int *abandoned);

/* Voxels of the phantom (the size of a dose map). */
int64_t sf_campaign_voxels(const sf_campaign *c);

#endif
