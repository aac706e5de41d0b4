/* Pair production sampler: the rejection envelope bounds the Bethe-Heitler
 * formula, energy is conserved, and the sampled energy sharing and lepton
 * angles follow their distributions (chi-square). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_support.h"

#include "physics/annihilation.h"
#include "physics/bethe_heitler.h"
#include "physics/pair.h"

#define ME SF_ELECTRON_MASS_MEV


/* --- tests --------------------------------------------------------------- */

static int interval_of(const sf_pair_table *t, double k)
{
    int i = (int)((log(k - 2.0 * ME) - t->log_excess_min) /
                  t->log_excess_step);
    return i < SF_PAIR_N_INTERVALS ? i : SF_PAIR_N_INTERVALS - 1;
}

/* The envelope must bound d(sigma)/d(eps) everywhere (otherwise sampling
 * would be biased): checked on a (k, eps) grid much finer than the one the
 * envelope was built from. */
static void test_envelope_bounds_formula(void **state)
{
    (void)state;
    const int Zs[] = {1, 8, 26, 82, 98};
    for (size_t z = 0; z < sizeof Zs / sizeof Zs[0]; ++z) {
        sf_pair_table t;
        assert_int_equal(sf_pair_table_build(Zs[z], &t), SF_OK);
        double worst = 0.0;
        for (int i = 0; i < 700; ++i) {
            double lx = log(1e-3) + (log(SF_PHOTON_E_MAX_MEV) - log(1e-3)) *
                                        (i + 0.5) / 700;
            double k = 2.0 * ME + exp(lx);
            double env = t.envelope_barn[interval_of(&t, k)];
            double eps_min = ME / k;
            for (int j = 0; j < 700; ++j) {
                double eps = eps_min + (1.0 - 2.0 * eps_min) * (j + 0.5) / 700;
                double r = sf_bh_dsigma_deps_barn(k, eps, Zs[z]) / env;
                if (r > worst)
                    worst = r;
            }
        }
        print_message("Z=%d: max dsigma/deps / envelope = %.3f\n", Zs[z],
                      worst);
        assert_true(worst <= 1.0);
        assert_true(worst > 0.5); /* and is not wastefully loose */
    }
}

static void test_energy_conservation(void **state)
{
    (void)state;
    const double ks[] = {1.0220, 1.0222, 1.1, 2.0, 2.5, 5.0, 10.0, 20.0};
    sf_pair_table t;
    assert_int_equal(sf_pair_table_build(29, &t), SF_OK);
    sf_rng r;
    sf_rng_init(&r, 3, 1, 0, SF_RNG_PURPOSE_TEST);
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; ++i) {
        for (int field = SF_PROC_PAIR_NUC; field <= SF_PROC_PAIR_EL; ++field) {
            for (int n = 0; n < 2000; ++n) {
                sf_pair_result p;
                sf_pair_sample(&t, (sf_photon_process)field, ks[i], &r, &p);
                assert_true(p.electron_MeV >= 0.0 && p.positron_MeV >= 0.0);
                double sum = p.electron_MeV + p.positron_MeV + 2.0 * ME;
                assert_true(fabs(sum - ks[i]) <= 4e-16 * ks[i]);
                assert_true(fabs(p.electron_cos_theta) <= 1.0);
                assert_true(fabs(p.positron_cos_theta) <= 1.0);
            }
        }
    }
}

typedef struct bh_ctx {
    double k;
    int Z;
} bh_ctx;

static double bh_density(double eps, const void *ctx)
{
    const bh_ctx *c = ctx;
    return sf_bh_dsigma_deps_barn(c->k, eps, c->Z);
}

/* eps = (T_e + m)/k follows d(sigma)/d(eps). */
static void check_sharing(int Z, double k, long n, uint64_t stream)
{
    sf_pair_table t;
    assert_int_equal(sf_pair_table_build(Z, &t), SF_OK);
    bh_ctx ctx = {k, Z};
    sf_test_binning b;
    sf_test_make_bins(bh_density, &ctx, ME / k, 1.0 - ME / k, &b);
    long count[SF_TEST_BINS] = {0};
    sf_rng r;
    sf_rng_init(&r, 3, 2, stream, SF_RNG_PURPOSE_TEST);
    for (long i = 0; i < n; ++i) {
        sf_pair_result p;
        sf_pair_sample(&t, SF_PROC_PAIR_NUC, k, &r, &p);
        count[sf_test_bin_of(b.edge, (p.electron_MeV + ME) / k)]++;
    }
    double chi2 = sf_test_chi2_of(&b, count, n);
    double pv = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
    print_message("pair eps, Z=%d, k=%g MeV: chi2 = %.1f / %d dof, p = %.3f\n",
                  Z, k, chi2, SF_TEST_BINS - 1, pv);
    assert_true(pv > 1e-3);
}

static void test_sharing_distribution(void **state)
{
    (void)state;
    check_sharing(8, 5.0, 400000, 1);
    check_sharing(8, 20.0, 400000, 2);
    check_sharing(82, 5.0, 400000, 3);
    check_sharing(82, 20.0, 400000, 4);
    check_sharing(82, 1.2, 200000, 5);
}

static double lepton_density(double c, const void *ctx)
{
    double beta = *(const double *)ctx;
    return 1.0 / ((1.0 - beta * c) * (1.0 - beta * c));
}

static void test_lepton_angle(void **state)
{
    (void)state;
    const double Ts[] = {0.05, 1.0};
    sf_rng r;
    sf_rng_init(&r, 3, 3, 0, SF_RNG_PURPOSE_TEST);
    for (int i = 0; i < 2; ++i) {
        double T = Ts[i];
        double beta = sqrt(T * (T + 2.0 * ME)) / (T + ME);
        sf_test_binning b;
        sf_test_make_bins(lepton_density, &beta, -1.0, 1.0, &b);
        long count[SF_TEST_BINS] = {0};
        const long n = 300000;
        for (long j = 0; j < n; ++j)
            count[sf_test_bin_of(b.edge, sf_pair_lepton_cos(T, &r))]++;
        double chi2 = sf_test_chi2_of(&b, count, n);
        double pv = sf_test_chi2_p_value(chi2, SF_TEST_BINS - 1);
        print_message("lepton angle, T=%g MeV: chi2 = %.1f, p = %.3f\n", T,
                      chi2, pv);
        assert_true(pv > 1e-3);
    }
}

/* The positron's end: two photons back to back, axis isotropic. */
static void test_annihilation_at_rest(void **state)
{
    (void)state;
    enum { N = 100000 };
    sf_rng r;
    sf_rng_init(&r, 3, 4, 0, SF_RNG_PURPOSE_TEST);
    double mean[3] = {0, 0, 0};
    for (int i = 0; i < N; ++i) {
        double a[3], b[3];
        sf_annihilation_at_rest(&r, a, b);
        assert_true(fabs(a[0] * a[0] + a[1] * a[1] + a[2] * a[2] - 1.0) < 1e-15);
        for (int c = 0; c < 3; ++c) {
            assert_true(b[c] == -a[c]);
            mean[c] += a[c] / N;
        }
    }
    for (int c = 0; c < 3; ++c)
        assert_true(fabs(mean[c]) < 5.0 * sqrt(1.0 / 3.0 / N));
    assert_true(SF_ANNIHILATION_PHOTON_MEV == SF_ELECTRON_MASS_MEV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_envelope_bounds_formula),
        cmocka_unit_test(test_energy_conservation),
        cmocka_unit_test(test_sharing_distribution),
        cmocka_unit_test(test_lepton_angle),
        cmocka_unit_test(test_annihilation_at_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
