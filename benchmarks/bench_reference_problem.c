/* The reference problem of issue 11 with every transport option exposed,
 * for step-size studies and for the single-scattering reference values of
 * tests/validation/test_reference_problem.c. Prints one JSON line.
 *
 * Problem: 61^3 water voxels of --voxel-mm (default 5), isotropic point
 * source at the centre of the central voxel, 10 keV cut-offs and
 * production thresholds; fractions of the emitted energy deposited in the
 * central voxel and in the whole phantom, with their 1-sigma.
 *
 * usage: bench_reference_problem [--particle electron|photon|positron]
 *   [--energy MeV] [--histories N] [--threads T] [--voxel-mm H] [--seed S]
 *   [--spin on|off] [--single-scattering] [--step-fraction F]
 *   [--step-mfp G1] [--boundary-step B] [--delta-ray-cut MeV]
 *   [--delta-ray-fraction F] [--delta-ray-max MeV]
 * e.g. the single-scattering references (spin off, 1 MeV electrons):
 *   bench_reference_problem --spin off --single-scattering --voxel-mm 2 \
 *       --histories 1e6 --threads 2 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/parse.h"
#include "geometry/phantom.h"
#include "transport/task_run.h"

#define N_SIDE 61

typedef struct args {
    int particle, threads, single;
    double energy, voxel_mm;
    uint64_t histories;
    uint32_t seed;
    sf_world_options opt;
} args;

static int usage(const char *why)
{
    fprintf(stderr, "bench_reference_problem: %s (see the header of "
            "benchmarks/bench_reference_problem.c)\n", why);
    return 2;
}

static int parse(int argc, char **argv, args *a)
{
    a->particle = SF_PARTICLE_ELECTRON;
    a->threads = 1;
    a->energy = 1.0;
    a->voxel_mm = 5.0;
    a->histories = 100000;
    a->seed = 1;
    sf_world_options_default(&a->opt);
    a->opt.electron_cutoff_MeV = 0.01;
    a->opt.photon_cutoff_MeV = 0.01;
    for (int i = 1; i < argc; ++i) {
        const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(k, "--single-scattering") == 0) {
            a->opt.electron_single_scattering = 1;
            continue;
        }
        if (!v)
            return usage("option without a value");
        ++i;
        if (strcmp(k, "--particle") == 0) {
            a->particle = sf_particle_from_name(v);
            if (a->particle < 0)
                return usage("--particle: expected electron, photon or positron");
        } else if (strcmp(k, "--energy") == 0) {
            a->energy = atof(v);
        } else if (strcmp(k, "--histories") == 0) {
            if (sf_parse_count(v, "--histories", UINT64_C(1) << 40,
                               &a->histories) != SF_OK)
                return usage(sf_error_message());
        } else if (strcmp(k, "--threads") == 0) {
            a->threads = atoi(v);
        } else if (strcmp(k, "--voxel-mm") == 0) {
            a->voxel_mm = atof(v);
        } else if (strcmp(k, "--seed") == 0) {
            a->seed = (uint32_t)strtoul(v, NULL, 10);
        } else if (strcmp(k, "--spin") == 0) {
            a->opt.electron_elastic = strcmp(v, "off") == 0
                                          ? SF_ELASTIC_RUTHERFORD
                                          : SF_ELASTIC_MOTT;
        } else if (strcmp(k, "--step-fraction") == 0) {
            a->opt.electron_step_fraction = atof(v);
        } else if (strcmp(k, "--step-mfp") == 0) {
            a->opt.electron_step_mfp = atof(v);
        } else if (strcmp(k, "--boundary-floor") == 0) {
            a->opt.electron_boundary_floor = atof(v);
        } else if (strcmp(k, "--boundary-step") == 0) {
            a->opt.electron_boundary_step = atof(v);
        } else if (strcmp(k, "--delta-ray-cut") == 0) {
            a->opt.delta_ray_cut_MeV = atof(v);
        } else if (strcmp(k, "--delta-ray-fraction") == 0) {
            a->opt.delta_ray_fraction = atof(v);
        } else if (strcmp(k, "--delta-ray-max") == 0) {
            a->opt.delta_ray_max_MeV = atof(v);
        } else {
            return usage("unknown option");
        }
    }
    if (!(a->energy > 0) || !(a->voxel_mm > 0) || a->threads < 1)
        return usage("--energy, --voxel-mm and --threads must be positive");
    return 0;
}

int main(int argc, char **argv)
{
    args a;
    if (parse(argc, argv, &a))
        return 2;
    double h = a.voxel_mm / 10.0;
    sf_phantom *ph = calloc(1, sizeof *ph);
    size_t nv = (size_t)N_SIDE * N_SIDE * N_SIDE;
    if (!ph || !(ph->label = malloc(nv * sizeof *ph->label)) ||
        !(ph->regions = calloc(3, sizeof *ph->regions)) ||
        !(ph->media = calloc(1, sizeof *ph->media)) ||
        sf_material_builtin("water", &ph->media[0]) != SF_OK)
        return usage("out of memory");
    snprintf(ph->name, sizeof ph->name, "water %d^3 x %g mm", N_SIDE, a.voxel_mm);
    ph->nx = ph->ny = ph->nz = N_SIDE;
    for (int k = 0; k < 3; ++k)
        ph->spacing_cm[k] = h;
    for (size_t v = 0; v < nv; ++v)
        ph->label[v] = 1;
    int c = N_SIDE / 2;
    ph->label[c + (size_t)N_SIDE * (c + (size_t)N_SIDE * c)] = 2;
    ph->n_media = 1;
    ph->n_labels = 3;
    for (int l = 0; l < 3; ++l) {
        snprintf(ph->regions[l].name, sizeof ph->regions[l].name, "R%d", l);
        ph->regions[l].density_g_cm3 = 1.0;
        ph->regions[l].in_body = 1;
    }
    sf_phantom_update_masses(ph);

    sf_world *w = NULL;
    sf_source *src = NULL;
    sf_target_map *map = NULL;
    sf_tally *t = NULL;
    const char *names[2] = {"centre", "phantom"};
    const int offsets[3] = {0, 1, 3};
    const uint16_t labels[3] = {2, 1, 2};
    const double mid = (c + 0.5) * h, pos[3] = {mid, mid, mid};
    if (sf_world_build(ph, &a.opt, &w) != SF_OK ||
        sf_source_point(pos, NULL, a.particle, &src) != SF_OK ||
        sf_source_set_energy(src, a.energy) != SF_OK ||
        sf_target_map_from_sets(ph, 2, names, offsets, labels, &map) != SF_OK ||
        sf_tally_create(2, &t) != SF_OK) {
        fprintf(stderr, "bench_reference_problem: %s\n", sf_error_message());
        return 1;
    }
    sf_stream_id id = {a.seed, (uint32_t)(a.energy * 1000)};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (sf_task_run(w, src, map, id, 0, a.histories, a.threads, t) != SF_OK) {
        fprintf(stderr, "bench_reference_problem: %s\n", sf_error_message());
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double f[2], s[2];
    for (int i = 0; i < 2; ++i) {
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        f[i] = mean / a.energy;
        s[i] = rel * f[i];
    }
    printf("{\"particle\": \"%s\", \"energy_MeV\": %g, \"voxel_mm\": %g, "
           "\"spin\": \"%s\", \"single_scattering\": %s, \"step_fraction\": %g, "
           "\"step_mfp\": %g, \"boundary_step\": %g, \"boundary_floor\": %g, "
           "\"delta_ray_fraction\": %g, \"delta_ray_max_MeV\": %g, \"seed\": %u, "
           "\"histories\": %llu, \"fraction_central_voxel\": %.6g, "
           "\"sigma_central_voxel\": %.3g, \"fraction_phantom\": %.6g, "
           "\"sigma_phantom\": %.3g, \"electron_steps_per_history\": %.1f, "
           "\"seconds\": %.2f}\n",
           sf_particle_name(a.particle), a.energy, a.voxel_mm,
           a.opt.electron_elastic == SF_ELASTIC_RUTHERFORD ? "off" : "on",
           a.opt.electron_single_scattering ? "true" : "false",
           a.opt.electron_step_fraction, a.opt.electron_step_mfp,
           a.opt.electron_boundary_step, a.opt.electron_boundary_floor,
           w->cuts.delta_ray_fraction, w->cuts.delta_ray_max_MeV, a.seed,
           (unsigned long long)a.histories, f[0], s[0], f[1], s[1],
           (double)t->counter[SF_COUNT_ELECTRON_STEPS] / (double)a.histories,
           (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
    return 0;
}
