/* Energy-loss straggling of the soft collisions: the second moments of the
 * Moller and Bhabha cross sections below the cut (closed forms against a
 * numerical integral of the differential cross sections, and Bohr's
 * variance as the small-cut limit), and the loss sampler (exact mean and
 * variance in each of its three branches, never negative). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "physics/electron_constants.h"
#include "physics/moller_bhabha.h"
#include "test_support.h"
#include "transport/soft_loss.h"

/* Midpoint rule for the integral of W^2 dsigma/dW over (0, upper). */
static double numeric_moment(double (*dcs)(double, double), double T,
                             double upper)
{
    enum { N = 200000 };
    double h = upper / N, sum = 0;
    for (int i = 0; i < N; ++i) {
        double W = (i + 0.5) * h;
        sum += W * W * dcs(T, W);
    }
    return sum * h;
}

static double bohr(double T, double cut)
{
    double gamma = 1 + T / SF_EL_MC2_MEV, beta2 = 1 - 1 / (gamma * gamma);
    return 2 * SF_EL_PI * SF_EL_RE_CM * SF_EL_RE_CM * SF_EL_MC2_MEV * cut /
           beta2;
}

static void test_moments_against_quadrature(void **state)
{
    (void)state;
    const double T[4] = {0.005, 0.1, 1.0, 10.0};
    const double cut[3] = {0.001, 0.01, 1.0}; /* 1 MeV: cut above T/2 */
    for (int i = 0; i < 4; ++i)
        for (int c = 0; c < 3; ++c) {
            double m = sf_moller_soft_straggling(T[i], cut[c]);
            double mq = numeric_moment(sf_moller_dcs, T[i],
                                       fmin(cut[c], 0.5 * T[i]));
            double b = sf_bhabha_soft_straggling(T[i], cut[c]);
            double bq = numeric_moment(sf_bhabha_dcs, T[i], fmin(cut[c], T[i]));
            printf("T %6.3f cut %5.3f: Moller %.6e (quadrature %+.1e), "
                   "Bhabha %.6e (%+.1e)\n", T[i], cut[c], m, m / mq - 1, b,
                   b / bq - 1);
            assert_true(fabs(m / mq - 1) < 1e-6);
            assert_true(fabs(b / bq - 1) < 1e-6);
        }
}

static void test_bohr_limit(void **state)
{
    (void)state;
    /* cut / T = 1e-4: the corrections are of that order. */
    double m = sf_moller_soft_straggling(10.0, 1e-3) / bohr(10.0, 1e-3);
    double b = sf_bhabha_soft_straggling(10.0, 1e-3) / bohr(10.0, 1e-3);
    const char *source = "Bohr's variance 2 pi r_e^2 m c^2 n W_cut / beta^2 "
                         "(Bohr 1915)";
    sf_test_report("soft_loss", "Moller soft-loss variance / Bohr's, T = 10 "
                   "MeV, cut 1 keV", m, 0.0, 1.0, 0.0, "ratio", source,
                   "0.1 %");
    sf_test_report("soft_loss", "Bhabha soft-loss variance / Bohr's, T = 10 "
                   "MeV, cut 1 keV", b, 0.0, 1.0, 0.0, "ratio", source,
                   "0.1 %");
    assert_true(fabs(m - 1) < 1e-3);
    assert_true(fabs(b - 1) < 1e-3);
}

static void test_table_moments(void **state)
{
    (void)state;
    static sf_soft_loss_table t;
    sf_soft_loss_table_init(&t);
    double s1 = 0, s2 = 0;
    for (int i = 0; i < SF_SOFT_LOSS_CELLS; ++i) {
        s1 += t.z[i];
        s2 += (double)t.z[i] * t.z[i];
    }
    assert_true(fabs(s1 / SF_SOFT_LOSS_CELLS) < 1e-12);
    assert_true(fabs(s2 / SF_SOFT_LOSS_CELLS - 1) < 1e-6);
    /* Normal truncated at 3 standard units, rescaled to unit variance. */
    assert_true(t.z_max > 3.0 && t.z_max < 3.1);
}

/* Mean and variance of n samples within 5 standard errors of the asked-for
 * values (the fourth moment bounds the error of the variance). */
static void check_branch(const sf_soft_loss_table *t, double mean, double var)
{
    enum { N = 2000000 };
    sf_rng rng;
    sf_rng_init(&rng, 7u, 11u, (uint64_t)(mean * 1e6), SF_RNG_PURPOSE_TEST);
    double s1 = 0, s2 = 0, s4 = 0, lo = INFINITY, hi = 0;
    for (int i = 0; i < N; ++i) {
        double x = sf_soft_loss_sample(t, mean, var, &rng);
        double d = x - mean;
        s1 += d;
        s2 += d * d;
        s4 += d * d * d * d;
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    double m = s1 / N, v = s2 / N, m4 = s4 / N;
    double se_m = sqrt(var / N), se_v = sqrt((m4 - v * v) / N);
    printf("mean %.3f var %.3f: sample mean %+.2f se, variance %+.2f se, "
           "range [%.4f, %.4f]\n", mean, var, m / se_m, (v - var) / se_v, lo,
           hi);
    assert_true(fabs(m) < 5 * se_m);
    assert_true(fabs(v - var) < 5 * se_v);
    assert_true(lo >= 0.0);
}

static void test_sampler_branches(void **state)
{
    (void)state;
    static sf_soft_loss_table t;
    sf_soft_loss_table_init(&t);
    check_branch(&t, 5.0, 1.0);   /* truncated normal */
    check_branch(&t, 2.0, 1.0);   /* uniform */
    check_branch(&t, 0.5, 1.0);   /* no loss or uniform (short steps) */
    /* Degenerate inputs return the mean. */
    sf_rng rng;
    sf_rng_init(&rng, 1u, 1u, 0, SF_RNG_PURPOSE_TEST);
    assert_true(sf_soft_loss_sample(&t, 0.3, 0.0, &rng) == 0.3);
    assert_true(sf_soft_loss_sample(&t, 0.0, 1.0, &rng) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moments_against_quadrature),
        cmocka_unit_test(test_bohr_limit),
        cmocka_unit_test(test_table_moments),
        cmocka_unit_test(test_sampler_branches)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
