#include "transport/task_run.h"

#include <omp.h>
#include <stdio.h>

#include "transport/history_lanes.h"

sf_status sf_task_run(const sf_world *w, const sf_source *src,
                      const sf_target_map *map, sf_stream_id id,
                      uint64_t first, uint64_t n, int n_threads,
                      sf_tally *tally)
{
    return sf_task_run_dose(w, src, map, id, first, n, n_threads, tally, NULL);
}

sf_status sf_task_run_dose(const sf_world *w, const sf_source *src,
                           const sf_target_map *map, sf_stream_id id,
                           uint64_t first, uint64_t n, int n_threads,
                           sf_tally *tally, sf_dose_map *dose)
{
    if (n_threads < 1)
        n_threads = 1;
    sf_status status = SF_OK;
    char message[1024] = "";
    /* Photon sources run on interleaved lanes (history_lanes.h), which give
     * the same bits as one history after another, where they pay: the label
     * array is larger than the caches, and the photons are energetic
     * enough to make several tentative collisions each (below ~50 keV a
     * history ends after a few, near the source, and the lanes' bookkeeping
     * costs more than they save; benchmarks/HISTORY.md). A dose map keeps one
     * history at a time: its staging takes 12 bytes per voxel and lane. */
    int64_t n_voxels = (int64_t)w->ph->nx * w->ph->ny * w->ph->nz;
    int n_lanes = !dose && src->particle == SF_PARTICLE_PHOTON &&
                          src->mean_energy_MeV >= SF_HISTORY_LANES_MIN_MEV &&
                          n_voxels * (int64_t)sizeof *w->ph->label >
                              SF_HISTORY_LANES_MIN_BYTES
                      ? SF_HISTORY_LANES
                      : 1;
    /* Histories are handed to threads in grains: large enough to amortise
     * the scheduling and the lanes' start and drain, small enough that
     * every thread gets work even when a caller runs a short slice. */
    int64_t grain = (int64_t)(n / (8 * (uint64_t)n_threads));
    int64_t max_grain = n_lanes > 1 ? 64 * n_lanes : 256;
    if (grain > max_grain)
        grain = max_grain;
    if (grain < 1)
        grain = 1;
    int64_t n_grains = ((int64_t)n + grain - 1) / grain;
#pragma omp parallel num_threads(n_threads)
    {
        sf_history_scratch *s = NULL;
        sf_history_lanes *lanes = NULL;
        sf_tally *local = NULL;
        sf_status st = sf_tally_create(map->n_targets, &local);
        if (st == SF_OK && n_lanes > 1)
            st = sf_history_lanes_create(w, map->n_targets, n_lanes, &lanes);
        else if (st == SF_OK)
            st = sf_history_scratch_create(w, map->n_targets, &s);
        if (st == SF_OK && dose)
            st = sf_history_scratch_attach_dose(s, dose);
        if (st != SF_OK) {
#pragma omp critical(sf_task_run_error)
            {
                status = st;
                snprintf(message, sizeof message, "%s", sf_error_message());
            }
        }
        /* Every thread takes part in the loop (an omp for must be reached
         * by all); a thread without scratch skips its histories' work only
         * if it failed, and the error is reported below. */
#pragma omp barrier
        if (status == SF_OK) {
#pragma omp for schedule(dynamic, 1)
            for (int64_t g = 0; g < n_grains; ++g) {
                uint64_t h0 = first + (uint64_t)(g * grain);
                uint64_t m = (uint64_t)(g + 1 < n_grains ? grain : (int64_t)n - g * grain);
                if (lanes) {
                    sf_history_lanes_run(w, src, map, id, h0, m, lanes, local);
                } else {
                    for (uint64_t h = 0; h < m; ++h)
                        sf_history_run(w, src, map, id, h0 + h, s, local);
                }
            }
#pragma omp critical(sf_task_run_merge)
            sf_tally_merge(tally, local);
        }
        sf_tally_destroy(&local);
        sf_history_lanes_destroy(&lanes);
        sf_history_scratch_destroy(&s);
    }
    if (status != SF_OK)
        return sf_error_set(status, "%s", message);
    if (dose)
        dose->histories += n;
    return SF_OK;
}
