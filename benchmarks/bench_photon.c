/* Photon kernel throughput: liver-source photons in a phantom (default the
 * ICRP 110 AM phantom), kerma mode, at 30, 140, 364 and 1000 keV on 1 and 2
 * threads. Prints histories/s/thread and the memory the phantom and tables
 * take per rank, as JSON lines. Besides wall-clock rates it prints
 * histories per CPU second, which stays meaningful on a machine shared
 * with other jobs.
 *
 * usage: bench_photon [PHANTOM [SOURCE [HISTORIES [KEV,KEV,... [THREADS]]]]]
 *   KEV: energies in keV (default 30,140,364,1000)
 *   THREADS: largest thread count (runs 1..THREADS, default 2) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/parse.h"
#include "geometry/phantom.h"
#include "transport/task_run.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu_now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

int main(int argc, char **argv)
{
    const char *spec = argc > 1 ? argv[1] : "../shared/data/icrp110/AM";
    const char *source_name = argc > 2 ? argv[2] : "Liver";
    uint64_t N = 1000000;
    if (argc > 3 && sf_parse_count(argv[3], "HISTORIES", UINT64_C(1) << 40, &N) != SF_OK) {
        fprintf(stderr, "bench_photon: %s\n", sf_error_message());
        return 1;
    }
    double energies[16] = {0.03, 0.14, 0.364, 1.0};
    int n_energies = 4, max_threads = 2;
    if (argc > 4) {
        n_energies = 0;
        char *rest = argv[4], *end;
        while (*rest && n_energies < 16) {
            double keV = strtod(rest, &end);
            if (end == rest || !(keV >= 1 && keV <= 20000)) {
                fprintf(stderr, "bench_photon: energies '%s': expected keV "
                        "values in [1, 20000] separated by commas\n", argv[4]);
                return 1;
            }
            energies[n_energies++] = keV * 1e-3;
            rest = *end == ',' ? end + 1 : end;
        }
    }
    if (argc > 5) {
        max_threads = atoi(argv[5]);
        if (max_threads < 1 || max_threads > 256) {
            fprintf(stderr, "bench_photon: threads '%s': expected 1..256\n", argv[5]);
            return 1;
        }
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
    for (int e = 0; e < n_energies; ++e) {
        sf_source *src = NULL;
        uint16_t l = (uint16_t)label;
        if (sf_source_region(ph, &l, 1, SF_PARTICLE_PHOTON, &src) != SF_OK ||
            sf_source_set_energy(src, energies[e]) != SF_OK) {
            fprintf(stderr, "bench_photon: %s\n", sf_error_message());
            return 1;
        }
        for (int threads = 1; threads <= max_threads; ++threads) {
            sf_tally *t = NULL;
            sf_tally_create(map->n_targets, &t);
            sf_stream_id id = {1u, (uint32_t)e};
            double t1 = now(), c1 = cpu_now();
            if (sf_task_run(w, src, map, id, 0, N, threads, t) != SF_OK) {
                fprintf(stderr, "bench_photon: %s\n", sf_error_message());
                return 1;
            }
            double s = now() - t1, cpu = cpu_now() - c1;
            printf("{\"source\": \"%s\", \"energy_MeV\": %g, \"threads\": %d, "
                   "\"histories\": %llu, \"seconds\": %.3f, "
                   "\"histories_per_s\": %.4g, \"histories_per_s_per_thread\": %.4g, "
                   "\"cpu_seconds\": %.3f, \"histories_per_cpu_s\": %.4g, "
                   "\"real_per_history\": %.3f, \"virtual_per_history\": %.3f, "
                   "\"balance_rel_error\": %.2e}\n",
                   source_name, energies[e], threads, (unsigned long long)N, s,
                   N / s, N / s / threads, cpu, N / cpu,
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
