/* SAFFRON_TEST_NEEDS_XRL
 * Log-log interpolation of the committed photon tables reproduces xraylib
 * within 0.1% at 3000 random energies (fixed seed) from 1 keV to 800 keV per
 * element of the ICRP 110 media and Pb, per process and in total (away
 * from edges by 1e-6), and F(x,Z), S(x,Z) at 2000 random x. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "test_support.h"
#include "physics/photon_data.h"

#ifdef SAFFRON_HAVE_XRL
#include <xraylib/xraylib.h>

/* Elements of the ICRP 110 media plus Pb. */
static const int media_Z[] = {1, 6, 7, 8, 11, 12, 15, 16, 17, 19, 20, 26, 53, 82};
#define N_MEDIA (int)(sizeof media_Z / sizeof media_Z[0])

static char data_dir[4096];

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static double uniform(void)
{
    /* xorshift64*: enough for choosing test points */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717u) >> 11) * 0x1.0p-53;
}

static double xrl(double (*f)(int, double, xrl_error **), int Z, double x)
{
    xrl_error *err = NULL;
    double v = f(Z, x, &err);
    if (err) {
        xrl_error_free(err);
        return NAN;
    }
    return v;
}

/* True if E lies within 1e-6 (relative) of an edge of the table. */
static int near_edge(const sf_element_photon *e, double E)
{
    for (int i = 0; i + 1 < e->n_energy; ++i)
        if (e->energy_MeV[i] == e->energy_MeV[i + 1] &&
            fabs(E / e->energy_MeV[i] - 1.0) < 1e-6)
            return 1;
    return 0;
}

/* The report line of a largest deviation (the reference is 0: agreement);
 * the tables are interpolations of xraylib, so this is the data's fidelity
 * to its source, not a check of xraylib's physics. */
static void report_worst(const char *quantity, double worst)
{
    sf_test_report("photon_data_xrl", quantity, worst, 0.0, 0.0, 0.0,
                   "relative", "xraylib 4.0 (Schoonjans et al. 2011), the "
                   "source of the photon tables", "0.1 %");
}

static void test_interpolation_vs_xraylib(void **state)
{
    (void)state;
    sf_photon_data *pd = NULL;
    assert_int_equal(sf_photon_data_load(data_dir, media_Z, N_MEDIA, &pd),
                     SF_OK);
    double worst_all = 0.0, worst_process[4] = {0};
    for (int iz = 0; iz < N_MEDIA; ++iz) {
        int Z = media_Z[iz];
        const sf_element_photon *e = &pd->elem[Z];
        double worst[4] = {0}, worst_E[4] = {0};
        for (int n = 0; n < 3000;) {
            double E = 1e-3 * pow(800.0, uniform()); /* 1 keV - 800 keV */
            if (near_edge(e, E))
                continue;
            ++n;
            double keV = E * 1e3;
            double ref[3] = {xrl(CS_Photo, Z, keV), xrl(CS_Compt, Z, keV),
                             xrl(CS_Rayl, Z, keV)};
            double got[3] = {sf_element_xs(e, SF_PROC_PHOTO, E),
                             sf_element_xs(e, SF_PROC_INCOH, E),
                             sf_element_xs(e, SF_PROC_COH, E)};
            double rt = 0, gt = 0;
            for (int p = 0; p < 3; ++p) {
                rt += ref[p];
                gt += got[p];
                double d = fabs(got[p] / ref[p] - 1.0);
                if (d > worst[p])
                    worst[p] = d, worst_E[p] = E;
            }
            /* below threshold the pair columns are exactly zero */
            assert_true(sf_element_xs(e, SF_PROC_PAIR_NUC, E) == 0.0);
            assert_true(sf_element_xs(e, SF_PROC_PAIR_EL, E) == 0.0);
            double d = fabs(gt / rt - 1.0);
            if (d > worst[3])
                worst[3] = d, worst_E[3] = E;
        }
        printf("Z=%2d max rel. error: photo %.2e (%.5g MeV) incoh %.2e coh "
               "%.2e total %.2e\n", Z, worst[0], worst_E[0], worst[1],
               worst[2], worst[3]);
        for (int p = 0; p < 4; ++p) {
            assert_true(worst[p] < 1e-3);
            if (worst[p] > worst_all)
                worst_all = worst[p];
            worst_process[p] = fmax(worst_process[p], worst[p]);
        }
    }
    static const char *process[4] = {"photoelectric", "incoherent",
                                     "coherent", "total"};
    for (int p = 0; p < 4; ++p) {
        char quantity[128];
        snprintf(quantity, sizeof quantity, "%s cross section: largest "
                 "relative deviation, %d elements x 3000 energies, 1-800 keV",
                 process[p], N_MEDIA);
        report_worst(quantity, worst_process[p]);
    }
    printf("largest interpolation error 1 keV-800 keV: %.2e\n", worst_all);
    sf_photon_data_destroy(&pd);
}

static void test_scattering_vs_xraylib(void **state)
{
    (void)state;
    sf_photon_data *pd = NULL;
    assert_int_equal(sf_photon_data_load(data_dir, media_Z, N_MEDIA, &pd),
                     SF_OK);
    double worst_F_all = 0, worst_S_all = 0;
    for (int iz = 0; iz < N_MEDIA; ++iz) {
        int Z = media_Z[iz];
        const sf_element_photon *e = &pd->elem[Z];
        assert_true(sf_element_form_factor(e, 0.0) == Z);
        assert_true(sf_element_scatter_function(e, 0.0) == 0.0);
        double worst_F = 0, worst_S = 0;
        for (int n = 0; n < 2000; ++n) {
            double x = 1e-3 * pow(1.6e6, uniform()); /* 1e-3 - 1600 1/A */
            double F = xrl(FF_Rayl, Z, x), S = xrl(SF_Compt, Z, x);
            /* Errors where F < 1e-5 Z are judged against 1e-5 Z: F^2 is
             * then < 1e-10 Z^2 (see docs/physics-data.md). */
            double dF = fabs(sf_element_form_factor(e, x) - fmax(F, 0.0)) /
                        fmax(F, 1e-5 * Z);
            double dS = fabs(sf_element_scatter_function(e, x) - S) / S;
            worst_F = fmax(worst_F, dF);
            worst_S = fmax(worst_S, dS);
        }
        printf("Z=%2d max rel. error F %.2e S %.2e\n", Z, worst_F, worst_S);
        assert_true(worst_F < 1e-3);
        assert_true(worst_S < 1e-3);
        worst_F_all = fmax(worst_F_all, worst_F);
        worst_S_all = fmax(worst_S_all, worst_S);
    }
    char quantity[128];
    snprintf(quantity, sizeof quantity, "form factor F(x,Z): largest deviation "
             "relative to max(F, 1e-5 Z), %d elements x 2000 x", N_MEDIA);
    report_worst(quantity, worst_F_all);
    snprintf(quantity, sizeof quantity, "scattering function S(x,Z): largest "
             "relative deviation, %d elements x 2000 x", N_MEDIA);
    report_worst(quantity, worst_S_all);
    sf_photon_data_destroy(&pd);
}

#endif /* SAFFRON_HAVE_XRL */

int main(void)
{
#ifdef SAFFRON_HAVE_XRL
    snprintf(data_dir, sizeof data_dir, "%s/physics-data/photon",
             sf_test_source_dir());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interpolation_vs_xraylib),
        cmocka_unit_test(test_scattering_vs_xraylib),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
#else
    printf("SKIP: built without xraylib, which this comparison needs\n");
    return SF_TEST_SKIP;
#endif
}
