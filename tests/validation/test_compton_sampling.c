/* Incoherent scattering sampler against the numerically integrated
 * differential cross section KN x S(x,Z): chi-square of the scattered
 * photon energy spectrum. */
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
typedef struct kn_ctx {
    const sf_element_photon *e;
    double E;
} kn_ctx;

/* d(sigma)/d(cos theta) up to a constant: Klein-Nishina,
 * (E'/E)^2 (E'/E + E/E' - sin^2 theta), times S(x,Z). */
static double kn_s_density(double c, const void *ctx)
{
    const kn_ctx *k = ctx;
    double r = sf_compton_energy(k->E, c) / k->E;
    double kn = r * r * (r + 1.0 / r - (1.0 - c * c));
    double x = k->E / SF_HC_MEV_ANGSTROM * sqrt(0.5 * (1.0 - c));
    return kn * sf_element_scatter_function(k->e, x);
}

static void check_spectrum(int Z, double E, long n, uint64_t stream)
{
    const sf_element_photon *e = &pd->elem[Z];
    kn_ctx ctx = {e, E};
    sf_test_binning b;
    sf_test_make_bins(kn_s_density, &ctx, -1.0, 1.0, &b);
    /* E' rises with cos theta, so cos bins map onto E' bins. */
    double edge_E[SF_TEST_BINS + 1];
    for (int k = 0; k <= SF_TEST_BINS; ++k)
        edge_E[k] = sf_compton_energy(E, b.edge[k]);
    long count[SF_TEST_BINS] = {0};
    sf_rng r;
    sf_rng_init(&r, 5, (uint32_t)Z, stream, SF_RNG_PURPOSE_TEST);
    double E_min = E / (1.0 + 2.0 * E / SF_ELECTRON_MASS_MEV);
    for (long i = 0; i < n; ++i) {
        double Es, c;
        sf_compton_sample(e, E, &r, &Es, &c);
        assert_true(c >= -1.0 && c <= 1.0);
        assert_true(Es >= E_min * (1.0 - 1e-12) && Es <= E);
        assert_true(fabs(Es - sf_compton_energy(E, c)) <= 1e-12 * E);
        count[sf_test_bin_of(edge_E, Es)]++;
    }
    double chi2 = sf_test_chi2_of(&b, count, n);
    double p = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
    print_message("Compton E', Z=%d, E=%g MeV: chi2 = %.1f / %d dof, "
                  "p = %.3f\n", Z, E, chi2, SF_TEST_BINS - 1, p);
    sf_test_report_chi2("compton_sampling", "Klein-Nishina x S(x,Z) of the "
                        "photon data (xraylib), integrated numerically", chi2,
                        SF_TEST_BINS - 1, 1e-3, "scattered energy E', Z = %d, "
                        "E = %g MeV, %ld draws", Z, E, n);
    assert_true(p > 1e-3);
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
        cmocka_unit_test(test_oxygen_10keV),
        cmocka_unit_test(test_hydrogen_and_lead),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
