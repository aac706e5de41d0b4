/* The expected-value kerma estimator (world option kerma_estimator =
 * SF_KERMA_EXPECTED_VALUE) against the analogue one it replaces.
 *
 * 1. Its kerma coefficients: at grid points away from edges, the table
 *    (whose Compton part is interpolated from a coarse grid) equals
 *    sum_k w_k sum_p sigma_kp T_kp computed directly from
 *    physics/energy_transfer.h, to 1e-5 relative.
 * 2. No bias: in the built-in stylized phantom (soft tissue, cortical
 *    bone, lung, air), photons from the liver and from the thyroid at
 *    0.02, 0.14, 1 and 6 MeV (photoelectric, Compton and pair regimes),
 *    4e5 histories per run, each estimator with its own seed so the two
 *    runs are independent. Rule per source and energy: the chi-square of
 *    the differences of every target's energy over their combined sigma
 *    has p > 0.001 for its number of targets, and no target differs by
 *    more than 4.5 sigma. The energy balance of the walk stays exact. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_support.h"

#include "physics/energy_transfer.h"
#include "transport/task_run.h"

static sf_phantom *ph;

static int setup(void **state)
{
    (void)state;
    if (sf_phantom_load("builtin:stylized", &ph) != SF_OK) {
        fprintf(stderr, "stylized phantom: %s\n", sf_error_message());
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sf_phantom_destroy(&ph);
    return 0;
}

static sf_world *kerma_world(sf_kerma_estimator est)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA;
    opt.kerma_estimator = est;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    return w;
}

static void test_coefficients_match_direct_sum(void **state)
{
    (void)state;
    sf_world *w = kerma_world(SF_KERMA_EXPECTED_VALUE);
    const sf_photon_xs *xs = w->xs;
    const double *e = xs->energy_MeV;
    double worst = 0.0;
    int checked = 0;
    for (int m = 0; m < xs->n_materials; ++m) {
        const sf_xs_material *xm = &xs->materials[m];
        for (int i = 1; i + 1 < xs->n_grid; i += 7) {
            if (e[i - 1] == e[i] || e[i + 1] == e[i])
                continue; /* an edge: evaluated just beside it */
            double direct = 0.0;
            for (int k = 0; k < xm->n_elements; ++k) {
                int s = xm->slot[k];
                const sf_element_photon *el = &w->pd->elem[xs->Z[s]];
                double v =
                    sf_photon_xs_element_row(xs, s, SF_PROC_PHOTO)[i] *
                        sf_photo_mean_transfer_MeV(el, e[i]) +
                    sf_photon_xs_element_row(xs, s, SF_PROC_INCOH)[i] *
                        sf_compton_mean_transfer_MeV(el, e[i]) +
                    (sf_photon_xs_element_row(xs, s, SF_PROC_PAIR_NUC)[i] +
                     sf_photon_xs_element_row(xs, s, SF_PROC_PAIR_EL)[i]) *
                        sf_pair_mean_transfer_MeV(e[i]);
                direct += xm->mass_fraction[k] * v;
            }
            double table = w->kerma_coef[(size_t)m * xs->n_grid + i];
            double rel = fabs(table / direct - 1);
            if (rel > worst)
                worst = rel;
            ++checked;
        }
    }
    printf("kerma coefficients: %d points of %d media, worst relative "
           "difference %.2e\n", checked, xs->n_materials, worst);
    sf_test_report("kerma_estimator", "kerma coefficient table, worst "
                   "point, relative to the direct sum", worst, 0, 0, 0, "1",
                   "direct quadrature of the samplers' mean transfers",
                   "1e-5 absolute");
    assert_true(worst < 1e-5);
    sf_world_destroy(&w);
}

static sf_tally *run(const sf_world *w, const char *source, double E,
                     uint32_t seed, sf_target_map **map)
{
    uint16_t label = (uint16_t)sf_phantom_find_region(ph, source);
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(ph, &label, 1, SF_PARTICLE_PHOTON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, E), SF_OK);
    sf_stream_id id = {seed, 7u};
    sf_tally *t = sf_test_run_per_label(w, src, id, 400000, map);
    sf_source_destroy(&src);
    return t;
}

static void compare(const sf_world *wa, const sf_world *we,
                    const char *source, double E)
{
    sf_target_map *ma = NULL, *me = NULL;
    sf_tally *a = run(wa, source, E, 101u, &ma);
    sf_tally *x = run(we, source, E, 202u, &me);
    double chi2 = 0, worst = 0, gain_target = 0;
    int ndf = 0, worst_id = -1;
    for (int i = 0; i < ma->n_targets; ++i) {
        double va, ra, vx, rx;
        sf_tally_target_mean(a, i, &va, &ra);
        sf_tally_target_mean(x, i, &vx, &rx);
        if (va <= 0 && vx <= 0)
            continue;
        double sigma = hypot(va * ra, vx * rx);
        double z = (vx - va) / sigma;
        chi2 += z * z;
        ++ndf;
        if (fabs(z) > fabs(worst)) {
            worst = z;
            worst_id = ma->id[i];
        }
        /* Variance ratio (same histories) where the analogue is worst. */
        if (ra > 0 && rx > 0 && ma->mass_kg[i] > 0 &&
            ra * ra / (rx * rx) > gain_target && va > 0 && ra < 0.5)
            gain_target = ra * ra / (rx * rx);
    }
    printf("%-8s %5.2f MeV: chi2 %.1f for %d targets, worst %+.2f sigma "
           "(label %d), best variance ratio analogue/expected %.2f\n",
           source, E, chi2, ndf, worst, worst_id, gain_target);
    sf_test_report_chi2("kerma_estimator", "the analogue estimator, "
                        "independent run", chi2, ndf, 1e-3,
                        "photons %g MeV from the %s: energy in every region, "
                        "expected-value vs analogue", E, source);
    assert_true(sf_test_chi2_p_value(chi2, ndf) > 1e-3);
    assert_true(fabs(worst) <= 4.5);
    assert_true(sf_tally_balance_error(x) <= 1e-9);
    sf_tally_destroy(&a);
    sf_tally_destroy(&x);
    sf_target_map_destroy(&ma);
    sf_target_map_destroy(&me);
}

static void test_no_bias_against_analogue(void **state)
{
    (void)state;
    sf_world *wa = kerma_world(SF_KERMA_ANALOGUE);
    sf_world *we = kerma_world(SF_KERMA_EXPECTED_VALUE);
    const char *sources[] = {"Liver", "Thyroid"};
    const double E[] = {0.02, 0.14, 1.0, 6.0};
    for (int s = 0; s < 2; ++s)
        for (int i = 0; i < 4; ++i)
            compare(wa, we, sources[s], E[i]);
    sf_world_destroy(&wa);
    sf_world_destroy(&we);
}

/* The estimator belongs to kerma mode: a coupled world refuses it. */
static void test_coupled_mode_refuses_it(void **state)
{
    (void)state;
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.kerma_estimator = SF_KERMA_EXPECTED_VALUE;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_ERR_VALUE);
    assert_null(w);
    assert_non_null(strstr(sf_error_message(), "kerma mode"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coefficients_match_direct_sum),
        cmocka_unit_test(test_no_bias_against_analogue),
        cmocka_unit_test(test_coupled_mode_refuses_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
