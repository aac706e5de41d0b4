/* Pair-production model (physics/bethe_heitler.c): symmetry and positivity
 * of d(sigma)/d(eps), consistency of the integrated cross sections with it,
 * the exact Born threshold behaviour, and the integrated cross sections
 * against Hubbell, Gimm & Overbo, J. Phys. Chem. Ref. Data 9 (1980) 1023,
 * in the barn/atom values tabulated by NIST XCOM (Berger & Hubbell). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "test_support.h"
#include "physics/bethe_heitler.h"

static const int some_Z[] = {1, 6, 8, 20, 50, 82, 98};
static const double some_k[] = {1.03, 1.2, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0};
#define NZ (int)(sizeof some_Z / sizeof some_Z[0])
#define NK (int)(sizeof some_k / sizeof some_k[0])

static void test_symmetry_and_positivity(void **state)
{
    (void)state;
    for (int iz = 0; iz < NZ; ++iz)
        for (int ik = 0; ik < NK; ++ik) {
            double k = some_k[ik], lo = SF_ELECTRON_MASS_MEV / k;
            int Z = some_Z[iz];
            for (int i = 1; i < 200; ++i) {
                double eps = lo + (1.0 - 2.0 * lo) * i / 200.0;
                double a = sf_bh_dsigma_deps_barn(k, eps, Z);
                double b = sf_bh_dsigma_deps_barn(k, 1.0 - eps, Z);
                assert_true(a > 0.0 && isfinite(a));
                /* eps and 1 - (1 - eps) differ by rounding, which the
                 * cancellations of the exact Born formula near threshold
                 * amplify to ~1e-8 */
                assert_true(fabs(a - b) <= 1e-6 * a);
            }
            assert_true(sf_bh_dsigma_deps_barn(k, 0.5 * lo, Z) == 0.0);
            assert_true(sf_bh_dsigma_deps_barn(k, 1.0 - 0.5 * lo, Z) == 0.0);
        }
    assert_true(sf_bh_dsigma_deps_barn(1.0, 0.5, 8) == 0.0);
    assert_true(sf_bh_sigma_nuclear_barn(1.0, 8) == 0.0);
    assert_true(sf_bh_sigma_electron_barn(2.0, 8) == 0.0);
    assert_true(sf_bh_sigma_electron_barn(2.1, 8) > 0.0);
}

/* The integrated cross section is the integral of the differential one:
 * an independent midpoint rule in eps = lo + (1/2 - lo)(1 - cos t). */
static void test_integral_consistency(void **state)
{
    (void)state;
    for (int iz = 0; iz < NZ; ++iz)
        for (int ik = 0; ik < NK; ++ik) {
            double k = some_k[ik], lo = SF_ELECTRON_MASS_MEV / k;
            int Z = some_Z[iz];
            const int n = 20000;
            double sum = 0.0;
            for (int i = 0; i < n; ++i) {
                double t = 0.5 * M_PI * (i + 0.5) / n;
                double eps = lo + (0.5 - lo) * (1.0 - cos(t));
                sum += sf_bh_dsigma_deps_barn(k, eps, Z) * (0.5 - lo) *
                       sin(t) * 0.5 * M_PI / n;
            }
            double sigma = sf_bh_sigma_nuclear_barn(k, Z);
            assert_true(fabs(2.0 * sum - sigma) <= 2e-4 * sigma);
        }
}

/* Below 1.25 MeV for Z = 1 the Coulomb (f_c(1) = 5e-5) and radiative terms
 * vanish and the screening term is reduced by beta+ beta-, so the model is
 * the exact Born cross section to within the 0.5% that remnant takes at
 * 1.05 MeV (1% asked):
 * Maximon's threshold expansion, J. Res. NBS 72B (1968) 79,
 * sigma = (2 pi/3) alpha r_e^2 ((k-2)/k)^3 (1 + r/2 + 23 r^2/40 + ...),
 * r = (2k-4)/(2+k+2 sqrt(2k)), k in electron masses, accurate to 1e-5
 * there. */
static void test_born_threshold(void **state)
{
    (void)state;
    const double alpha_re2 = 5.7946522e-4;
    for (double E = 1.05; E <= 1.2; E += 0.05) {
        double k = E / SF_ELECTRON_MASS_MEV;
        double r = (2 * k - 4) / (2 + k + 2 * sqrt(2 * k)), x = (k - 2) / k;
        double maximon = 2 * M_PI / 3 * alpha_re2 * x * x * x *
                         (1 + r / 2 + 23.0 / 40 * r * r + 11.0 / 60 * r * r * r +
                          29.0 / 960 * r * r * r * r);
        double s = sf_bh_sigma_nuclear_barn(E, 1);
        printf("Z=1 %.2f MeV: model %.6e b, Maximon %.6e b\n", E, s, maximon);
        assert_true(fabs(s / maximon - 1.0) < 1e-2);
    }
}

typedef struct ref {
    int Z;
    double E_MeV, nuclear_b, electron_b;
} ref;

/* XCOM (barn/atom) = Hubbell, Gimm & Overbo (1980). */
static const ref xcom[] = {
    {1, 2.0, 1.758e-4, 0.0},    {1, 5.0, 1.102e-3, 3.283e-4},
    {1, 10.0, 2.138e-3, 1.170e-3}, {1, 20.0, 3.292e-3, 2.359e-3},
    {8, 2.0, 1.134e-2, 0.0},    {8, 5.0, 7.051e-2, 2.626e-3},
    {8, 10.0, 1.363e-1, 9.357e-3}, {8, 20.0, 2.084e-1, 1.885e-2},
    {50, 2.0, 0.5389, 0.0},     {50, 5.0, 2.767, 1.636e-2},
    {50, 10.0, 5.040, 5.795e-2}, {50, 20.0, 7.545, 1.153e-1},
    {82, 2.0, 1.875, 0.0},      {82, 5.0, 7.389, 2.673e-2},
    {82, 10.0, 12.63, 9.427e-2}, {82, 20.0, 18.59, 1.863e-1},
};

static void report_pair(const char *field, const ref *r, double sigma_b,
                        double reference_b, double tol)
{
    char quantity[96], rule[32];
    snprintf(quantity, sizeof quantity, "pair production in the %s field, "
             "Z = %d, %g MeV", field, r->Z, r->E_MeV);
    snprintf(rule, sizeof rule, "%g %%", 100 * tol);
    sf_test_report("bethe_heitler", quantity, sigma_b, 0.0, reference_b, 0.0,
                   "b/atom", "Hubbell, Gimm & Overbo 1980 (NIST XCOM)", rule);
}

/* Tolerances: the model was normalised on H and O (radiative term) and on
 * Pb (Coulomb g(k)); it agrees with them to 0.5%, so 1% is asked. Sn is an
 * independent check of the f_c(Z) scaling of the Coulomb factor: within 2%
 * observed, 3% asked. The triplet neglects the screening of the atomic
 * electrons' field by the other electrons: 1% for H and O, 4% for Sn and
 * Pb (largest at 20 MeV). */
static void test_against_xcom(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof xcom / sizeof xcom[0]; ++i) {
        const ref *r = &xcom[i];
        double n = sf_bh_sigma_nuclear_barn(r->E_MeV, r->Z);
        double e = sf_bh_sigma_electron_barn(r->E_MeV, r->Z);
        double tol_n = r->Z == 50 ? 0.03 : 0.01;
        double tol_e = r->Z >= 50 ? 0.04 : 0.01;
        printf("Z=%2d %5.1f MeV nuclear %.4e b (XCOM %.4e, %+.2f%%)", r->Z,
               r->E_MeV, n, r->nuclear_b, 100 * (n / r->nuclear_b - 1));
        if (r->electron_b > 0)
            printf(" electron %.4e b (XCOM %.4e, %+.2f%%)", e, r->electron_b,
                   100 * (e / r->electron_b - 1));
        printf("\n");
        report_pair("nuclear", r, n, r->nuclear_b, tol_n);
        if (r->electron_b > 0)
            report_pair("electron", r, e, r->electron_b, tol_e);
        assert_true(fabs(n / r->nuclear_b - 1.0) < tol_n);
        if (r->electron_b > 0)
            assert_true(fabs(e / r->electron_b - 1.0) < tol_e);
    }
}

/* Smooth and positive from just above threshold to 20 MeV: no step larger
 * than the local trend in ln sigma on a 1% energy grid. */
static void test_smooth(void **state)
{
    (void)state;
    for (int iz = 0; iz < NZ; ++iz) {
        double prev = 0.0, prev_d = 0.0;
        for (double E = 1.03; E < 20.0; E *= 1.01) {
            double s = log(sf_bh_sigma_nuclear_barn(E, some_Z[iz]));
            assert_true(isfinite(s));
            if (E > 1.2) {
                double d = s - prev;
                assert_true(d > 0.0);
                assert_true(fabs(d - prev_d) < 0.1 * fabs(prev_d) + 2e-4);
            }
            prev_d = s - prev;
            prev = s;
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symmetry_and_positivity),
        cmocka_unit_test(test_integral_consistency),
        cmocka_unit_test(test_born_threshold),
        cmocka_unit_test(test_against_xcom),
        cmocka_unit_test(test_smooth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
