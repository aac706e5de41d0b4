/* Mean energy transfers of physics/energy_transfer.h against the samplers
 * they must agree with (an error here would be a bias of the
 * expected-value kerma estimator): the mean of 4e5 sampled transfers lies
 * within 4 standard errors of the computed mean, and, for Compton, the
 * free-electron limit agrees with the closed-form Klein-Nishina energy
 * transfer (Attix, Introduction to Radiological Physics and Radiation
 * Dosimetry, 1986, eq. 7.21 integrated: sigma_tr/sigma) to 2e-4 where
 * binding is negligible. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "test_support.h"

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */
#include "physics/compton.h"
#include "physics/energy_transfer.h"
#include "physics/photoelectric.h"
#include "physics/photon_data.h"

static sf_photon_data *pd;
enum { N_DRAWS = 400000 };

static int setup(void **state)
{
    (void)state;
    const int Z[] = {1, 8, 20, 53, 82};
    return sf_test_load_photon_data(Z, 5, &pd);
}

static int teardown(void **state)
{
    (void)state;
    sf_photon_data_destroy(&pd);
    return 0;
}

/* Fraction of E given to the electron by free Klein-Nishina scattering,
 * 1 - sigma_s / sigma, both in closed form (Evans, The Atomic Nucleus,
 * 1955, ch. 23, eqs. 4.9 and 4.16; k = E / m c^2; the bracket of sigma is
 * in units of 2 pi r0^2, that of sigma_s in pi r0^2). */
static double kn_transfer_fraction(double k)
{
    double a = 1 + 2 * k, l = log(a);
    double sigma = (1 + k) / (k * k) * (2 * (1 + k) / a - l / k) +
                   l / (2 * k) - (1 + 3 * k) / (a * a);
    double sigma_s = l / (k * k * k) +
                     2 * (1 + k) * (2 * k * k - 2 * k - 1) / (k * k * a * a) +
                     8 * k * k / (3 * a * a * a);
    return 1 - sigma_s / (2 * sigma);
}

static void check_mean(const char *what, double computed, double sum,
                       double sum2, double E)
{
    double mean = sum / N_DRAWS;
    double var = sum2 / N_DRAWS - mean * mean;
    double se = sqrt((var > 0 ? var : 0) / N_DRAWS);
    printf("%-34s E %-7g computed %.7g sampled %.7g +- %.2g (%.1f se)\n",
           what, E, computed, mean, se,
           se > 0 ? (computed - mean) / se : 0.0);
    assert_true(fabs(computed - mean) <= 4 * se + 1e-9 * E);
}

static void test_compton_mean_matches_sampler(void **state)
{
    (void)state;
    const int Zs[] = {1, 8, 82};
    const double Es[] = {0.005, 0.03, 0.14, 1.0, 10.0};
    sf_rng r;
    sf_rng_init(&r, 11, 2, 0, SF_RNG_PURPOSE_TEST);
    for (int z = 0; z < 3; ++z)
        for (int i = 0; i < 5; ++i) {
            const sf_element_photon *e = &pd->elem[Zs[z]];
            double sum = 0, sum2 = 0;
            for (int n = 0; n < N_DRAWS; ++n) {
                double E1, c;
                sf_compton_sample(e, Es[i], &r, &E1, &c);
                double T = Es[i] - E1;
                sum += T;
                sum2 += T * T;
            }
            char what[64];
            snprintf(what, sizeof what, "Compton transfer, Z %d", Zs[z]);
            check_mean(what, sf_compton_mean_transfer_MeV(e, Es[i]), sum,
                       sum2, Es[i]);
        }
}

static void test_compton_free_electron_limit(void **state)
{
    (void)state;
    /* Hydrogen above 0.5 MeV: S(x,1) = 1 but at angles too small to
     * matter. */
    const double Es[] = {0.5, 1.0, 3.0, 10.0};
    for (int i = 0; i < 4; ++i) {
        double f = sf_compton_mean_transfer_MeV(&pd->elem[1], Es[i]) / Es[i];
        double ref = kn_transfer_fraction(Es[i] / SF_ELECTRON_MASS_MEV);
        printf("H, E %g MeV: T/E %.7f, Klein-Nishina %.7f\n", Es[i], f, ref);
        assert_true(fabs(f / ref - 1) < 2e-4);
    }
}

static void test_photo_mean_matches_sampler(void **state)
{
    (void)state;
    const int Zs[] = {8, 20, 53, 82};
    const double Es[] = {0.005, 0.03, 0.05, 0.1, 0.2};
    sf_rng r;
    sf_rng_init(&r, 12, 3, 0, SF_RNG_PURPOSE_TEST);
    for (int z = 0; z < 4; ++z)
        for (int i = 0; i < 5; ++i) {
            const sf_element_photon *e = &pd->elem[Zs[z]];
            double sum = 0, sum2 = 0;
            for (int n = 0; n < N_DRAWS; ++n) {
                sf_photoelectric_result o;
                sf_photoelectric_sample(e, Es[i], &r, &o);
                double T = o.electron_MeV + o.local_MeV;
                sum += T;
                sum2 += T * T;
            }
            char what[64];
            snprintf(what, sizeof what, "photoelectric transfer, Z %d", Zs[z]);
            check_mean(what, sf_photo_mean_transfer_MeV(e, Es[i]), sum, sum2,
                       Es[i]);
        }
}

static void test_pair_transfer(void **state)
{
    (void)state;
    assert_true(sf_pair_mean_transfer_MeV(1.0) == 0.0);
    assert_true(fabs(sf_pair_mean_transfer_MeV(5.0) -
                     (5.0 - 2 * SF_ELECTRON_MASS_MEV)) < 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compton_mean_matches_sampler),
        cmocka_unit_test(test_compton_free_electron_limit),
        cmocka_unit_test(test_photo_mean_matches_sampler),
        cmocka_unit_test(test_pair_transfer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
