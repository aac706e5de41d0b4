/* Electron dose point kernels in water (coupled mode) against the published
 * ETRAN and EGSnrc kernels.
 *
 * An isotropic point source of monoenergetic electrons at the centre of a
 * homogeneous water box of fine voxels (h = r0/40, r0 = CSDA range of the
 * electron data, 0.4376 cm at 1 MeV). Every voxel is labelled by the
 * sub-shell of width 0.025 r0, [0.025 i, 0.025 (i+1)), its centre falls in,
 * so per-label tallies are shell tallies, and pairs of sub-shells make the
 * shells of both references. Scaled kernel (Berger, NBSIR 73-107 (1973);
 * Mainegra-Hing, Rogers & Kawrakow, Med. Phys. 32, 685 (2005)):
 *     j(x) = 4 pi r^2 rho r0 D(r) / E0,   x = r / r0,
 * D the dose (MeV/g per electron) at r; its integral over x is the absorbed
 * fraction, 1 - Y(E0) - (energy carried out of the box).
 *
 * Estimator: j, not D, is taken uniform over the voxels of a shell, i.e. the
 * shell's energy is j E0 / rho times the sum over its voxels of the voxel
 * integral of 1 / (4 pi r^2 r0). Taking D uniform instead is biased where
 * D ~ 1/r^2 varies across a shell two voxels wide (the voxel centres, on a
 * lattice offset by h/2 from the source, are not uniform in r within it):
 * 6 % low at x = 0.1 for an ETRAN-like j; this one is within 0.5 % of the
 * shell mean of j for x >= 0.1.
 *
 * References (published figures; files of the Geant4 TestEm12 example):
 *  - ETRAN (Seltzer, Appl. Radiat. Isot. 42 (1991) 917), tabulated every
 *    0.025 r0 by Ferrer et al., Cancer Biother. Radiopharm. 22 (2007),
 *    at 0.1, 0.5 and 1 MeV. Compared with our shells of width 0.05
 *    centred on x = 0.05 k, through the Simpson mean of the table over the
 *    shell.
 *  - EGSnrc (EDKnrc, Mainegra-Hing et al. 2005: PRESTA-II, EXACT boundary
 *    crossing, ESTEPE 1 %), bin means over [0.05 k, 0.05 (k+1)], at 0.1 and
 *    1 MeV. Compared bin by bin.
 * Acceptance (issue 4): j within 5 % of the ETRAN / EGSnrc kernels for x
 * from 0.1 to 0.9. The two references are two codes' answers to the same
 * problem: in the body of the kernel they agree within a few per cent, but
 * in the fall-off (x >= 0.8) EGSnrc lies 12-16 % above ETRAN at both 0.1
 * and 1 MeV. A shell (width 0.05, centred on x = 0.05 k, k = 2..18)
 * therefore passes when j lies in the band the two references span,
 * widened by 5 % plus twice the shell's own relative standard error:
 *     min(ETRAN, EGSnrc) (1 - tol) <= j <= max(ETRAN, EGSnrc) (1 + tol),
 * with EGSnrc interpolated to the shell as the mean of the two EGSnrc bins
 * it overlaps. No EGSnrc table at 0.5 MeV was available to this test:
 * there the band's other edge is ETRAN times the smaller of the
 * EGSnrc/ETRAN ratios measured at 0.1 and 1 MeV for the same shell (the
 * ratio is 1.158 at x = 0.9 at both energies), an inference stated as
 * such in the printout. The printout also gives every deviation from each
 * reference and the EGSnrc bins one by one. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <omp.h>
#include <stdio.h>

#include "physics/electron_data.h"
#include "physics/material.h"
#include "test_support.h"
#include "transport/task_run.h"

#define N_PER_R0 40         /* voxels per CSDA range */
#define HALF_BOX_R0 1.2     /* box half-width in r0 */
#define DSUB 0.025          /* sub-shell width in x */
#define N_SUB 48            /* sub-shells up to x = 1.2; beyond: one label */
#define X_FIRST 2           /* shells compared: x = 0.05 k, k = 2..18 */
#define X_LAST 18

/* ETRAN j(x) at x = 0.025 i, i = 0..40 (Ferrer et al. 2007). */
static const double etran_100keV[41] = {
    0.572, 0.588, 0.607, 0.627, 0.650, 0.676, 0.704, 0.735, 0.769, 0.806,
    0.848, 0.893, 0.944, 1.001, 1.063, 1.131, 1.202, 1.276, 1.350, 1.422,
    1.490, 1.550, 1.601, 1.637, 1.658, 1.659, 1.638, 1.592, 1.521, 1.422,
    1.293, 1.138, 0.969, 0.807, 0.662, 0.533, 0.414, 0.306, 0.211, 0.134,
    0.076};
static const double etran_500keV[41] = {
    0.674, 0.698, 0.721, 0.742, 0.763, 0.783, 0.805, 0.828, 0.854, 0.882,
    0.914, 0.949, 0.989, 1.035, 1.086, 1.142, 1.203, 1.266, 1.330, 1.393,
    1.452, 1.505, 1.549, 1.579, 1.593, 1.588, 1.562, 1.513, 1.442, 1.349,
    1.235, 1.103, 0.956, 0.797, 0.633, 0.473, 0.336, 0.230, 0.152, 0.092,
    0.048};
static const double etran_1MeV[41] = {
    0.774, 0.773, 0.798, 0.820, 0.840, 0.858, 0.876, 0.895, 0.915, 0.936,
    0.961, 0.988, 1.020, 1.056, 1.096, 1.141, 1.190, 1.242, 1.295, 1.348,
    1.397, 1.441, 1.477, 1.503, 1.517, 1.516, 1.499, 1.461, 1.400, 1.313,
    1.201, 1.068, 0.920, 0.765, 0.612, 0.472, 0.349, 0.243, 0.153, 0.084,
    0.040};
/* EGSnrc bin means of j over [0.05 k, 0.05 (k+1)], k = 0..19
 * (Mainegra-Hing et al. 2005). */
static const double egsnrc_100keV[20] = {
    0.577, 0.630, 0.680, 0.739, 0.813, 0.900, 1.002, 1.120, 1.248, 1.375,
    1.494, 1.572, 1.601, 1.553, 1.402, 1.190, 0.916, 0.614, 0.349, 0.157};
static const double egsnrc_1MeV[20] = {
    0.764, 0.814, 0.850, 0.886, 0.930, 0.984, 1.050, 1.130, 1.222, 1.318,
    1.405, 1.466, 1.483, 1.436, 1.313, 1.103, 0.834, 0.536, 0.279, 0.104};

static uint64_t histories(void)
{
    const char *env = getenv("SAFFRON_DPK_HISTORIES");
    return env ? strtoull(env, NULL, 10) : 100000;
}

typedef struct kernel {
    double energy[N_SUB];  /* MeV per history in sub-shell i */
    double var[N_SUB];     /* its variance of the mean, MeV^2 */
    double g[N_SUB];       /* energy per unit j / E0 (see the header) */
    double deposited_fraction, yield;
} kernel;

/* Mean j over sub-shells a and a+1 and its relative standard error. */
static double kernel_pair(const kernel *k, int a, double E0, double *rel)
{
    double e = k->energy[a] + k->energy[a + 1];
    double v = k->var[a] + k->var[a + 1];
    *rel = e > 0 ? sqrt(v) / e : 0.0;
    return e / (E0 * (k->g[a] + k->g[a + 1]));
}

static void label_voxels(sf_phantom *ph, int n, double h, double r0,
                         kernel *out)
{
    double c = 0.5 * n * h;
    enum { SUB = 4 };
    for (int z = 0; z < n; ++z)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                double dx = (x + 0.5) * h - c, dy = (y + 0.5) * h - c,
                       dz = (z + 0.5) * h - c;
                double xr = sqrt(dx * dx + dy * dy + dz * dz) / r0;
                int i = (int)floor(xr / DSUB);
                if (i > N_SUB)
                    i = N_SUB;
                ph->label[x + n * (y + n * z)] = (uint16_t)(i + 1);
                if (i >= N_SUB)
                    continue;
                /* Voxel integral of r0 / (4 pi r^2): midpoint rule on
                 * SUB^3 points. */
                double sum = 0;
                for (int a = 0; a < SUB; ++a)
                    for (int b = 0; b < SUB; ++b)
                        for (int e = 0; e < SUB; ++e) {
                            double px = dx + ((a + 0.5) / SUB - 0.5) * h,
                                   py = dy + ((b + 0.5) / SUB - 0.5) * h,
                                   pz = dz + ((e + 0.5) / SUB - 0.5) * h;
                            sum += 1.0 / (px * px + py * py + pz * pz);
                        }
                out->g[i] += h * h * h / r0 * sum / (4 * M_PI * SUB * SUB * SUB);
            }
    sf_phantom_update_masses(ph);
}

static void run_kernel(double E0, uint32_t task, kernel *out)
{
    *out = (kernel){0};
    sf_material water;
    assert_int_equal(sf_material_builtin("water", &water), SF_OK);
    sf_electron_data *d = NULL;
    assert_int_equal(sf_electron_data_build(&water, 1.0, NULL, &d), SF_OK);
    double r0 = sf_electron_data_range(d, SF_ELECTRON, E0); /* cm at 1 g/cm3 */
    out->yield = sf_electron_data_lookup(d, SF_ELECTRON, SF_EQ_RADIATION_YIELD, E0);
    sf_electron_data_destroy(&d);

    int n = 2 * (int)(HALF_BOX_R0 * N_PER_R0 + 0.5);
    double h = r0 / N_PER_R0;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, h, "water", 1.0, N_SUB + 2);
    label_voxels(ph, n, h, r0, out);

    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    const char *step_env = getenv("SAFFRON_DPK_STEP"); /* "f,mfp": exploration */
    if (step_env)
        sscanf(step_env, "%lf,%lf", &opt.electron_step_fraction,
               &opt.electron_step_mfp);
    const char *cut_env = getenv("SAFFRON_DPK_DELTA_CUT"); /* exploration */
    if (cut_env)
        opt.delta_ray_cut_MeV = atof(cut_env);
    opt.electron_straggling_off = getenv("SAFFRON_DPK_NO_STRAGGLING") != NULL;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    double c = 0.5 * n * h, pos[3] = {c, c, c};
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(pos, NULL, SF_PARTICLE_ELECTRON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, E0), SF_OK);
    sf_target_map *map = NULL;
    uint64_t N = histories();
    sf_stream_id id = {4242u, task};
    double t0 = omp_get_wtime();
    sf_tally *t = sf_test_run_per_label(w, src, id, N, &map);
    double elapsed = omp_get_wtime() - t0;

    double total = 0;
    for (int i = 0; i < map->n_targets; ++i) {
        int k = map->id[i] - 1;
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        total += mean;
        if (k < 0 || k >= N_SUB)
            continue;
        out->energy[k] = mean;
        out->var[k] = (mean * rel) * (mean * rel);
    }
    out->deposited_fraction = total / E0;
    printf("E0 = %.2f MeV, r0 = %.5f cm, %llu histories, %.1f s, %.0f "
           "electron steps/history, balance %.1e\n", E0, r0,
           (unsigned long long)N, elapsed,
           (double)t->counter[SF_COUNT_ELECTRON_STEPS] / (double)N,
           sf_tally_balance_error(t));
    assert_true(sf_tally_balance_error(t) <= 1e-9);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

/* Normalisation: the integral of j over x (from the pairs of sub-shells)
 * is the fraction of E0 deposited in the box, which is 1 - radiation yield
 * to 1 %. */
static void check_normalisation(const kernel *k, double E0)
{
    double integral = 0;
    for (int a = 0; a + 1 < N_SUB; a += 2) {
        double rel;
        integral += 2 * DSUB * kernel_pair(k, a, E0, &rel);
    }
    printf("  integral of j = %.4f, deposited fraction = %.4f, "
           "1 - radiation yield = %.4f\n", integral, k->deposited_fraction,
           1 - k->yield);
    assert_true(fabs(k->deposited_fraction - (1 - k->yield)) < 0.01);
    assert_true(fabs(integral - k->deposited_fraction) < 0.01);
}

/* Shell k (centred on x = 0.05 k, width 0.05) of each reference. */
static double etran_shell(const double *etran, int s)
{
    return (etran[2 * s - 1] + 4 * etran[2 * s] + etran[2 * s + 1]) / 6;
}

static double egsnrc_shell(const double *egs, int s)
{
    return 0.5 * (egs[s - 1] + egs[s]);
}

/* Shells in the validation report (docs/validation.md): the body of the
 * kernel and its fall-off, where the two references part. */
static int reported_shell(int s)
{
    static const int shells[] = {2, 6, 10, 14, 16, 18}; /* x = 0.05 s */
    for (size_t i = 0; i < sizeof shells / sizeof shells[0]; ++i)
        if (shells[i] == s)
            return 1;
    return 0;
}

/* One report line per reference of a shell; the rule is the band. */
static void report_shell(double E0, int s, double j, double sigma, double lo,
                         double hi, double etran, const double *egs,
                         double egs_shell)
{
    char quantity[96], rule[128];
    snprintf(quantity, sizeof quantity, "scaled kernel j(x), electrons %g "
             "MeV, x = %.2f (shell of width 0.05)", E0, s * 0.05);
    snprintf(rule, sizeof rule, "within [%.4f, %.4f]: the ETRAN-EGSnrc band "
             "+- (5 %% + 2 sigma)%s", lo, hi,
             egs ? "" : ", EGSnrc edge inferred from 0.1 and 1 MeV");
    sf_test_report("dose_point_kernel", quantity, j, sigma, etran, 0.0, "",
                   "ETRAN (Seltzer 1991), table of Ferrer et al. 2007", rule);
    if (egs)
        sf_test_report("dose_point_kernel", quantity, j, sigma, egs_shell, 0.0,
                       "", "EGSnrc EDKnrc (Mainegra-Hing et al. 2005), mean "
                       "of 2 bins", rule);
}

/* Compares the shells x = 0.05 k (k = X_FIRST..X_LAST) with the band
 * spanned by ETRAN and EGSnrc (egs NULL: inferred, see the header);
 * returns the number of shells outside tolerance. */
static int compare(const kernel *k, double E0, const double *etran,
                   const double *egs)
{
    int bad = 0;
    printf("  x     j(x)    sigma   ETRAN   dev      EGSnrc%s  dev\n",
           egs ? "" : "*");
    for (int s = X_FIRST; s <= X_LAST; ++s) {
        double rel;
        double j = kernel_pair(k, 2 * s - 1, E0, &rel);
        double ref1 = etran_shell(etran, s), ref2;
        if (egs) {
            ref2 = egsnrc_shell(egs, s);
        } else {
            double r_lo = egsnrc_shell(egsnrc_100keV, s) /
                          etran_shell(etran_100keV, s);
            double r_hi = egsnrc_shell(egsnrc_1MeV, s) /
                          etran_shell(etran_1MeV, s);
            ref2 = ref1 * fmin(r_lo, r_hi);
        }
        double tol = 0.05 + 2 * rel;
        double lo = fmin(ref1, ref2) * (1 - tol);
        double hi = fmax(ref1, ref2) * (1 + tol);
        int ok = j >= lo && j <= hi;
        if (reported_shell(s))
            report_shell(E0, s, j, j * rel, lo, hi, ref1, egs, ref2);
        printf("  %.2f  %.4f  %.4f  %.4f  %+5.1f %%  %.4f  %+5.1f %%%s\n",
               s * 0.05, j, j * rel, ref1, 100 * (j / ref1 - 1), ref2,
               100 * (j / ref2 - 1), ok ? "" : "  <- outside the band");
        bad += !ok;
    }
    if (!egs)
        printf("  * EGSnrc inferred: ETRAN x the smaller EGSnrc/ETRAN ratio "
               "of 0.1 and 1 MeV\n");
    if (egs) {
        printf("  EGSnrc bins: x range, j, EGSnrc, dev\n");
        for (int b = X_FIRST; b < X_LAST; ++b) {
            double rel, j = kernel_pair(k, 2 * b, E0, &rel);
            printf("  [%.2f, %.2f]  %.4f  %.3f  %+5.1f %%\n", b * 0.05,
                   (b + 1) * 0.05, j, egs[b], 100 * (j / egs[b] - 1));
        }
    }
    fflush(stdout);
    return bad;
}

static void test_dpk_1MeV(void **state)
{
    (void)state;
    kernel k;
    run_kernel(1.0, 1, &k);
    check_normalisation(&k, 1.0);
    assert_int_equal(compare(&k, 1.0, etran_1MeV, egsnrc_1MeV), 0);
}

static void test_dpk_500keV(void **state)
{
    (void)state;
    kernel k;
    run_kernel(0.5, 2, &k);
    check_normalisation(&k, 0.5);
    assert_int_equal(compare(&k, 0.5, etran_500keV, NULL), 0);
}

static void test_dpk_100keV(void **state)
{
    (void)state;
    kernel k;
    run_kernel(0.1, 3, &k);
    check_normalisation(&k, 0.1);
    assert_int_equal(compare(&k, 0.1, etran_100keV, egsnrc_100keV), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_dpk_1MeV),
                                       cmocka_unit_test(test_dpk_500keV),
                                       cmocka_unit_test(test_dpk_100keV)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
