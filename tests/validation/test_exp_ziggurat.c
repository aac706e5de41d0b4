/* The ziggurat's exponential deviates (transport/exp_ziggurat.h) against
 * Exp(1): the layer tables (equal areas, the top layer closing on
 * exp(0) = 1), a chi-square in 50 equiprobable bins, and the two regions
 * the fast path does not decide alone: near 0 (the top layer) and the
 * tail beyond r = 7.697. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "test_support.h"

#include "transport/exp_ziggurat.h"

enum { DRAWS = 4000000 };

/* Every layer has the area v of the base (Marsaglia and Tsang's
 * 3.949659822581572e-3); the top one, x_1 (1 - exp(-x_1)), closes the
 * recursion to the precision of the published constants. */
static void test_tables(void **state)
{
    (void)state;
    sf_exp_ziggurat z;
    sf_exp_ziggurat_init(&z);
    const double v = 3.949659822581572e-3;
    assert_true(fabs(z.x[0] * z.f[SF_ZIGGURAT_LAYERS - 1] - v) <= 1e-15);
    for (int i = 2; i < SF_ZIGGURAT_LAYERS; ++i) {
        double area = z.x[i] * (z.f[i - 1] - z.f[i]);
        assert_true(fabs(area - v) <= 1e-12 * v);
        assert_true(z.x[i] > z.x[i - 1]);
        assert_true(z.inner[i] > 0.0 && z.inner[i] < 1.0);
    }
    double top = z.x[1] * (1.0 - z.f[1]);
    print_message("ziggurat: top layer area %.15g against %.15g\n", top, v);
    assert_true(fabs(top - v) <= 1e-9 * v);
    assert_true(z.inner[1] == 0.0);
}

static void test_distribution(void **state)
{
    (void)state;
    sf_exp_ziggurat z;
    sf_exp_ziggurat_init(&z);
    sf_test_binning b;
    for (int k = 0; k < SF_TEST_BINS; ++k) {
        b.edge[k] = -log1p(-(double)k / SF_TEST_BINS);
        b.prob[k] = 1.0 / SF_TEST_BINS;
    }
    b.edge[SF_TEST_BINS] = INFINITY;
    long count[SF_TEST_BINS] = {0}, near0 = 0, tail = 0;
    double sum = 0.0;
    sf_rng r;
    sf_rng_init(&r, 11, 12, 13, SF_RNG_PURPOSE_TEST);
    for (long n = 0; n < DRAWS; ++n) {
        double x = sf_rng_exponential(&z, &r);
        assert_true(x >= 0.0 && isfinite(x));
        sum += x;
        near0 += x < 0.01;
        tail += x > 7.697117470131487;
        int k = (int)(-expm1(-x) * SF_TEST_BINS); /* the CDF's bin */
        count[k < SF_TEST_BINS ? k : SF_TEST_BINS - 1]++;
    }
    double chi2 = sf_test_chi2_of(&b, count, DRAWS);
    double p = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
    print_message("ziggurat Exp(1): chi2 = %.1f / %d dof, p = %.3f\n", chi2,
                  SF_TEST_BINS - 1, p);
    sf_test_report_chi2("exp_ziggurat", "Exp(1), exact CDF", chi2,
                        SF_TEST_BINS - 1, 1e-3, "exponential deviates, %d draws",
                        DRAWS);
    assert_true(p > 1e-3);
    /* Mean 1, variance 1: the sample mean within 4 sigma. */
    double mean = sum / DRAWS;
    assert_true(fabs(mean - 1.0) < 4.0 / sqrt((double)DRAWS));
    /* Binomial counts within 4 sigma of their expectations. */
    const double p0 = -expm1(-0.01), pt = exp(-7.697117470131487);
    double e0 = p0 * DRAWS, et = pt * DRAWS;
    print_message("ziggurat: below 0.01 %ld (expected %.0f), beyond r %ld "
                  "(expected %.0f)\n", near0, e0, tail, et);
    assert_true(fabs(near0 - e0) < 4.0 * sqrt(e0 * (1.0 - p0)));
    assert_true(fabs(tail - et) < 4.0 * sqrt(et * (1.0 - pt)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_distribution),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
