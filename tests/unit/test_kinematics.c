/* Direction rotation and isotropic directions. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "physics/kinematics.h"

static double dot(const double a[3], const double b[3])
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void normalise(double d[3])
{
    double n = sqrt(dot(d, d));
    for (int i = 0; i < 3; ++i)
        d[i] /= n;
}

/* The new direction is a unit vector at angle theta from the old one, for
 * general directions and at and near the poles and the axes. */
static void test_rotate_angle_and_norm(void **state)
{
    (void)state;
    double dirs[][3] = {{0, 0, 1},      {0, 0, -1},       {1, 0, 0},
                        {0, -1, 0},     {1e-9, 0, 1},     {0.3, -0.4, 0.5},
                        {-1, 1e-12, 0}, {1e-300, 0, -1}};
    const double cosines[] = {1.0, -1.0, 0.0, 0.999999999, -0.3, 0.7};
    sf_rng r;
    sf_rng_init(&r, 1, 2, 3, SF_RNG_PURPOSE_TEST);
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; ++i) {
        normalise(dirs[i]);
        for (size_t j = 0; j < sizeof cosines / sizeof cosines[0]; ++j) {
            for (int k = 0; k < 20; ++k) {
                double d[3] = {dirs[i][0], dirs[i][1], dirs[i][2]};
                sf_rotate(d, cosines[j], sf_azimuth(&r));
                assert_true(fabs(dot(d, d) - 1.0) < 1e-15);
                assert_true(fabs(dot(d, dirs[i]) - cosines[j]) < 1e-14);
            }
        }
    }
}

/* Many rotations by the same theta with uniform phi fill a cone: their mean
 * is cos(theta) times the axis (the azimuth is not biased). */
static void test_rotate_azimuth_uniform(void **state)
{
    (void)state;
    enum { N = 200000 };
    const double axes[][3] = {{0, 0, 1}, {0.6, 0, 0.8}, {1, 0, 0}};
    const double mu = 0.3, s = sqrt(1.0 - mu * mu);
    sf_rng r;
    sf_rng_init(&r, 1, 2, 4, SF_RNG_PURPOSE_TEST);
    for (int a = 0; a < 3; ++a) {
        double mean[3] = {0, 0, 0};
        for (int i = 0; i < N; ++i) {
            double d[3] = {axes[a][0], axes[a][1], axes[a][2]};
            sf_rotate(d, mu, sf_azimuth(&r));
            for (int c = 0; c < 3; ++c)
                mean[c] += d[c] / N;
        }
        /* Perpendicular components have variance s^2/2 per sample. */
        double tol = 5.0 * s * sqrt(0.5 / N);
        for (int c = 0; c < 3; ++c)
            assert_true(fabs(mean[c] - mu * axes[a][c]) < tol);
    }
}

/* Isotropic directions: unit length, w uniform on (-1,1), zero mean. */
static void test_isotropic(void **state)
{
    (void)state;
    enum { N = 400000, BINS = 40 };
    long count[BINS] = {0};
    double mean[3] = {0, 0, 0};
    sf_rng r;
    sf_rng_init(&r, 1, 2, 5, SF_RNG_PURPOSE_TEST);
    for (int i = 0; i < N; ++i) {
        double d[3];
        sf_isotropic_direction(&r, d);
        assert_true(fabs(dot(d, d) - 1.0) < 1e-15);
        for (int c = 0; c < 3; ++c)
            mean[c] += d[c] / N;
        int b = (int)((d[0] + 1.0) * 0.5 * BINS); /* x: tests phi too */
        count[b < BINS ? b : BINS - 1]++;
    }
    double expected = (double)N / BINS, chi2 = 0.0;
    for (int b = 0; b < BINS; ++b)
        chi2 += (count[b] - expected) * (count[b] - expected) / expected;
    print_message("isotropic x component: chi2 = %.1f for %d dof\n", chi2,
                  BINS - 1);
    /* 39 dof: p = 1e-3 at chi2 = 72.1. */
    assert_true(chi2 < 72.1);
    for (int c = 0; c < 3; ++c)
        assert_true(fabs(mean[c]) < 5.0 * sqrt(1.0 / 3.0 / N));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotate_angle_and_norm),
        cmocka_unit_test(test_rotate_azimuth_uniform),
        cmocka_unit_test(test_isotropic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
