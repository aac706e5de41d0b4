/* Photon kernel throughput: liver-source photons in a phantom (default the
 * ICRP 110 AM phantom), kerma mode, at 30, 140, 364 and 1000 keV on 1 and 2
 * threads. Prints histories/s/thread and the memory the phantom and tables
 * take per rank, as JSON lines.
 *
 * usage: bench_photon [PHANTOM [SOURCE [HISTORIES]]] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/parse.h"
#include "geometry/phantom.h"
#include "transport/task_run.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *spec = argc > 1 ? argv[1] : "../shared/data/icrp110/AM";
    const char *source_name = argc > 2 ? argv[2] : "Liver";
    uint64_t N = 1000000;
    if (argc > 3 && sf_parse_count(argv[3], "HISTORIES", UINT64_C(1) << 40, &N) != SF_OK) {
        fprintf(stderr, "bench_photon: %s\n", sf_error_message());
        return 1;
    }
    sf_phantom *ph = NULL;
    sf_world *w = NULL;
    sf_target_map *map = NULL;
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA;
    double t0 = now();
    if (sf_phantom_load(spec, &ph) != SF_OK || sf_world_build(ph, &opt, &w) != SF_OK ||
        sf_target_map_per_label(ph, &map) != SF_OK) {
        fprintf(stderr, "bench_photon: %s\n", sf_error_message());
        return 1;
    }
    int label = sf_phantom_find_region(ph, source_name);
    if (label < 0) {
        fprintf(stderr, "bench_photon: no region '%s' in %s\n", source_name, spec);
        return 1;
    }
    double setup_s = now() - t0;
    printf("{\"phantom\": \"%s\", \"voxels\": %lld, \"setup_seconds\": %.3f, "
           "\"world_MB\": %.2f, \"grid_points\": %d}\n", spec,
           (long long)ph->nx * ph->ny * ph->nz, setup_s,
           sf_world_bytes(w) / 1048576.0, w->xs->n_grid);
    const double energies[] = {0.03, 0.14, 0.364, 1.0};
    for (int e = 0; e < 4; ++e) {
        sf_source *src = NULL;
        uint16_t l = (uint16_t)label;
        if (sf_source_region(ph, &l, 1, SF_PARTICLE_PHOTON, &src) != SF_OK ||
            sf_source_set_energy(src, energies[e]) != SF_OK) {
            fprintf(stderr, "bench_photon: %s\n", sf_error_message());
            return 1;
        }
        for (int threads = 1; threads <= 2; ++threads) {
            sf_tally *t = NULL;
            sf_tally_create(map->n_targets, &t);
            sf_stream_id id = {1u, (uint32_t)e};
            double t1 = now();
            if (sf_task_run(w, src, map, id, 0, N, threads, t) != SF_OK) {
                fprintf(stderr, "bench_photon: %s\n", sf_error_message());
                return 1;
            }
            double s = now() - t1;
            printf("{\"source\": \"%s\", \"energy_MeV\": %g, \"threads\": %d, "
                   "\"histories\": %llu, \"seconds\": %.3f, "
                   "\"histories_per_s\": %.4g, \"histories_per_s_per_thread\": %.4g, "
                   "\"real_per_history\": %.3f, \"virtual_per_history\": %.3f, "
                   "\"balance_rel_error\": %.2e}\n",
                   source_name, energies[e], threads, (unsigned long long)N, s,
                   N / s, N / s / threads,
                   (double)t->counter[SF_COUNT_REAL_COLLISIONS] / N,
                   (double)t->counter[SF_COUNT_VIRTUAL_COLLISIONS] / N,
                   sf_tally_balance_error(t));
            fflush(stdout);
            sf_tally_destroy(&t);
        }
        sf_source_destroy(&src);
    }
    sf_target_map_destroy(&map);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
    return 0;
}
