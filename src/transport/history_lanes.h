/* Photon histories interleaved on lanes, to overlap their memory loads.
 *
 * A photon's tentative collisions each read the label of a voxel picked at
 * random in a label array far larger than the caches (14 MB for the ICRP
 * 110 male); one history's loads depend on each other, so a single history
 * waits for every one of them. Several histories in flight, each on its own
 * lane (scratch, random stream, particle stack), let those loads overlap:
 * the lanes take turns, and in its turn a lane resolves the tentative
 * collision whose label it prefetched in its previous turn, then advances
 * its photon to the next one and prefetches that label, so that every
 * load has the other lanes' turns to arrive.
 *
 * Each history still draws its own stream in its own order and sums its
 * own energies, and the tally folds histories in exact integer arithmetic
 * (tally.h), so the result is bitwise the same as running the histories one
 * after the other with sf_history_run, whatever the number of lanes.
 * Charged particles are transported whole when their turn comes, as in
 * sf_history_run. */
#ifndef SF_HISTORY_LANES_H
#define SF_HISTORY_LANES_H

#include "transport/history.h"

/* Lanes per thread; measured in benchmarks/HISTORY.md (bench_photon). */
#ifndef SF_HISTORY_LANES
#define SF_HISTORY_LANES 8
#endif

/* Where the lanes pay (task_run.c): label arrays above this size in
 * bytes, which do not stay in the caches, and sources of this mean energy
 * (MeV) and above. */
#ifndef SF_HISTORY_LANES_MIN_BYTES
#define SF_HISTORY_LANES_MIN_BYTES (2 << 20)
#endif
#ifndef SF_HISTORY_LANES_MIN_MEV
#define SF_HISTORY_LANES_MIN_MEV 0.05
#endif

typedef struct sf_history_lanes sf_history_lanes;

/* n_lanes in [1, 64]. */
sf_status sf_history_lanes_create(const sf_world *w, int n_targets,
                                  int n_lanes, sf_history_lanes **out);
void sf_history_lanes_destroy(sf_history_lanes **l);

/* Runs histories [first, first + n) of the task and folds them into tally,
 * with the same bits as sf_history_run called on each in turn. */
void sf_history_lanes_run(const sf_world *w, const sf_source *src,
                          const sf_target_map *map, sf_stream_id id,
                          uint64_t first, uint64_t n, sf_history_lanes *l,
                          sf_tally *tally);

#endif
