/* Fano test of the condensed-history kernel (coupled mode).
 *
 * Fano's theorem (Fano, Radiat. Res. 1, 237 (1954)): in a medium of one
 * composition whose density varies from point to point, a source emitting
 * uniformly per unit mass produces a fluence per unit mass, hence a dose,
 * that is uniform, provided the interaction cross sections per unit mass do
 * not depend on the density. A condensed-history algorithm passes only if
 * its step and boundary logic is exactly density-scaled (Kawrakow, Med.
 * Phys. 27, 485 (2000); Sempau & Andreo, PMB 51, 3533 (2006)).
 *
 * Set-up: a periodic lattice (world option periodic_charged: charged
 * particles leaving the box re-enter through the opposite face, so the
 * medium is infinite) of 4x4x4 water voxels, each its own label, with
 * densities spread over 1e-3 .. 1 g/cm3 (factor 1000; the density-effect
 * correction is held at the nominal 1 g/cm3: one set of per-mass tables);
 * bremsstrahlung photons deposited where emitted (local_brems), so that the
 * photon kernel (Woodcock tracking, not periodic) plays no part. Electrons
 * of 0.1, 1 and 2 MeV start isotropically, uniformly per unit mass over
 * every label (sf_source_region). Voxel side = 0.25 CSDA range / (1 g/cm3),
 * so an electron crosses tens of voxels of every density.
 *
 * Reference: dose in every voxel = emitted energy / total mass.
 * Tolerance: each voxel within 0.5 % of it (and within 4 sigma + 0.1 %),
 * for two settings at each energy: the defaults (every step here cut by
 * the boundary limit to its minimum) and large steps without the boundary
 * limit (see `settings` below). The printout adds the chi-square of the
 * voxels' deviations against their own sigma (27 degrees of freedom) and
 * their mean: the measure of agreement beyond the worst voxel. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <omp.h>
#include <stdio.h>

#include "physics/electron_data.h"
#include "physics/material.h"
#include "test_support.h"
#include "transport/task_run.h"

#define N_SIDE 3
#define N_VOX (N_SIDE * N_SIDE * N_SIDE)
#ifndef SIDE_OVER_RANGE
#define SIDE_OVER_RANGE 0.01
#endif

static uint64_t histories(double E)
{
    const char *env = getenv("SAFFRON_FANO_HISTORIES");
    if (env)
        return strtoull(env, NULL, 10);
    (void)E;
    return 125000;
}

/* Density of voxel v: 10^(-3 q) with q from a fixed scramble of v over
 * [0, 1], the two extremes included. */
static double voxel_density(int v)
{
    uint32_t h = (uint32_t)v * 2654435761u;
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    double q = (h % 1000u) / 999.0;
    if (v == 0)
        q = 0.0;
    if (v == N_VOX - 1)
        q = 1.0;
    return pow(10.0, -3.0 * q);
}

static double csda_range(double E)
{
    sf_material water;
    assert_int_equal(sf_material_builtin("water", &water), SF_OK);
    sf_electron_data *d = NULL;
    assert_int_equal(sf_electron_data_build(&water, 1.0, NULL, &d), SF_OK);
    double r = sf_electron_data_range(d, SF_ELECTRON, E);
    sf_electron_data_destroy(&d);
    return r;
}

/* Condensed-history settings of one run. */
typedef struct setting {
    const char *name;
    double step_fraction, step_mfp, boundary_step;
} setting;

/* The defaults (in this lattice every voxel is its own label, so every
 * step is cut by the boundary limit down to its minimum: the test of the
 * boundary logic), and the largest steps without the boundary limit (the
 * electron-step algorithm alone, at G1 up to 3). */
static const setting settings[2] = {
    {"default steps (f 0.25, G1 <= 0.5, boundary limit 0.2)",
     SF_DEFAULT_ELECTRON_STEP_FRACTION, 0.5, SF_DEFAULT_ELECTRON_BOUNDARY_STEP},
    {"large steps (f 0.25, G1 <= 3, no boundary limit)", 0.25, 3.0, 0.0}};

/* Returns the number of voxels outside the tolerance. */
static int run_fano(double E0, const setting *set, uint32_t task)
{
    const double step_fraction = set->step_fraction;
    const double step_mfp = set->step_mfp;
    double side = SIDE_OVER_RANGE * csda_range(E0); /* cm */
    sf_phantom *ph = sf_test_box_phantom(N_SIDE, N_SIDE, N_SIDE, side,
                                         "water", 1.0, N_VOX + 1);
    uint16_t labels[N_VOX];
    for (int v = 0; v < N_VOX; ++v) {
        ph->label[v] = (uint16_t)(v + 1);
        ph->regions[v + 1].density_g_cm3 = voxel_density(v);
        labels[v] = (uint16_t)(v + 1);
    }
    sf_phantom_update_masses(ph);

    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    opt.local_brems = 1;
    /* Radiative losses continuous (photon production threshold above E0):
     * a photon deposited on the spot would be Fano-exact too, but a single
     * MeV deposit in a 1e-3 g/cm3 voxel dominates its variance. */
    opt.brems_cut_MeV = E0 < 19.0 ? 1.01 * E0 : 19.9;
    opt.periodic_charged = 1;
    opt.electron_step_fraction = step_fraction;
    opt.electron_step_mfp = step_mfp;
    opt.electron_boundary_step = set->boundary_step;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(ph, labels, N_VOX, SF_PARTICLE_ELECTRON,
                                      &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E0), SF_OK);
    sf_target_map *map = NULL;
    uint64_t N = histories(E0);
    sf_stream_id id = {777u, task};
    double t0 = omp_get_wtime();
    sf_tally *t = sf_test_run_per_label(w, src, id, N, &map);
    double elapsed = omp_get_wtime() - t0;

    double M = 0;
    for (int i = 0; i < map->n_targets; ++i)
        M += map->mass_kg[i];
    double D_ref = E0 / M;
    double worst = 0, worst_sigma = 0, sum_dev = 0, chi2 = 0;
    int worst_label = -1, fails = 0;
    for (int i = 0; i < map->n_targets; ++i) {
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        double ratio = mean / map->mass_kg[i] / D_ref;
        double dev = ratio - 1.0;
        sum_dev += dev;
        chi2 += rel > 0 ? (dev / rel) * (dev / rel) : 0.0;
        if (fabs(dev) > worst) {
            worst = fabs(dev);
            worst_sigma = rel;
            worst_label = map->id[i];
        }
        if (!(fabs(dev) <= 0.005 && fabs(dev) <= 4 * rel + 0.001)) {
            ++fails;
            printf("  voxel label %d (rho %.4g g/cm3): D/D_ref - 1 = %+.4f "
                   "(sigma %.4f)\n", map->id[i],
                   ph->regions[map->id[i]].density_g_cm3, dev, rel);
        }
    }
    double steps = (double)t->counter[SF_COUNT_ELECTRON_STEPS] / (double)N;
    printf("Fano E0 = %.2f MeV, %s: %llu histories, %.0f steps/history, "
           "max |D/D_ref - 1| = %.4f (label %d, sigma %.4f), mean deviation "
           "%+.5f, chi2 %.1f for %d voxels, balance %.1e, %.1f s\n",
           E0, set->name, (unsigned long long)N, steps, worst, worst_label,
           worst_sigma, sum_dev / map->n_targets, chi2, map->n_targets,
           sf_tally_balance_error(t), elapsed);
    char quantity[160];
    snprintf(quantity, sizeof quantity, "Fano, electrons %g MeV, %s: "
             "largest abs(D/D_ref - 1) of %d voxels", E0, set->name,
             map->n_targets);
    sf_test_report("fano", quantity, worst, worst_sigma, 0.0, 0.0,
                   "dose ratio - 1",
                   "Fano's theorem: uniform dose per unit mass",
                   "0.5 % and 4 sigma + 0.1 % in every voxel");
    snprintf(quantity, sizeof quantity, "Fano, electrons %g MeV, %s: mean "
             "D/D_ref - 1 over the voxels", E0, set->name);
    sf_test_report("fano", quantity, sum_dev / map->n_targets,
                   worst_sigma / sqrt((double)map->n_targets), 0.0, 0.0,
                   "dose ratio - 1",
                   "Fano's theorem: uniform dose per unit mass", "reported");
    fflush(stdout);
    assert_true(sf_tally_balance_error(t) <= 1e-9);
    assert_true(sf_tally_energy_MeV(t, SF_ENERGY_ESCAPED) == 0.0);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
    return fails;
}

static void check_energy(double E0, uint32_t task)
{
    int fails = run_fano(E0, &settings[0], task);
    fails += run_fano(E0, &settings[1], task + 1);
    assert_int_equal(fails, 0);
}

static void test_fano_100keV(void **state) { (void)state; check_energy(0.1, 10); }
static void test_fano_1MeV(void **state) { (void)state; check_energy(1.0, 40); }
static void test_fano_2MeV(void **state) { (void)state; check_energy(2.0, 30); }

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fano_100keV),
                                       cmocka_unit_test(test_fano_1MeV),
                                       cmocka_unit_test(test_fano_2MeV)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
