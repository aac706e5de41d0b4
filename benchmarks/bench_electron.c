/* Coupled-mode (electron transport) throughput, as JSON lines.
 *
 * (a) Reference problem: isotropic point source at the centre of the central
 *     voxel of a 61x61x61 water phantom of 5 mm voxels (label 2 = central
 *     voxel, label 1 = the rest); cut-offs 10 keV kinetic for electrons and
 *     photons; photons of 0.1 and 1 MeV and electrons of 1 MeV; coupled
 *     mode with the default step parameters. Prints histories/s per thread
 *     and the fractions of the emitted energy deposited in the central voxel
 *     and in the whole phantom.
 * (b) If the ICRP 110 AM phantom exists (../shared/data/icrp110/AM or
 *     argv[1]): liver-source electrons at 0.1 and 1 MeV and photons at 0.14
 *     and 1 MeV, coupled mode, histories/s/thread.
 *
 * usage: bench_electron [AM_DIR [HISTORIES [THREADS [CASES]]]]
 * CASES: the digits of the lines to run, 1-3 the reference problem, 4-7
 * the AM liver (default "1234567"); e.g. "3" runs the 1 MeV electrons
 * alone (for callgrind: --collect-atstart=no --toggle-collect=sf_task_run).
 * Each line gives histories per wall second per thread and per CPU second
 * of the process (the figure to compare on a shared machine).
 * SAFFRON_BENCH_RANGE_REJECTION=1 turns on the world option
 * electron_range_rejection (off by default, and off for the figures the
 * issue asks for): an electron whose residual path cannot leave its voxel
 * deposits its energy there (exact for voxel and region tallies except for
 * the bremsstrahlung such an electron would still emit).
 * SAFFRON_BENCH_RANGE_REJECTION_BELOW_MEV=E sets the threshold of the
 * low-energy range rejection of the ICRP 110 lines (default 0.02 MeV, 0 turns
 * it off; the reference problem keeps the default).
 * SAFFRON_BENCH_IN_PLACE_BELOW_MEV=E sets the threshold of the in-place
 * slowing-down of both problems (default 1 MeV, 0 turns it off).
 * SAFFRON_BENCH_DELTA_RAY_FRACTION=F sets the growth of the delta-ray
 * threshold of both problems (default 0.05 with the voxel cap; 0: the fixed
 * 10 keV production thresholds the reference problem was defined with). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* CPU time of the whole process (all threads): on a shared machine the
 * rate per CPU-second is the figure to compare. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static sf_phantom *water_box(int n, double h)
{
    sf_phantom *ph = calloc(1, sizeof *ph);
    size_t nv = (size_t)n * n * n;
    if (!ph || !(ph->label = malloc(nv * sizeof *ph->label)) ||
        !(ph->regions = calloc(3, sizeof *ph->regions)) ||
        !(ph->media = calloc(1, sizeof *ph->media)))
        return NULL;
    snprintf(ph->name, sizeof ph->name, "water box %d^3 x %g cm", n, h);
    ph->nx = ph->ny = ph->nz = n;
    for (int a = 0; a < 3; ++a)
        ph->spacing_cm[a] = h;
    for (size_t v = 0; v < nv; ++v)
        ph->label[v] = 1;
    int c = n / 2;
    ph->label[c + (size_t)n * (c + (size_t)n * c)] = 2;
    if (sf_material_builtin("water", &ph->media[0]) != SF_OK)
        return NULL;
    ph->n_media = 1;
    ph->n_labels = 3;
    for (int l = 0; l < 3; ++l) {
        snprintf(ph->regions[l].name, sizeof ph->regions[l].name,
                 l == 2 ? "centre" : (l == 1 ? "rest" : "unused"));
        ph->regions[l].medium = 0;
        ph->regions[l].density_g_cm3 = 1.0;
        ph->regions[l].in_body = 1;
    }
    sf_phantom_update_masses(ph);
    return ph;
}

static int run(const char *problem, const sf_world *w, const sf_source *src,
               const sf_target_map *map, int particle, double E, uint64_t N,
               int threads, int centre_label)
{
    sf_tally *t = NULL;
    if (sf_tally_create(map->n_targets, &t) != SF_OK)
        return 1;
    sf_stream_id id = {1u, (uint32_t)(E * 1000)};
    double t0 = now(), c0 = cpu_now();
    if (sf_task_run(w, src, map, id, 0, N, threads, t) != SF_OK)
        return 1;
    double dt = now() - t0, dc = cpu_now() - c0;
    double centre = 0, total = 0;
    for (int i = 0; i < map->n_targets; ++i) {
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        total += mean;
        if (map->id[i] == centre_label)
            centre = mean;
    }
    printf("{\"problem\": \"%s\", \"particle\": \"%s\", \"energy_MeV\": %g, "
           "\"histories\": %llu, \"threads\": %d, \"seconds\": %.3f, "
           "\"histories_per_s_per_thread\": %.0f, \"cpu_seconds\": %.3f, "
           "\"histories_per_cpu_s\": %.0f, \"electron_steps_per_history\": %.1f",
           problem, sf_particle_name(particle), E, (unsigned long long)N,
           threads, dt, N / dt / threads, dc, dc > 0 ? N / dc : 0.0,
           (double)t->counter[SF_COUNT_ELECTRON_STEPS] / (double)N);
    if (centre_label >= 0)
        printf(", \"fraction_central_voxel\": %.5f, \"fraction_phantom\": %.5f",
               centre / E, total / E);
    printf(", \"balance_error\": %.1e}\n", sf_tally_balance_error(t));
    fflush(stdout);
    sf_tally_destroy(&t);
    return 0;
}

/* The line that opens each problem: set-up time, world size, options. */
static void print_setup(const char *problem, double t0, const sf_world *w)
{
    printf("{\"problem\": \"%s\", \"setup_seconds\": %.3f, \"world_MB\": "
           "%.2f, \"range_rejection\": %s}\n", problem, now() - t0,
           sf_world_bytes(w) / 1048576.0,
           w->opt.electron_range_rejection ? "true" : "false");
}

int main(int argc, char **argv)
{
    const char *am = argc > 1 ? argv[1] : "../shared/data/icrp110/AM";
    uint64_t N = 20000;
    if (argc > 2 && sf_parse_count(argv[2], "HISTORIES", UINT64_C(1) << 40, &N) != SF_OK) {
        fprintf(stderr, "bench_electron: %s\n", sf_error_message());
        return 1;
    }
    int threads = argc > 3 ? atoi(argv[3]) : 1;
    if (threads < 1)
        threads = 1;
    const char *cases = argc > 4 ? argv[4] : "1234567";
    const char *rr = getenv("SAFFRON_BENCH_RANGE_REJECTION");
    const int range_rejection = rr && strcmp(rr, "1") == 0;
    const char *esave = getenv("SAFFRON_BENCH_RANGE_REJECTION_BELOW_MEV");
    const char *in_place = getenv("SAFFRON_BENCH_IN_PLACE_BELOW_MEV");
    const char *delta_fraction = getenv("SAFFRON_BENCH_DELTA_RAY_FRACTION");

    /* (a) reference problem */
    int n = 61;
    double h = 0.5;
    sf_phantom *ph = water_box(n, h);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    opt.electron_cutoff_MeV = 0.01;
    opt.photon_cutoff_MeV = 0.01;
    opt.electron_range_rejection = range_rejection;
    if (in_place)
        opt.electron_in_place_below_MeV = atof(in_place);
    if (delta_fraction)
        opt.delta_ray_fraction = atof(delta_fraction);
    sf_world *w = NULL;
    sf_target_map *map = NULL;
    double t0 = now();
    if (!ph || sf_world_build(ph, &opt, &w) != SF_OK ||
        sf_target_map_per_label(ph, &map) != SF_OK) {
        fprintf(stderr, "bench_electron: %s\n", sf_error_message());
        return 1;
    }
    print_setup("water61", t0, w);
    double centre[3] = {(n / 2 + 0.5) * h, (n / 2 + 0.5) * h, (n / 2 + 0.5) * h};
    const int particles[3] = {SF_PARTICLE_PHOTON, SF_PARTICLE_PHOTON, SF_PARTICLE_ELECTRON};
    const double energies[3] = {0.1, 1.0, 1.0};
    for (int i = 0; i < 3; ++i) {
        if (!strchr(cases, '1' + i))
            continue;
        sf_source *src = NULL;
        if (sf_source_point(centre, NULL, particles[i], &src) != SF_OK ||
            sf_source_set_energy(src, energies[i]) != SF_OK ||
            run("water61", w, src, map, particles[i], energies[i], N, threads, 2)) {
            fprintf(stderr, "bench_electron: %s\n", sf_error_message());
            return 1;
        }
        sf_source_destroy(&src);
    }
    sf_target_map_destroy(&map);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);

    /* (b) ICRP 110 AM, liver source */
    struct stat st;
    if (!strpbrk(cases, "4567"))
        return 0;
    if (stat(am, &st) != 0) {
        printf("{\"problem\": \"icrp110\", \"skipped\": \"%s not found\"}\n", am);
        return 0;
    }
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    opt.electron_range_rejection = range_rejection;
    if (esave)
        opt.electron_range_rejection_below_MeV = atof(esave);
    if (in_place)
        opt.electron_in_place_below_MeV = atof(in_place);
    if (delta_fraction)
        opt.delta_ray_fraction = atof(delta_fraction);
    t0 = now();
    if (sf_phantom_load(am, &ph) != SF_OK || sf_world_build(ph, &opt, &w) != SF_OK ||
        sf_target_map_per_label(ph, &map) != SF_OK) {
        fprintf(stderr, "bench_electron: %s\n", sf_error_message());
        return 1;
    }
    int liver = sf_phantom_find_region(ph, "Liver");
    print_setup("icrp110_AM", t0, w);
    const int p2[4] = {SF_PARTICLE_ELECTRON, SF_PARTICLE_ELECTRON, SF_PARTICLE_PHOTON,
                       SF_PARTICLE_PHOTON};
    const double e2[4] = {0.1, 1.0, 0.14, 1.0};
    for (int i = 0; i < 4 && liver >= 0; ++i) {
        if (!strchr(cases, '4' + i))
            continue;
        sf_source *src = NULL;
        uint16_t l = (uint16_t)liver;
        if (sf_source_region(ph, &l, 1, p2[i], &src) != SF_OK ||
            sf_source_set_energy(src, e2[i]) != SF_OK ||
            run("icrp110_AM_liver", w, src, map, p2[i], e2[i], N, threads, -1)) {
            fprintf(stderr, "bench_electron: %s\n", sf_error_message());
            return 1;
        }
        sf_source_destroy(&src);
    }
    sf_target_map_destroy(&map);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
    return 0;
}
