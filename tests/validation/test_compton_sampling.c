/* Incoherent scattering sampler against the numerically integrated
 * differential cross section KN x S(x,Z): chi-square of the scattered
 * photon energy spectrum, for elements and for a mixture's table
 * (sf_compton_mixture_build) against the elements' own S(x,Z). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "test_support.h"

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */
#include "physics/compton.h"
#include "physics/photon_data.h"


/* --- data ---------------------------------------------------------------- */
static sf_photon_data *pd;

static int setup(void **state)
{
    (void)state;
    const int Z[] = {1, 8, 82};
    return sf_test_load_photon_data(Z, 3, &pd);
}

static int teardown(void **state)
{
    (void)state;
    sf_photon_data_destroy(&pd);
    return 0;
}

/* --- tests --------------------------------------------------------------- */
/* A mixture of up to three elements, each with weight w_i / A_i (mass
 * fraction over atomic weight: atoms per gram up to Avogadro's number). */
typedef struct kn_ctx {
    int n;
    const sf_element_photon *e[3];
    double atoms[3];
    double E;
} kn_ctx;

/* d(sigma)/d(cos theta) up to a constant: Klein-Nishina,
 * (E'/E)^2 (E'/E + E/E' - sin^2 theta), times sum_i atoms_i S(x,Z_i). */
static double kn_s_density(double c, const void *ctx)
{
    const kn_ctx *k = ctx;
    double r = sf_compton_energy(k->E, c) / k->E;
    double kn = r * r * (r + 1.0 / r - (1.0 - c * c));
    double x = k->E / SF_HC_MEV_ANGSTROM * sqrt(0.5 * (1.0 - c));
    double S = 0.0;
    for (int i = 0; i < k->n; ++i)
        S += k->atoms[i] * sf_element_scatter_function(k->e[i], x);
    return kn * S;
}

/* Draws n scatterings from `sampled` and compares their E' with ctx. */
static void check_sampler(const sf_element_photon *sampled, const kn_ctx *ctx,
                          const char *what, long n, uint64_t stream)
{
    double E = ctx->E;
    sf_test_binning b;
    sf_test_make_bins(kn_s_density, ctx, -1.0, 1.0, &b);
    /* E' rises with cos theta, so cos bins map onto E' bins. */
    double edge_E[SF_TEST_BINS + 1];
    for (int k = 0; k <= SF_TEST_BINS; ++k)
        edge_E[k] = sf_compton_energy(E, b.edge[k]);
    long count[SF_TEST_BINS] = {0};
    sf_rng r;
    sf_rng_init(&r, 5, (uint32_t)sampled->Z, stream, SF_RNG_PURPOSE_TEST);
    double E_min = E / (1.0 + 2.0 * E / SF_ELECTRON_MASS_MEV);
    for (long i = 0; i < n; ++i) {
        double Es, c;
        sf_compton_sample(sampled, E, &r, &Es, &c);
        assert_true(c >= -1.0 && c <= 1.0);
        assert_true(Es >= E_min * (1.0 - 1e-12) && Es <= E);
        assert_true(fabs(Es - sf_compton_energy(E, c)) <= 1e-12 * E);
        count[sf_test_bin_of(edge_E, Es)]++;
    }
    double chi2 = sf_test_chi2_of(&b, count, n);
    double p = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
    print_message("Compton E', %s, E=%g MeV: chi2 = %.1f / %d dof, "
                  "p = %.3f\n", what, E, chi2, SF_TEST_BINS - 1, p);
    sf_test_report_chi2("compton_sampling", "Klein-Nishina x S(x,Z) of the "
                        "photon data (xraylib), integrated numerically", chi2,
                        SF_TEST_BINS - 1, 1e-3, "scattered energy E', %s, "
                        "E = %g MeV, %ld draws", what, E, n);
    assert_true(p > 1e-3);
}

static void check_spectrum(int Z, double E, long n, uint64_t stream)
{
    kn_ctx ctx = {1, {&pd->elem[Z]}, {1.0}, E};
    char what[32];
    snprintf(what, sizeof what, "Z = %d", Z);
    check_sampler(&pd->elem[Z], &ctx, what, n, stream);
}

/* Water (ICRU 44 mass fractions) sampled on its mixed table: the
 * reference is built from the hydrogen and oxygen tables themselves. */
static void check_water(double E, long n, uint64_t stream)
{
    const int Z[2] = {1, 8};
    const double w[2] = {0.111894, 0.888106};
    sf_element_photon mix;
    assert_int_equal(sf_compton_mixture_build(pd, 2, Z, w, &mix), SF_OK);
    kn_ctx ctx = {2, {&pd->elem[1], &pd->elem[8]},
                  {w[0] / pd->elem[1].atomic_weight_g_mol,
                   w[1] / pd->elem[8].atomic_weight_g_mol}, E};
    check_sampler(&mix, &ctx, "water (H + O mixture table)", n, stream);
    sf_compton_mixture_free(&mix);
}

/* The mixture's table at its grid points is the electron-weighted mean of
 * S/Z (to rounding), tends to 1 (the tabulated S(x,Z) exceed Z by up to
 * 7e-6 near their ends), and a one-element mixture is S/Z. */
static void test_mixture_table(void **state)
{
    (void)state;
    const int Z[2] = {1, 8};
    const double w[2] = {0.111894, 0.888106};
    sf_element_photon mix;
    assert_int_equal(sf_compton_mixture_build(pd, 2, Z, w, &mix), SF_OK);
    assert_int_equal(mix.Z, 1);
    double a[2], z = 0.0;
    for (int i = 0; i < 2; ++i) {
        a[i] = w[i] / pd->elem[Z[i]].atomic_weight_g_mol;
        z += a[i] * Z[i];
    }
    for (int j = 0; j < mix.n_x; ++j) {
        double x = mix.x_inv_angstrom[j];
        double want = (a[0] * sf_element_scatter_function(&pd->elem[1], x) +
                       a[1] * sf_element_scatter_function(&pd->elem[8], x)) / z;
        assert_true(fabs(sf_element_scatter_function(&mix, x) - want) <=
                    1e-12 * (want + 1e-300));
        assert_true(mix.scatter_function[j] <= 1.0 + 1e-5);
    }
    assert_true(fabs(mix.scatter_function[mix.n_x - 1] - 1.0) < 1e-3);
    sf_compton_mixture_free(&mix);

    const int Zo[1] = {8};
    const double wo[1] = {1.0};
    assert_int_equal(sf_compton_mixture_build(pd, 1, Zo, wo, &mix), SF_OK);
    const sf_element_photon *o = &pd->elem[8];
    for (int j = 0; j < o->n_x; ++j)
        assert_true(fabs(sf_element_scatter_function(&mix, o->x_inv_angstrom[j]) -
                         o->scatter_function[j] / 8.0) <= 1e-12);
    sf_compton_mixture_free(&mix);
}

static void test_water_mixture(void **state)
{
    (void)state;
    check_water(0.03, 500000, 7);
    check_water(0.14, 500000, 8);
}

static void test_oxygen_100keV(void **state)
{
    (void)state;
    check_spectrum(8, 0.1, 1000000, 1);
}

static void test_oxygen_1MeV(void **state)
{
    (void)state;
    check_spectrum(8, 1.0, 1000000, 2);
}

/* Above 1.5 MeV: Butcher and Messel's sampler (below, Kahn's). */
static void test_oxygen_4MeV(void **state)
{
    (void)state;
    check_spectrum(8, 4.0, 500000, 6);
}

/* Where binding matters most: low energy (S cuts the forward angles). */
static void test_oxygen_10keV(void **state)
{
    (void)state;
    check_spectrum(8, 0.01, 500000, 3);
}

static void test_hydrogen_and_lead(void **state)
{
    (void)state;
    check_spectrum(1, 0.03, 500000, 4);
    check_spectrum(82, 0.1, 500000, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oxygen_100keV),
        cmocka_unit_test(test_oxygen_1MeV),
        cmocka_unit_test(test_oxygen_4MeV),
        cmocka_unit_test(test_oxygen_10keV),
        cmocka_unit_test(test_hydrogen_and_lead),
        cmocka_unit_test(test_mixture_table),
        cmocka_unit_test(test_water_mixture),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
