/* Photoelectric sampler: exact energy balance, shell and fluorescence
 * frequencies, and the Sauter angular distribution (chi-square). */
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
#include "physics/photoelectric.h"
#include "physics/photon_data.h"


/* --- data ---------------------------------------------------------------- */
static sf_photon_data *pd;

static int setup(void **state)
{
    (void)state;
    const int Z[] = {1, 8, 53, 82};
    return sf_test_load_photon_data(Z, 4, &pd);
}

static int teardown(void **state)
{
    (void)state;
    sf_photon_data_destroy(&pd);
    return 0;
}

/* --- tests --------------------------------------------------------------- */

/* electron + fluorescence + local = E for every outcome, all >= 0; the
 * energies include the edges themselves and points just around them. */
static void test_energy_conservation(void **state)
{
    (void)state;
    const int Zs[] = {1, 8, 53, 82};
    sf_rng r;
    sf_rng_init(&r, 7, 1, 0, SF_RNG_PURPOSE_TEST);
    for (int z = 0; z < 4; ++z) {
        const sf_element_photon *e = &pd->elem[Zs[z]];
        double Es[16];
        int n = 0;
        const double special[] = {e->binding_MeV_K, e->binding_MeV_L1,
                                  e->binding_MeV_L3};
        for (int s = 0; s < 3; ++s) {
            if (special[s] >= SF_PHOTON_E_MIN_MEV) {
                Es[n++] = special[s];
                Es[n++] = special[s] * (1.0 + 1e-9);
                Es[n++] = special[s] * (1.0 - 1e-9);
            }
        }
        const double fixed[] = {SF_PHOTON_E_MIN_MEV, 0.0123, 0.1, 1.0,
                                SF_PHOTON_E_MAX_MEV};
        for (int s = 0; s < 5; ++s)
            Es[n++] = fixed[s];
        for (int i = 0; i < n; ++i) {
            if (Es[i] < SF_PHOTON_E_MIN_MEV || Es[i] > SF_PHOTON_E_MAX_MEV)
                continue;
            for (int k = 0; k < 2000; ++k) {
                sf_photoelectric_result o;
                sf_photoelectric_sample(e, Es[i], &r, &o);
                assert_true(o.electron_MeV >= 0.0);
                assert_true(o.fluorescence_MeV >= 0.0);
                assert_true(o.local_MeV >= 0.0);
                double sum = o.electron_MeV + o.fluorescence_MeV + o.local_MeV;
                assert_true(fabs(sum - Es[i]) <= 1e-15 * Es[i]);
                assert_true(fabs(sf_photoelectric_sauter_cos(o.electron_MeV, &r)) <= 1.0);
                if (o.shell != SF_SHELL_K)
                    assert_true(o.fluorescence_MeV == 0.0);
            }
        }
    }
}

/* Binomial frequency within 5 standard deviations of p. */
static void expect_frequency(long hits, long n, double p, const char *what)
{
    double sigma = sqrt(p * (1.0 - p) / n);
    double f = (double)hits / n;
    print_message("%s: %.5f (expected %.5f +- %.5f)\n", what, f, p, sigma);
    assert_true(fabs(f - p) <= 5.0 * sigma + 1e-12);
}

/* K-shell fraction sigma_K/sigma, fluorescence yield and line rates, for
 * lead and iodine above their K edges; no K vacancy below. */
static void check_k_shell(int Z, double E, long n)
{
    const sf_element_photon *e = &pd->elem[Z];
    sf_rng r;
    sf_rng_init(&r, 7, 2, (uint64_t)Z, SF_RNG_PURPOSE_TEST);
    long k_hits = 0, fluor = 0, line_hits[SF_MAX_K_LINES] = {0};
    for (long i = 0; i < n; ++i) {
        sf_photoelectric_result o;
        sf_photoelectric_sample(e, E, &r, &o);
        if (o.shell != SF_SHELL_K)
            continue;
        ++k_hits;
        assert_true(o.electron_MeV == E - e->binding_MeV_K);
        if (o.fluorescence_MeV > 0.0) {
            ++fluor;
            int found = 0;
            for (int l = 0; l < e->n_k_lines; ++l)
                if (o.fluorescence_MeV == e->k_line_MeV[l]) {
                    ++line_hits[l];
                    found = 1;
                    break;
                }
            assert_true(found);
        } else {
            assert_true(o.local_MeV == e->binding_MeV_K);
        }
    }
    char what[64];
    double pk = sf_element_photo_K(e, E) / sf_element_xs(e, SF_PROC_PHOTO, E);
    snprintf(what, sizeof what, "Z=%d E=%g K fraction", Z, E);
    expect_frequency(k_hits, n, pk, what);
    snprintf(what, sizeof what, "Z=%d fluorescence yield", Z);
    expect_frequency(fluor, k_hits, e->fluor_yield_K, what);
    /* Lines of equal energy (O: KL2 and KL3) are indistinguishable; their
     * hits are all counted at the first of them. */
    for (int l = 0; l < e->n_k_lines; ++l) {
        double p = 0.0;
        int first = 1;
        for (int j = 0; j < e->n_k_lines; ++j)
            if (e->k_line_MeV[j] == e->k_line_MeV[l]) {
                p += e->k_line_prob[j];
                first &= j >= l;
            }
        if (!first)
            continue;
        snprintf(what, sizeof what, "Z=%d line %.5f MeV", Z, e->k_line_MeV[l]);
        expect_frequency(line_hits[l], fluor, p, what);
    }
}

static void test_k_shell_and_fluorescence(void **state)
{
    (void)state;
    check_k_shell(82, 0.1, 200000);
    check_k_shell(53, 0.05, 200000);
    check_k_shell(8, 0.01, 100000);

    const sf_element_photon *pb = &pd->elem[82];
    sf_rng r;
    sf_rng_init(&r, 7, 3, 0, SF_RNG_PURPOSE_TEST);
    for (int i = 0; i < 10000; ++i) {
        sf_photoelectric_result o;
        sf_photoelectric_sample(pb, 0.99 * pb->binding_MeV_K, &r, &o);
        assert_true(o.shell != SF_SHELL_K);
        assert_true(o.local_MeV <= pb->binding_MeV_L1);
    }
}

/* Sauter (1931): d(sigma)/d(Omega) ~ sin^2 theta / (1 - beta cos)^4
 * [1 + gamma (gamma - 1)(gamma - 2)(1 - beta cos)/2], written here in its
 * original form, independent of the factorisation the sampler uses. */
static double sauter_density(double c, const void *ctx)
{
    double T = *(const double *)ctx, m = SF_ELECTRON_MASS_MEV;
    double gamma = 1.0 + T / m;
    double beta = sqrt(T * (T + 2.0 * m)) / (T + m);
    double d = 1.0 - beta * c;
    return (1.0 - c * c) / (d * d * d * d) *
           (1.0 + 0.5 * gamma * (gamma - 1.0) * (gamma - 2.0) * d);
}

static void test_sauter_distribution(void **state)
{
    (void)state;
    const double Ts[] = {0.005, 0.1, 1.0, 3.0};
    sf_rng r;
    sf_rng_init(&r, 7, 4, 0, SF_RNG_PURPOSE_TEST);
    for (int i = 0; i < 4; ++i) {
        sf_test_binning b;
        sf_test_make_bins(sauter_density, &Ts[i], -1.0, 1.0, &b);
        long count[SF_TEST_BINS] = {0};
        const long n = 400000;
        for (long j = 0; j < n; ++j)
            count[sf_test_bin_of(b.edge, sf_photoelectric_sauter_cos(Ts[i], &r))]++;
        double chi2 = sf_test_chi2_of(&b, count, n);
        double p = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
        print_message("Sauter, T=%g MeV: chi2 = %.1f / %d dof, p = %.3f\n",
                      Ts[i], chi2, SF_TEST_BINS - 1, p);
        assert_true(p > 1e-3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_energy_conservation),
        cmocka_unit_test(test_k_shell_and_fluorescence),
        cmocka_unit_test(test_sauter_distribution),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
