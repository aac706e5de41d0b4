/* Photon kernel throughput: liver-source photons in a phantom (default the
 * ICRP 110 AM phantom), kerma mode, at 30, 140, 364 and 1000 keV on 1 and 2
 * threads. Prints histories/s/thread and the memory the phantom and tables
 * take per rank, as JSON lines. Besides wall-clock rates it prints
 * histories per CPU second, which stays meaningful on a machine shared
 * with other jobs.
 *
 * usage: bench_photon [PHANTOM [SOURCE [HISTORIES [KEV,KEV,... [THREADS]]]]]
 *   KEV: energies in keV (default 30,140,364,1000)
 *   THREADS: largest thread count (runs 1..THREADS, default 2)
 *
 * Each energy also runs a lean reference kernel on one thread, in the same
 * process on the same phantom and source: Woodcock tracking with one
 * global majorant, photoelectric absorption (all energy on the spot) and
 * free-electron Klein-Nishina scattering (sf_klein_nishina_sample), no
 * Rayleigh, fluorescence, binding, uncertainties or bookkeeping; the same
 * Philox streams and cross-section grid. It is the ceiling issue 12 sets
 * the photon kernel against ("lean" lines: seven alternating rounds of
 * N/7 histories of each, on the same histories, and the median of the
 * rounds' ratios saffron/lean in histories per CPU second, which a shared
 * machine's drifts affect far less than two separate timings). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <math.h>

#include "core/parse.h"
#include "geometry/phantom.h"
#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */
#include "physics/compton.h"
#include "physics/kinematics.h"
#include "results/median.h"
#include "transport/task_run.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu_now(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

/* ---- lean reference kernel ------------------------------------------- */

typedef struct lean_kernel {
    const sf_world *w;
    double *majorant; /* [grid] 1/cm: max over used labels of rho (photo + incoh) */
    double *edep;     /* [label] MeV */
    uint64_t real, virt;
} lean_kernel;

static int lean_init(lean_kernel *L, const sf_world *w)
{
    const sf_photon_xs *xs = w->xs;
    L->w = w;
    L->real = L->virt = 0;
    L->majorant = calloc((size_t)xs->n_grid, sizeof *L->majorant);
    L->edep = calloc((size_t)w->n_labels, sizeof *L->edep);
    if (!L->majorant || !L->edep)
        return -1;
    /* The node-wise maximum, interpolated linearly, bounds every label's
     * interpolated coefficient (a max of convex combinations). */
    for (int l = 0; l < w->n_labels; ++l) {
        int m = w->label_material[l];
        if (m < 0)
            continue;
        for (int i = 0; i < xs->n_grid; ++i) {
            const double *p = sf_photon_xs_material_proc(xs, m, i);
            double mu = w->label_density[l] * (p[SF_PROC_PHOTO] + p[SF_PROC_INCOH]);
            if (mu > L->majorant[i])
                L->majorant[i] = mu;
        }
    }
    return 0;
}

static void lean_history(lean_kernel *L, const sf_source *src, uint32_t task,
                         uint64_t h)
{
    const sf_world *w = L->w;
    const sf_photon_xs *xs = w->xs;
    const sf_phantom *ph = w->ph;
    sf_rng rng;
    sf_rng_init(&rng, 1u, task, h, SF_RNG_PURPOSE_SOURCE);
    sf_particle p;
    sf_source_sample(src, ph, &rng, &p);
    sf_rng_init(&rng, 1u, task, h, SF_RNG_PURPOSE_TRANSPORT);
    double E = p.energy_MeV;
    for (;;) {
        sf_xs_point xp = sf_photon_xs_locate(xs, E);
        double mu_max = sf_xs_interp(L->majorant, xp);
        double s = -log(sf_rng_uniform(&rng)) / mu_max;
        for (int a = 0; a < 3; ++a)
            p.pos_cm[a] += s * p.dir[a];
        int64_t v = sf_world_voxel(w, p.pos_cm);
        if (v < 0)
            return; /* left the (convex) box */
        int label = ph->label[v];
        int m = w->label_material[label];
        double u = sf_rng_uniform32(&rng) * mu_max;
        if (m < 0) {
            L->virt++;
            continue;
        }
        const double *p0 = sf_photon_xs_material_proc(xs, m, xp.i);
        const double *p1 = p0 + SF_NPROC;
        double rho = w->label_density[label];
        double photo = rho * (p0[SF_PROC_PHOTO] +
                              xp.f * (p1[SF_PROC_PHOTO] - p0[SF_PROC_PHOTO]));
        double incoh = rho * (p0[SF_PROC_INCOH] +
                              xp.f * (p1[SF_PROC_INCOH] - p0[SF_PROC_INCOH]));
        if (u >= photo + incoh) {
            L->virt++;
            continue;
        }
        L->real++;
        if (u < photo) {
            L->edep[label] += E;
            return;
        }
        double one_minus_cos;
        double E1 = E * sf_klein_nishina_sample(E / SF_ELECTRON_MASS_MEV, &rng,
                                                &one_minus_cos);
        L->edep[label] += E - E1;
        sf_rotate_random_azimuth(p.dir, 1.0 - one_minus_cos, &rng);
        E = E1;
        if (E < w->opt.photon_cutoff_MeV) {
            L->edep[label] += E;
            return;
        }
    }
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
        /* The ratio to the lean kernel: alternating rounds of both on the
         * same histories, so that the drifts of a shared machine hit both
         * alike; the median of the rounds' ratios is printed. */
        lean_kernel L;
        if (lean_init(&L, w) != 0) {
            fprintf(stderr, "bench_photon: out of memory\n");
            return 1;
        }
        enum { ROUNDS = 7 };
        double ratio[ROUNDS], lean_rate[ROUNDS], saf_rate[ROUNDS];
        uint64_t per = N / ROUNDS > 0 ? N / ROUNDS : 1;
        sf_tally *t = NULL;
        sf_tally_create(map->n_targets, &t);
        for (int r = 0; r < ROUNDS; ++r) {
            sf_stream_id id = {1u, (uint32_t)e};
            double c0 = cpu_now();
            if (sf_task_run(w, src, map, id, r * per, per, 1, t) != SF_OK) {
                fprintf(stderr, "bench_photon: %s\n", sf_error_message());
                return 1;
            }
            double c1 = cpu_now();
            for (uint64_t h = r * per; h < (r + 1) * per; ++h)
                lean_history(&L, src, (uint32_t)e, h);
            double c2 = cpu_now();
            saf_rate[r] = per / (c1 - c0);
            lean_rate[r] = per / (c2 - c1);
            ratio[r] = saf_rate[r] / lean_rate[r];
        }
        sf_tally_destroy(&t);
        double dep = 0;
        for (int l = 0; l < w->n_labels; ++l)
            dep += L.edep[l];
        uint64_t n_lean = per * ROUNDS;
        double ratio_median = sf_median_sort(ratio, ROUNDS); /* sorts ratio */
        printf("{\"lean\": \"global majorant, photoelectric + Klein-Nishina\", "
               "\"source\": \"%s\", \"energy_MeV\": %g, \"threads\": 1, "
               "\"histories\": %llu, \"rounds\": %d, "
               "\"lean_histories_per_cpu_s\": %.4g, "
               "\"saffron_histories_per_cpu_s\": %.4g, "
               "\"real_per_history\": %.3f, \"virtual_per_history\": %.3f, "
               "\"deposited_fraction\": %.4f, \"saffron_over_lean\": %.3f, "
               "\"ratio_min\": %.3f, \"ratio_max\": %.3f}\n",
               source_name, energies[e], (unsigned long long)n_lean, ROUNDS,
               sf_median_sort(lean_rate, ROUNDS), sf_median_sort(saf_rate, ROUNDS),
               (double)L.real / n_lean, (double)L.virt / n_lean,
               dep / (n_lean * energies[e]), ratio_median, ratio[0],
               ratio[ROUNDS - 1]);
        fflush(stdout);
        free(L.majorant);
        free(L.edep);
        sf_source_destroy(&src);
    }
    sf_target_map_destroy(&map);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
    return 0;
}
