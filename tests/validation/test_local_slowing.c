/* In-place slowing-down (world option electron_in_place_below_MeV, default
 * SF_DEFAULT_IN_PLACE_BELOW_MEV, 1 MeV; 0.2 MeV until 2026-12-07): an
 * electron below it whose residual path (twice the restricted range) cannot
 * take it out of its label has its energy losses and hard events sampled
 * but not its path. Reference: the same condensed-history transport with
 * the option off (0), run on the same problem with independent random
 * streams, against the default. Tolerance: 4 combined sigma per label.
 *
 * (1) Label boundaries: 0.2 MeV electrons (CSDA range 0.045 cm in water)
 *     from a point in a water box of 0.01 cm voxels labelled in three
 *     interleaved sets of 8x8x8-voxel blocks. Tracks start within reach of
 *     the block faces, so a wrong distance bound (one that let an electron
 *     deposit in place while it could still cross a face) would move
 *     energy between the sets.
 * (2) Bremsstrahlung cross-fire: 0.2 MeV electrons emitted uniformly in a
 *     0.5 cm water cube (label 1) at the centre of a 3.1 cm water box; label
 *     2 is the shell within 0.2 cm of the cube (what the electrons reach),
 *     label 3 the rest, which only photons reach. The energy in label 3 is
 *     the bremsstrahlung of tracks that nearly all slow down in place; it is
 *     required to be more than 10 sigma above zero, so that a loop that
 *     dropped their photons (as range rejection does) would fail.
 * (1') and (2') The same at 1 MeV, scaled to its range (0.44 cm in
 *     water): 0.1 cm voxels in interleaved blocks of 25^3 voxels, the
 *     point 0.35 cm from a block face; a 2.5 cm cube in a 5.7 cm box, label
 *     2 the shell within 0.6 cm of it. These are the energies where the
 *     approximation (photons started at the electron's position, up to
 *     twice its restricted range, ~1 cm, from where they would) is
 *     largest.
 * (3) A real phantom: the ICRP 110 adult male (skipped when ../shared is
 *     absent), 0.15 MeV electrons emitted uniformly in the liver, every
 *     label a target, 4e6 histories each way. Below 0.2 MeV the whole
 *     track is concerned, so the labels away from the liver see only its
 *     bremsstrahlung. Rule: over the labels that either run scores with a
 *     relative uncertainty under 50 % (Gaussian enough), z = (on - off) /
 *     combined sigma; the sum of z^2 against chi-square with that many
 *     degrees of freedom, p > 1e-3, and every |z| < 4.5 (about 1e-3 for
 *     the largest of ~100 normal deviates). Checked to fail (chi-square
 *     526 for 47 labels, on other streams) when the in-place loop
 *     deposited its bremsstrahlung on the spot instead of emitting it.
 *     (3') The same with 1 MeV electrons, 2e6 histories each way.
 * All: exact energy bookkeeping, and fewer condensed steps with the
 * option on. SAFFRON_LOCAL_SLOWING_SEED picks another campaign seed (for
 * repeats; twelve seeds gave per-label deviations spread as N(0, 1)),
 * SAFFRON_LOCAL_SLOWING_HISTORIES the histories of (2). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "geometry/phantom.h"
#include "test_support.h"
#include "transport/task_run.h"

static sf_tally *run(const sf_phantom *ph, const sf_source *src,
                     double local_MeV, uint64_t n, sf_target_map **map)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    opt.electron_in_place_below_MeV = local_MeV;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    /* Independent streams for the two runs (another task id), so that the
     * combined sigma is that of their difference. */
    const char *seed = getenv("SAFFRON_LOCAL_SLOWING_SEED");
    sf_stream_id id = {seed ? (uint64_t)atoll(seed) : 23u,
                       local_MeV > 0 ? 6u : 5u};
    sf_tally *t = sf_test_run_per_label(w, src, id, n, map);
    sf_world_destroy(&w);
    return t;
}

/* Frees what a test made: the two runs' tallies and maps, the source and
 * the phantom. */
static void destroy_all(sf_tally **a, sf_tally **b, sf_target_map **ma,
                        sf_target_map **mb, sf_source **src, sf_phantom **ph)
{
    sf_tally_destroy(a);
    sf_tally_destroy(b);
    sf_target_map_destroy(ma);
    sf_target_map_destroy(mb);
    sf_source_destroy(src);
    sf_phantom_destroy(ph);
}

/* Compares the per-label energies of the runs without (a) and with (b)
 * in-place slowing-down; returns b's mean and sigma for label `want`. */
static void compare(const char *problem, const sf_tally *a,
                    const sf_target_map *ma, const sf_tally *b,
                    const sf_target_map *mb, int want, double *mean,
                    double *sigma)
{
    assert_int_equal(ma->n_targets, mb->n_targets);
    for (int i = 0; i < mb->n_targets; ++i) {
        double x, rx, y, ry;
        sf_tally_target_mean(a, i, &x, &rx);
        sf_tally_target_mean(b, i, &y, &ry);
        if (mb->id[i] == want) {
            *mean = y;
            *sigma = y * ry;
        }
        if (x <= 0 && y <= 0)
            continue;
        double s = hypot(x * rx, y * ry);
        char what[160];
        snprintf(what, sizeof what, "%s, label %d: energy per history with "
                 "/ without in-place slowing-down below %g MeV", problem,
                 mb->id[i], SF_DEFAULT_IN_PLACE_BELOW_MEV);
        sf_test_report("local_slowing", what, y, y * ry, x, x * rx, "MeV",
                       "the same transport without it", "4 sigma");
        printf("%s label %d: %.6e +- %.1e MeV without, %.6e +- %.1e with "
               "(%.1f sigma)\n", problem, mb->id[i], x, x * rx, y, y * ry,
               (y - x) / s);
        assert_true(fabs(y - x) <= 4 * s);
    }
    assert_true(sf_tally_balance_error(a) <= 1e-9);
    assert_true(sf_tally_balance_error(b) <= 1e-9);
    printf("%s: electron steps %llu without, %llu with\n", problem,
           (unsigned long long)a->counter[SF_COUNT_ELECTRON_STEPS],
           (unsigned long long)b->counter[SF_COUNT_ELECTRON_STEPS]);
    assert_true(b->counter[SF_COUNT_ELECTRON_STEPS] <
                a->counter[SF_COUNT_ELECTRON_STEPS]);
}

/* (1), (1'): E0 MeV electrons from pos in a water box of n^3 voxels of
 * side h cm labelled in three interleaved sets of b^3-voxel blocks. */
static void label_boundaries(const char *problem, double E0, int n, int b,
                             double h, const double pos[3], uint64_t hist)
{
    sf_phantom *ph = sf_test_box_phantom(n, n, n, h, "water", 1.0, 4);
    for (int z = 0; z < n; ++z)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x)
                ph->label[((size_t)z * n + y) * n + x] =
                    (uint16_t)(1 + (x / b + y / b + z / b) % 3);
    sf_phantom_update_masses(ph);
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(pos, NULL, SF_PARTICLE_ELECTRON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, E0), SF_OK);
    sf_target_map *ma = NULL, *mb = NULL;
    sf_tally *a = run(ph, src, 0.0, hist, &ma);
    sf_tally *t = run(ph, src, SF_DEFAULT_IN_PLACE_BELOW_MEV, hist, &mb);
    double m, s;
    compare(problem, a, ma, t, mb, 1, &m, &s);
    destroy_all(&a, &t, &ma, &mb, &src, &ph);
}

static void test_label_boundaries(void **state)
{
    (void)state;
    const double c = 0.5 * 48 * 0.01;
    const double pos[3] = {c + 0.0213, c - 0.0171, c + 0.0037};
    label_boundaries("0.2 MeV e-, 80 um blocks", 0.2, 48, 8, 0.01, pos,
                     400000);
}

static void test_label_boundaries_1MeV(void **state)
{
    (void)state;
    /* The centre of the middle block, moved to 0.35 cm from its +x face. */
    const double c = 3.75;
    const double pos[3] = {c + 0.9, c - 0.41, c + 0.23};
    label_boundaries("1 MeV e-, 2.5 cm blocks", 1.0, 75, 25, 0.1, pos,
                     400000);
}

/* (2), (2'): E0 MeV electrons emitted uniformly in a cube of voxels
 * [c0, c1]^3 at the centre of a water box of n^3 voxels of 0.1 cm; label 2
 * the shell within `shell` voxels of it, label 3 the rest. */
static void cross_fire(const char *problem, double E0, int n, int c0, int c1,
                       int shell, uint64_t hist)
{
    sf_phantom *ph = sf_test_box_phantom(n, n, n, 0.1, "water", 1.0, 4);
    for (int z = 0; z < n; ++z)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const int i[3] = {x, y, z};
                int out = 0; /* Chebyshev distance to the cube, voxels */
                for (int a = 0; a < 3; ++a) {
                    int d = i[a] < c0 ? c0 - i[a] : (i[a] > c1 ? i[a] - c1 : 0);
                    if (d > out)
                        out = d;
                }
                ph->label[((size_t)z * n + y) * n + x] =
                    (uint16_t)(out == 0 ? 1 : (out <= shell ? 2 : 3));
            }
    sf_phantom_update_masses(ph);
    uint16_t cube = 1;
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(ph, &cube, 1, SF_PARTICLE_ELECTRON,
                                      &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E0), SF_OK);
    const char *env = getenv("SAFFRON_LOCAL_SLOWING_HISTORIES");
    if (env && atoll(env) > 0)
        hist = (uint64_t)atoll(env);
    sf_target_map *ma = NULL, *mb = NULL;
    sf_tally *a = run(ph, src, 0.0, hist, &ma);
    sf_tally *b = run(ph, src, SF_DEFAULT_IN_PLACE_BELOW_MEV, hist, &mb);
    double m = 0, s = 0;
    compare(problem, a, ma, b, mb, 3, &m, &s);
    printf("label 3 (photons only): %.3e +- %.1e MeV per history (%.0f "
           "sigma above 0)\n", m, s, s > 0 ? m / s : 0.0);
    assert_true(m > 10 * s);
    destroy_all(&a, &b, &ma, &mb, &src, &ph);
}

static void test_bremsstrahlung_cross_fire(void **state)
{
    (void)state;
    cross_fire("0.2 MeV e- in a 0.5 cm cube, bremsstrahlung cross-fire", 0.2,
               31, 13, 17, 2, 3000000);
}

static void test_bremsstrahlung_cross_fire_1MeV(void **state)
{
    (void)state;
    cross_fire("1 MeV e- in a 2.5 cm cube, bremsstrahlung cross-fire", 1.0,
               57, 16, 40, 6, 1000000);
}

/* (3), (3'): E0 MeV electrons from the AM liver, hist each way. */
static void am_liver(double E0, uint64_t hist)
{
    const char *shared = sf_test_shared_data();
    if (!shared)
        skip();
    char path[4096];
    snprintf(path, sizeof path, "%s/AM", shared);
    sf_phantom *ph = NULL;
    assert_int_equal(sf_phantom_load(path, &ph), SF_OK);
    int liver = sf_phantom_find_region(ph, "liver");
    assert_true(liver > 0);
    uint16_t label = (uint16_t)liver;
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(ph, &label, 1, SF_PARTICLE_ELECTRON,
                                      &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E0), SF_OK);
    sf_target_map *ma = NULL, *mb = NULL;
    sf_tally *a = run(ph, src, 0.0, hist, &ma);
    sf_tally *b = run(ph, src, SF_DEFAULT_IN_PLACE_BELOW_MEV, hist, &mb);
    assert_int_equal(ma->n_targets, mb->n_targets);
    double chi2 = 0.0, zmax = 0.0;
    int n = 0;
    for (int i = 0; i < mb->n_targets; ++i) {
        double x, rx, y, ry;
        sf_tally_target_mean(a, i, &x, &rx);
        sf_tally_target_mean(b, i, &y, &ry);
        /* A label one run scores and the other does not counts (with the
         * scoring run's sigma): a lost cross-fire must show. */
        if (!((x > 0 && rx < 0.5) || (y > 0 && ry < 0.5)))
            continue;
        double z = (y - x) / hypot(x * rx, y * ry);
        chi2 += z * z;
        if (fabs(z) > fabs(zmax))
            zmax = z;
        ++n;
        if (fabs(z) > 2.5 || mb->id[i] == liver)
            printf("label %d: %.5e (%.3f) without, %.5e (%.3f) with, "
                   "z = %+.2f\n", mb->id[i], x, rx, y, ry, z);
    }
    double p = sf_test_chi2_p_value(chi2, n);
    printf("%d labels: chi-square %.1f (p = %.3f), largest z %+.2f; "
           "electron steps %llu without, %llu with\n", n, chi2, p, zmax,
           (unsigned long long)a->counter[SF_COUNT_ELECTRON_STEPS],
           (unsigned long long)b->counter[SF_COUNT_ELECTRON_STEPS]);
    sf_test_report_chi2("local_slowing",
                        "the same transport without in-place slowing-down",
                        chi2, n, 1e-3,
                        "ICRP 110 AM, %g MeV e- from the liver, %d labels: "
                        "energy per label with / without in-place "
                        "slowing-down below %g MeV", E0, n,
                        SF_DEFAULT_IN_PLACE_BELOW_MEV);
    assert_true(b->counter[SF_COUNT_ELECTRON_STEPS] <
                a->counter[SF_COUNT_ELECTRON_STEPS]);
    assert_true(n >= 30);
    assert_true(p > 1e-3);
    assert_true(fabs(zmax) < 4.5);
    assert_true(sf_tally_balance_error(a) <= 1e-9);
    assert_true(sf_tally_balance_error(b) <= 1e-9);
    destroy_all(&a, &b, &ma, &mb, &src, &ph);
}

static void test_am_liver_electrons(void **state)
{
    (void)state;
    am_liver(0.15, 4000000);
}

static void test_am_liver_electrons_1MeV(void **state)
{
    (void)state;
    am_liver(1.0, 2000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_boundaries),
        cmocka_unit_test(test_label_boundaries_1MeV),
        cmocka_unit_test(test_bremsstrahlung_cross_fire),
        cmocka_unit_test(test_bremsstrahlung_cross_fire_1MeV),
        cmocka_unit_test(test_am_liver_electrons),
        cmocka_unit_test(test_am_liver_electrons_1MeV)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
