/* Coherent scattering sampler against the numerically integrated
 * Thomson x F^2(x,Z) distribution: chi-square of the momentum transfer
 * x = sin(theta/2)/lambda (equivalently of cos theta). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "test_support.h"

#include "physics/compton.h" /* SF_HC_MEV_ANGSTROM */
#include "physics/photon_data.h"
#include "physics/rayleigh.h"


/* --- data ---------------------------------------------------------------- */
static sf_photon_data *pd;

static int setup(void **state)
{
    (void)state;
    const int Z[] = {8, 82};
    return sf_test_load_photon_data(Z, 2, &pd);
}

static int teardown(void **state)
{
    (void)state;
    sf_photon_data_destroy(&pd);
    return 0;
}

/* --- tests --------------------------------------------------------------- */
typedef struct thomson_ctx {
    const sf_element_photon *e;
    double x_max;
} thomson_ctx;

/* Density of x on (0, x_max): d(sigma)/d(cos theta) = (1 + cos^2) F^2(x)
 * (up to a constant) with cos theta = 1 - 2 x^2/x_max^2, so
 * |d cos/dx| = 4x/x_max^2. Integrating in x keeps the forward peak smooth. */
static double thomson_f2_density(double x, const void *ctx)
{
    const thomson_ctx *t = ctx;
    double c = 1.0 - 2.0 * (x / t->x_max) * (x / t->x_max);
    double F = sf_element_form_factor(t->e, x);
    return (1.0 + c * c) * F * F * x;
}

static void check_angles(int Z, double E, long n, uint64_t stream)
{
    const sf_element_photon *e = &pd->elem[Z];
    sf_rayleigh_table *table = NULL;
    assert_int_equal(sf_rayleigh_table_build(e, &table), SF_OK);
    thomson_ctx ctx = {e, E / SF_HC_MEV_ANGSTROM};
    sf_test_binning b;
    sf_test_make_bins(thomson_f2_density, &ctx, 0.0, ctx.x_max, &b);
    long count[SF_TEST_BINS] = {0};
    sf_rng r;
    sf_rng_init(&r, 6, (uint32_t)Z, stream, SF_RNG_PURPOSE_TEST);
    double mean_c = 0.0;
    for (long i = 0; i < n; ++i) {
        double c;
        sf_rayleigh_sample(table, E, &r, &c);
        assert_true(c >= -1.0 && c <= 1.0);
        mean_c += c / n;
        count[sf_test_bin_of(b.edge, ctx.x_max * sqrt(0.5 * (1.0 - c)))]++;
    }
    double chi2 = sf_test_chi2_of(&b, count, n);
    double p = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
    print_message("Rayleigh x, Z=%d, E=%g MeV: chi2 = %.1f / %d dof, "
                  "p = %.3f, <cos> = %.4f\n", Z, E, chi2, SF_TEST_BINS - 1, p, mean_c);
    sf_test_report_chi2("rayleigh_sampling", "Thomson x F^2(x,Z) of the "
                        "photon data (xraylib), integrated numerically", chi2,
                        SF_TEST_BINS - 1, 1e-3, "momentum transfer x, Z = %d, "
                        "E = %g MeV, %ld draws", Z, E, n);
    assert_true(p > 1e-3);
    sf_rayleigh_table_free(&table);
    assert_null(table);
}

static void test_oxygen_30keV(void **state)
{
    (void)state;
    check_angles(8, 0.03, 1000000, 1);
}

static void test_oxygen_100keV(void **state)
{
    (void)state;
    check_angles(8, 0.1, 1000000, 2);
}

static void test_lead(void **state)
{
    (void)state;
    check_angles(82, 0.03, 500000, 3);
    check_angles(82, 1.0, 500000, 4);
}

/* At very low energy F ~ Z over the whole range: pure Thomson. */
static void test_oxygen_1keV(void **state)
{
    (void)state;
    check_angles(8, 0.001, 300000, 5);
}

static void test_build_rejects_missing_data(void **state)
{
    (void)state;
    sf_element_photon empty = {0};
    sf_rayleigh_table *t = NULL;
    assert_int_equal(sf_rayleigh_table_build(&empty, &t), SF_ERR_VALUE);
    assert_null(t);
    sf_rayleigh_table_free(&t); /* accepts NULL */
    sf_rayleigh_table_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oxygen_30keV),
        cmocka_unit_test(test_oxygen_100keV),
        cmocka_unit_test(test_lead),
        cmocka_unit_test(test_oxygen_1keV),
        cmocka_unit_test(test_build_rejects_missing_data),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
