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

#include "physics/bethe_heitler.h" /* SF_ELECTRON_MASS_MEV */
#include "physics/compton.h"
#include "physics/photon_data.h"

/* --- chi-square against a density, with (nearly) equiprobable bins ------ */
enum { BINS = 50, CELLS = 20000 };

typedef double (*density_fn)(double t, const void *ctx);

typedef struct binning {
    double edge[BINS + 1];
    double prob[BINS];
} binning;

/* Integrates f over CELLS Simpson cells of [a,b] and groups the cells into
 * BINS bins of nearly equal probability; prob[] are the probabilities (to
 * Simpson accuracy) of the bins actually formed. */
static void make_bins(density_fn f, const void *ctx, double a, double b,
                      binning *out)
{
    static double cum[CELLS + 1];
    double h = (b - a) / CELLS;
    cum[0] = 0.0;
    for (int i = 0; i < CELLS; ++i) {
        double t0 = a + i * h;
        cum[i + 1] = cum[i] + h / 6.0 * (f(t0, ctx) + 4.0 * f(t0 + 0.5 * h, ctx) +
                                         f(t0 + h, ctx));
    }
    int cell = 0;
    out->edge[0] = a;
    for (int k = 1; k < BINS; ++k) {
        double target = cum[CELLS] * k / BINS;
        while (cell < CELLS && cum[cell] < target)
            ++cell;
        out->edge[k] = a + cell * h;
        out->prob[k - 1] = cum[cell];
    }
    out->edge[BINS] = b;
    out->prob[BINS - 1] = cum[CELLS];
    for (int k = BINS - 1; k > 0; --k)
        out->prob[k] -= out->prob[k - 1];
    for (int k = 0; k < BINS; ++k)
        out->prob[k] /= cum[CELLS];
}

static int bin_of(const double *edge, double t)
{
    int lo = 0, hi = BINS - 1;
    while (hi > lo) {
        int mid = (lo + hi + 1) / 2;
        if (edge[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Upper tail of chi-square (Wilson and Hilferty, PNAS 17 (1931) 684). */
static double chi2_p_value(double chi2, int ndf)
{
    double v = 2.0 / (9.0 * ndf);
    double z = (cbrt(chi2 / ndf) - (1.0 - v)) / sqrt(v);
    return 0.5 * erfc(z / sqrt(2.0));
}

static double chi2_of(const binning *b, const long *count, long n)
{
    double chi2 = 0.0;
    for (int k = 0; k < BINS; ++k) {
        double e = b->prob[k] * n;
        chi2 += (count[k] - e) * (count[k] - e) / e;
    }
    return chi2;
}

/* --- data ---------------------------------------------------------------- */
static sf_photon_data *pd;

static int setup(void **state)
{
    (void)state;
    const int Z[] = {1, 8, 82};
    if (sf_photon_data_load(sf_photon_data_default_dir(), Z, 3, &pd) !=
        SF_OK) {
        fprintf(stderr, "photon data: %s\n", sf_error_message());
        return -1;
    }
    return 0;
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
    binning b;
    make_bins(kn_s_density, &ctx, -1.0, 1.0, &b);
    /* E' rises with cos theta, so cos bins map onto E' bins. */
    double edge_E[BINS + 1];
    for (int k = 0; k <= BINS; ++k)
        edge_E[k] = sf_compton_energy(E, b.edge[k]);
    long count[BINS] = {0};
    sf_rng r;
    sf_rng_init(&r, 5, (uint32_t)Z, stream, SF_RNG_PURPOSE_TEST);
    double E_min = E / (1.0 + 2.0 * E / SF_ELECTRON_MASS_MEV);
    for (long i = 0; i < n; ++i) {
        double Es, c;
        sf_compton_sample(e, E, &r, &Es, &c);
        assert_true(c >= -1.0 && c <= 1.0);
        assert_true(Es >= E_min * (1.0 - 1e-12) && Es <= E);
        assert_true(fabs(Es - sf_compton_energy(E, c)) <= 1e-12 * E);
        count[bin_of(edge_E, Es)]++;
    }
    double chi2 = chi2_of(&b, count, n);
    double p = chi2_p_value(chi2, BINS - 1);
    print_message("Compton E', Z=%d, E=%g MeV: chi2 = %.1f / %d dof, "
                  "p = %.3f\n", Z, E, chi2, BINS - 1, p);
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
