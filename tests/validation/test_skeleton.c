/* The skeletal targets and sources (docs/skeleton.md) on a phantom made
 * here: a 10 cm box, its left half spongiosa A (1.10 g/cm3), its right
 * half spongiosa B (1.30 g/cm3), a slab of label 3 (no spongiosa) in the
 * middle. When every medium has the composition of the target's tissue,
 * the tissue's kerma per unit mass is the medium's, and the kerma
 * approximation has an analytic value in any photon field: the energy
 * given to the target is sum_l a_T(l) K_l, a_T(l) the target's tissue
 * mass per unit mass of label l and K_l the kerma of label l, which in
 * kerma mode is what the analogue collisions deposit in l.
 *
 * 1. Photons (0.3 and 0.05 MeV, uniform in the box), media of ICRU 46 red
 *    marrow, A = (red 0.6, yellow 0, bone 0.4), B = (0.3, 0, 0.7): the
 *    R-marrow score of the kerma estimator (transport/skeletal_kerma.h),
 *    scored from the fluence, equals 0.6 K_A + 0.3 K_B within 4 sigma
 *    (sigma from both estimates, taken as independent: they are positively
 *    correlated, so this overstates it); Endost-BS 0.159 (0.6 K_A + 0.3
 *    K_B). With media of yellow marrow, A = (0, 0.5, 0.5), B = (0, 0.2,
 *    0.8): R-marrow scores nothing, Endost-BS 0.159 (0.5 K_A + 0.2 K_B).
 *    A weighting by the wrong label, or by the voxel's medium instead of
 *    the tissue (yellow marrow absorbs 9 % less than red at 50 keV), misses
 *    by tens of sigma.
 * 3. Electrons (kerma mode, deposited on the spot): the mass-fraction rule
 *    gives exactly 0.6 E_A + 0.3 E_B, to the fixed-point rounding.
 * 4. The R-marrow source draws its voxels by red-marrow mass: label counts
 *    of 2e5 draws against p_l = f_RBM(l) m_l / sum, chi-square with 1 dof,
 *    p > 0.001; label 3 never.
 * 5. Response functions (drf: FILE) go through the same estimator: a DRF
 *    file of twice the red marrow's kerma per fluence, 10 keV to 1 MeV,
 *    gives twice the kerma method's R-marrow and Endost-BS energies on the
 *    same histories, to the log-log interpolation (0.2 %). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "geometry/skeleton.h"
#include "transport/drf.h"
#include "transport/kerma_coef.h"
#include "transport/skeletal_kerma.h"
#include "transport/task_run.h"

#define N 20
#define SPACING_CM 0.5

static sf_phantom *ph;

static void set_spongiosa(int label, double r, double y, double b)
{
    ph->regions[label].spongiosa[SF_SPONGIOSA_RBM] = r;
    ph->regions[label].spongiosa[SF_SPONGIOSA_YBM] = y;
    ph->regions[label].spongiosa[SF_SPONGIOSA_BONE] = b;
}

/* The box with media of `tissue` and the fractions (red, yellow, bone) of
 * labels 1 and 2. */
static void make_phantom(const char *tissue, const double a[3],
                         const double b[3])
{
    sf_phantom_destroy(&ph);
    ph = sf_test_box_phantom(N, N, N, SPACING_CM, tissue, 1.10, 4);
    for (int k = 0; k < N; ++k)
        for (int j = 0; j < N; ++j)
            for (int i = 0; i < N; ++i)
                ph->label[i + N * (j + N * k)] = i < 9 ? 1 : i < 11 ? 3 : 2;
    ph->regions[2].density_g_cm3 = 1.30;
    set_spongiosa(1, a[0], a[1], a[2]);
    set_spongiosa(2, b[0], b[1], b[2]);
    sf_phantom_update_masses(ph);
}

static int setup(void **state)
{
    (void)state;
    const double a[3] = {0.6, 0.2, 0.2}, b[3] = {0.3, 0.3, 0.4};
    make_phantom("red_marrow", a, b);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sf_phantom_destroy(&ph);
    return 0;
}

/* Targets: labels 1, 2 (whole), then R-marrow and Endost-BS, scored by
 * kerma (photons) or by mass fraction (kerma = 0); drf may replace the
 * kerma. */
static sf_target_map *skeletal_map_drf(const sf_world *w, int kerma,
                                       const sf_drf_table *drf);

static sf_target_map *skeletal_map(const sf_world *w, int kerma)
{
    return skeletal_map_drf(w, kerma, NULL);
}

static sf_target_map *skeletal_map_drf(const sf_world *w, int kerma,
                                       const sf_drf_table *drf)
{
    const char *names[4] = {"A", "B", "R-marrow", "Endost-BS"};
    uint16_t labels[6] = {1, 2, 1, 2, 1, 2};
    double weights[6];
    for (int k = 0; k < 6; ++k)
        weights[k] = k < 2 ? 1.0
                   : sf_skeletal_weight(ph, labels[k], k < 4 ? SF_SKEL_R_MARROW
                                                             : SF_SKEL_ENDOST);
    int offsets[5] = {0, 1, 2, kerma ? 2 : 4, kerma ? 2 : 6};
    sf_target_map *map = NULL;
    assert_int_equal(sf_target_map_from_weighted_sets(ph, 4, names, offsets,
                                                      labels, weights, &map),
                     SF_OK);
    if (kerma) {
        int target[2] = {2, 3}, region[2] = {SF_SKEL_R_MARROW, SF_SKEL_ENDOST};
        sf_status st = sf_skeletal_kerma_build(w, 2, target, region, drf,
                                               &map->kerma);
        if (st != SF_OK)
            printf("%s\n", sf_error_message());
        assert_int_equal(st, SF_OK);
    }
    return map;
}

static sf_tally *run(const sf_world *w, const sf_target_map *map, int particle,
                     double E, uint64_t n, uint32_t task)
{
    uint16_t labels[3] = {1, 2, 3};
    sf_source *src = NULL;
    sf_tally *t = NULL;
    assert_int_equal(sf_source_region(ph, labels, 3, particle, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E), SF_OK);
    assert_int_equal(sf_tally_create(map->n_targets, &t), SF_OK);
    sf_stream_id id = {20261206, task};
    assert_int_equal(sf_task_run(w, src, map, id, 0, n, 2, t), SF_OK);
    sf_source_destroy(&src);
    return t;
}

static sf_world *kerma_world(void)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    return w;
}

/* Mean energy per history (MeV) of target k and its 1-sigma. */
static void mean_of(const sf_tally *t, int k, double *mean, double *sigma)
{
    double rel;
    sf_tally_target_mean(t, k, mean, &rel);
    *sigma = rel * *mean;
}

static void check_kerma(const sf_tally *t, int k, double fa, double fb,
                        const char *what, double E)
{
    double a, sa, b, sb, m, sm;
    mean_of(t, 0, &a, &sa);
    mean_of(t, 1, &b, &sb);
    mean_of(t, k, &m, &sm);
    double want = fa * a + fb * b;
    double sigma = sqrt(sm * sm + fa * fa * sa * sa + fb * fb * sb * sb);
    double z = (m - want) / sigma;
    printf("%-9s %5.3f MeV photons: kerma estimator %.6e MeV, %.3f K_A + "
           "%.3f K_B = %.6e MeV, %+.2f sigma (%.2f %%)\n", what, E, m, fa, fb,
           want, z, 100 * (m / want - 1));
    char quantity[120];
    snprintf(quantity, sizeof quantity, "%s energy from %g MeV photons, "
             "MeV per history", what, E);
    sf_test_report("skeleton", quantity, m, sm, want, sqrt(sigma * sigma - sm * sm),
                   "MeV", "analytic kerma approximation: sum of f_T(l) x "
                   "kerma of label l (media of the target tissue composition)",
                   "4 sigma");
    assert_true(fabs(z) < 4.0);
}

static void photons_score_the_tissue_kerma(void **state)
{
    (void)state;
    const struct { const char *tissue; double a[3], b[3]; } cases[2] = {
        {"red_marrow", {0.6, 0.0, 0.4}, {0.3, 0.0, 0.7}},
        {"yellow_marrow", {0.0, 0.5, 0.5}, {0.0, 0.2, 0.8}}};
    const double energies[2] = {0.3, 0.05};
    const double e = SF_ENDOSTEUM_MARROW_SHARE;
    for (int c = 0; c < 2; ++c) {
        make_phantom(cases[c].tissue, cases[c].a, cases[c].b);
        sf_world *w = kerma_world();
        sf_target_map *map = skeletal_map(w, 1);
        int red = c == 0;
        double fa = red ? cases[c].a[0] : cases[c].a[1];
        double fb = red ? cases[c].b[0] : cases[c].b[1];
        for (int i = 0; i < 2; ++i) {
            sf_tally *t = run(w, map, SF_PARTICLE_PHOTON, energies[i], 200000,
                              (uint32_t)(2 * c + i));
            if (red) {
                check_kerma(t, 2, fa, fb, "R-marrow", energies[i]);
            } else {
                double m, sm;
                mean_of(t, 2, &m, &sm);
                assert_true(m == 0.0); /* no red marrow anywhere */
            }
            check_kerma(t, 3, e * fa, e * fb,
                        red ? "Endost-BS (red marrow)" : "Endost-BS (yellow marrow)",
                        energies[i]);
            assert_true(sf_tally_balance_error(t) < 1e-9);
            sf_tally_destroy(&t);
        }
        sf_target_map_destroy(&map);
        sf_world_destroy(&w);
    }
    setup(NULL);
}

static void electrons_share_by_mass_fraction(void **state)
{
    (void)state;
    sf_world *w = kerma_world();
    sf_target_map *map = skeletal_map(w, 0);
    sf_tally *t = run(w, map, SF_PARTICLE_ELECTRON, 0.5, 20000, 7);
    double a, sa, b, sb, m, sm;
    mean_of(t, 0, &a, &sa);
    mean_of(t, 1, &b, &sb);
    mean_of(t, 2, &m, &sm);
    double want = 0.6 * a + 0.3 * b;
    printf("R-marrow, 0.5 MeV electrons: %.9e MeV, 0.6 E_A + 0.3 E_B = %.9e MeV\n",
           m, want);
    assert_true(fabs(m / want - 1) < 1e-9);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_world_destroy(&w);
}

static void the_marrow_source_follows_the_marrow_mass(void **state)
{
    (void)state;
    uint16_t labels[3] = {1, 2, 3};
    double w[3];
    for (int k = 0; k < 3; ++k)
        w[k] = sf_skeletal_weight(ph, labels[k], SF_SKEL_R_MARROW);
    assert_true(w[0] == 0.6 && w[1] == 0.3 && w[2] == 0.0);
    sf_source *src = NULL;
    assert_int_equal(sf_source_region_weighted(ph, labels, w, 3,
                                               SF_PARTICLE_PHOTON, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, 0.1), SF_OK);
    long count[4] = {0};
    const long n = 200000;
    for (long i = 0; i < n; ++i) {
        sf_rng rng;
        sf_rng_init(&rng, 9, 9, (uint64_t)i, 0);
        sf_particle p;
        sf_source_sample(src, ph, &rng, &p);
        int64_t v = (int64_t)(p.pos_cm[0] / SPACING_CM) +
                    N * ((int64_t)(p.pos_cm[1] / SPACING_CM) +
                         N * (int64_t)(p.pos_cm[2] / SPACING_CM));
        count[ph->label[v]]++;
    }
    double ma = 0.6 * ph->regions[1].mass_kg, mb = 0.3 * ph->regions[2].mass_kg;
    double pa = ma / (ma + mb);
    double ea = pa * (double)n, eb = (1 - pa) * (double)n;
    double chi2 = pow(count[1] - ea, 2) / ea + pow(count[2] - eb, 2) / eb;
    double p = sf_test_chi2_p_value(chi2, 1);
    printf("R-marrow source: %ld / %ld draws in A and B, expected %.0f / %.0f "
           "(chi2 %.2f, p %.3f); %ld in label 3\n", count[1], count[2], ea, eb,
           chi2, p, count[3]);
    sf_test_report_chi2("skeleton", "weighted source, 2e5 draws", chi2, 1,
                        0.001, "R-marrow source: voxels drawn by red-marrow "
                        "mass (2 labels)");
    assert_int_equal(count[3], 0);
    assert_true(p > 0.001);
    assert_true(fabs(src->mass_kg - (ma + mb)) < 1e-12 * (ma + mb));
    sf_source_destroy(&src);
}

static void response_functions_replace_the_kerma(void **state)
{
    (void)state;
    const double a[3] = {0.6, 0.0, 0.4}, b[3] = {0.3, 0.0, 0.7};
    make_phantom("red_marrow", a, b);
    sf_world *w = kerma_world();
    /* Twice the red marrow's kerma per unit fluence, Gy cm2. */
    sf_material rbm;
    assert_int_equal(sf_material_builtin("red_marrow", &rbm), SF_OK);
    double *eta = malloc((size_t)w->xs->n_grid * sizeof *eta);
    assert_non_null(eta);
    assert_int_equal(sf_kerma_coef_material(w->pd, w->xs, &rbm, eta), SF_OK);
    char path[4200];
    snprintf(path, sizeof path, "%s/drf.csv", sf_test_tmpdir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# twice the kerma approximation\n"
          "site,target,energy_MeV,dose_per_fluence_Gy_cm2\n", f);
    const char *targets[2] = {"R-marrow", "Endost-BS"};
    for (int site = 1; site <= 2; ++site)
        for (int t = 0; t < 2; ++t)
            for (int i = 0; i <= 200; ++i) {
                double E = 0.01 * pow(100.0, i / 200.0);
                double k = sf_xs_interp(eta, sf_photon_xs_locate(w->xs, E));
                fprintf(f, "%d,%s,%.10g,%.10g\n", site, targets[t], E,
                        2 * k * 1.602176634e-13 * 1e3);
            }
    fclose(f);
    free(eta);
    sf_drf_table *drf = NULL;
    assert_int_equal(sf_drf_load(path, ph, &drf), SF_OK);
    sf_target_map *kerma = skeletal_map(w, 1), *folded = skeletal_map_drf(w, 1, drf);
    sf_tally *t1 = run(w, kerma, SF_PARTICLE_PHOTON, 0.3, 50000, 11);
    sf_tally *t2 = run(w, folded, SF_PARTICLE_PHOTON, 0.3, 50000, 11);
    for (int k = 2; k < 4; ++k) {
        double m1, s1, m2, s2;
        mean_of(t1, k, &m1, &s1);
        mean_of(t2, k, &m2, &s2);
        printf("%s, DRF = 2 x kerma: %.6e / %.6e MeV = %.5f\n", targets[k - 2],
               m2, m1, m2 / m1);
        assert_true(fabs(m2 / m1 / 2 - 1) < 0.002);
    }
    /* The label tallies do not see the response functions. */
    double a1, sa, a2;
    mean_of(t1, 0, &a1, &sa);
    mean_of(t2, 0, &a2, &sa);
    assert_true(a1 == a2);
    sf_tally_destroy(&t1);
    sf_tally_destroy(&t2);
    sf_target_map_destroy(&kerma);
    sf_target_map_destroy(&folded);
    /* A site holding red marrow without its curve is an error naming it. */
    f = fopen(path, "w");
    fputs("site,target,energy_MeV,dose_per_fluence_Gy_cm2\n"
          "1,R-marrow,0.01,1e-12\n1,R-marrow,1,1e-11\n", f);
    fclose(f);
    sf_drf_destroy(&drf);
    assert_int_equal(sf_drf_load(path, ph, &drf), SF_OK);
    int target[1] = {2}, region[1] = {SF_SKEL_R_MARROW};
    sf_skeletal_kerma *k = NULL;
    assert_int_not_equal(sf_skeletal_kerma_build(w, 1, target, region, drf, &k),
                         SF_OK);
    assert_non_null(strstr(sf_error_message(), "site 'R2' (label 2)"));
    sf_drf_destroy(&drf);
    f = fopen(path, "w");
    fputs("site,target,energy_MeV,dose_per_fluence_Gy_cm2\n1,Liver,0.01,1\n", f);
    fclose(f);
    assert_int_not_equal(sf_drf_load(path, ph, &drf), SF_OK);
    assert_non_null(strstr(sf_error_message(), "drf.csv:2: target 'Liver'"));
    sf_world_destroy(&w);
    setup(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(photons_score_the_tissue_kerma),
        cmocka_unit_test(electrons_share_by_mass_fraction),
        cmocka_unit_test(the_marrow_source_follows_the_marrow_mass),
        cmocka_unit_test(response_functions_replace_the_kerma),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
