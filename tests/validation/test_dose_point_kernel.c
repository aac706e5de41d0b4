/* Electron dose point kernels in water (coupled mode).
 *
 * An isotropic point source of monoenergetic electrons at the centre of a
 * homogeneous water box of fine voxels (h = r0/40, r0 = CSDA range of the
 * electron data, 0.4376 cm at 1 MeV); every voxel is labelled by the
 * spherical shell of width 0.05 r0 its centre falls in (shell k centred on
 * x = r/r0 = 0.05 k), so the per-label tally is a shell tally. Scaled kernel
 * (Berger, NBSIR 73-107 (1973); the definition used by Mainegra-Hing,
 * Rogers & Kawrakow, Med. Phys. 32, 685 (2005)):
 *     j(x) = 4 pi r^2 rho r0 D(r) / E0,   x = r / r0,
 * D the dose (MeV/g per electron) at r. Its integral over x is the
 * absorbed fraction, 1 - Y(E0) - (energy carried out of the box).
 *
 * Estimator: j, not D, is taken uniform over the voxels of a shell, i.e. the
 * shell's energy is j E0 / rho times the sum over its voxels of the voxel
 * integral of 1 / (4 pi r^2 r0). Taking D uniform instead (energy / voxel mass
 * times the exact shell volume) is biased where D ~ 1/r^2 varies across a
 * shell only two voxels wide: the voxel centres (on a lattice offset by
 * h/2 from the source) are not uniformly distributed in r within the shell.
 * For an ETRAN-like j(x) that estimator reads 6 % low at x = 0.1 (0.5-1 %
 * low at 0.15-0.35), this one within 0.5 % of the shell mean of j for
 * x >= 0.1 (checked by integrating a piecewise-linear j over the voxels).
 *
 * Reference (1 MeV, ETRAN, Berger 1973, as quoted in the issue):
 *     x      0.1    0.4    0.6    0.8
 *     j    0.840  1.190  1.517  0.920
 * Tolerance: 5 % (the EGSnrc kernel of Mainegra-Hing et al. peaks 2-4 %
 * below ETRAN). At 0.1 and 0.5 MeV no table was available to this test; it
 * prints j(x) and checks the normalisation (integral of j within 2 % of the
 * fraction of E0 deposited in the box, which itself must be within 1 % of
 * 1 - radiation yield), that j is the scaled kernel's shape (a single
 * maximum between x = 0.4 and 0.8, j(0.1) between 0.5 and 1.2, j(1.1) <
 * 0.05). */
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
#define DX 0.05             /* shell width in x */
#define N_SHELLS 25         /* shells up to x = 1.225; beyond: one label */

static uint64_t histories(void)
{
    const char *env = getenv("SAFFRON_DPK_HISTORIES");
    return env ? strtoull(env, NULL, 10) : 60000;
}

typedef struct kernel {
    double j[N_SHELLS];
    double rel[N_SHELLS];
    double integral, deposited_fraction, yield;
} kernel;

static void run_kernel(double E0, uint32_t task, kernel *out)
{
    sf_material water;
    assert_int_equal(sf_material_builtin("water", &water), SF_OK);
    sf_electron_data *d = NULL;
    assert_int_equal(sf_electron_data_build(&water, 1.0, NULL, &d), SF_OK);
    double r0 = sf_electron_data_range(d, SF_ELECTRON, E0); /* cm at 1 g/cm3 */
    out->yield = sf_electron_data_lookup(d, SF_ELECTRON, SF_EQ_RADIATION_YIELD, E0);
    sf_electron_data_destroy(&d);

    int n = 2 * (int)(HALF_BOX_R0 * N_PER_R0 + 0.5);
    double h = r0 / N_PER_R0;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, h, "water", 1.0,
                                         N_SHELLS + 2);
    double c = 0.5 * n * h;
    /* g[k] = sum over the voxels of shell k of the voxel integral of
     * r0 / (4 pi r^2) (midpoint rule on SUB^3 points): the energy the shell
     * receives per unit j if j is uniform over its voxels (see the header). */
    double g[N_SHELLS] = {0};
    enum { SUB = 4 };
    for (int z = 0; z < n; ++z)
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                double dx = (x + 0.5) * h - c, dy = (y + 0.5) * h - c,
                       dz = (z + 0.5) * h - c;
                double xr = sqrt(dx * dx + dy * dy + dz * dz) / r0;
                int k = (int)floor(xr / DX + 0.5);
                if (k > N_SHELLS)
                    k = N_SHELLS;
                ph->label[x + n * (y + n * z)] = (uint16_t)(k + 1);
                if (k >= N_SHELLS)
                    continue;
                double sum = 0;
                for (int a = 0; a < SUB; ++a)
                    for (int b = 0; b < SUB; ++b)
                        for (int e = 0; e < SUB; ++e) {
                            double px = dx + ((a + 0.5) / SUB - 0.5) * h,
                                   py = dy + ((b + 0.5) / SUB - 0.5) * h,
                                   pz = dz + ((e + 0.5) / SUB - 0.5) * h;
                            sum += 1.0 / (px * px + py * py + pz * pz);
                        }
                g[k] += h * h * h / r0 * sum / (4 * M_PI * SUB * SUB * SUB);
            }
    sf_phantom_update_masses(ph);

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
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    double pos[3] = {c, c, c};
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(pos, NULL, SF_PARTICLE_ELECTRON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, E0), SF_OK);
    sf_target_map *map = NULL;
    assert_int_equal(sf_target_map_per_label(ph, &map), SF_OK);
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(map->n_targets, &t), SF_OK);
    uint64_t N = histories();
    sf_stream_id id = {4242u, task};
    double t0 = omp_get_wtime();
    assert_int_equal(sf_task_run(w, src, map, id, 0, N, 2, t), SF_OK);
    double elapsed = omp_get_wtime() - t0;

    out->integral = 0;
    double total = 0;
    for (int i = 0; i < map->n_targets; ++i) {
        int k = map->id[i] - 1;
        double mean, rel;
        sf_tally_target_mean(t, i, &mean, &rel);
        total += mean;
        if (k < 0 || k >= N_SHELLS)
            continue;
        /* j = 4 pi r^2 rho r0 D / E0 taken uniform over the shell's voxels:
         * their energy is j E0 g[k] / rho (rho = 1 g/cm3). */
        out->j[k] = mean / (E0 * g[k]);
        out->rel[k] = rel;
        out->integral += out->j[k] * (k == 0 ? 0.5 * DX : DX);
    }
    out->deposited_fraction = total / E0;
    printf("E0 = %.2f MeV, r0 = %.5f cm, %llu histories, %.1f s, %.0f "
           "electron steps/history, balance %.1e\n", E0, r0,
           (unsigned long long)N, elapsed,
           (double)t->counter[SF_COUNT_ELECTRON_STEPS] / (double)N,
           sf_tally_balance_error(t));
    printf("  x     j(x)    sigma\n");
    for (int k = 1; k < N_SHELLS; ++k)
        printf("  %.2f  %.4f  %.4f\n", k * DX, out->j[k], out->j[k] * out->rel[k]);
    printf("  integral of j = %.4f, deposited fraction = %.4f, "
           "1 - radiation yield = %.4f\n", out->integral,
           out->deposited_fraction, 1 - out->yield);
    fflush(stdout);
    assert_true(sf_tally_balance_error(t) <= 1e-9);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

static void check_shape(const kernel *k)
{
    assert_true(fabs(k->deposited_fraction - (1 - k->yield)) < 0.01);
    assert_true(fabs(k->integral - k->deposited_fraction) < 0.03);
    int kmax = 1;
    for (int i = 1; i < N_SHELLS; ++i)
        if (k->j[i] > k->j[kmax])
            kmax = i;
    printf("  maximum j = %.4f at x = %.2f\n", k->j[kmax], kmax * DX);
    assert_true(kmax * DX >= 0.4 - 1e-9 && kmax * DX <= 0.8 + 1e-9);
    assert_true(k->j[2] > 0.5 && k->j[2] < 1.2);
    assert_true(k->j[22] < 0.05);
}

static void test_dpk_1MeV(void **state)
{
    (void)state;
    kernel k;
    run_kernel(1.0, 1, &k);
    check_shape(&k);
    const double x[4] = {0.1, 0.4, 0.6, 0.8};
    const double etran[4] = {0.840, 1.190, 1.517, 0.920};
    int bad = 0;
    for (int i = 0; i < 4; ++i) {
        int s = (int)(x[i] / DX + 0.5);
        double dev = k.j[s] / etran[i] - 1;
        printf("  1 MeV x = %.1f: j = %.4f (sigma %.4f), ETRAN %.3f, %+.1f %%\n",
               x[i], k.j[s], k.j[s] * k.rel[s], etran[i], 100 * dev);
        bad += fabs(dev) > 0.05;
    }
    assert_int_equal(bad, 0);
}

static void test_dpk_500keV(void **state)
{
    (void)state;
    kernel k;
    run_kernel(0.5, 2, &k);
    check_shape(&k);
}

static void test_dpk_100keV(void **state)
{
    (void)state;
    kernel k;
    run_kernel(0.1, 3, &k);
    check_shape(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_dpk_1MeV),
                                       cmocka_unit_test(test_dpk_500keV),
                                       cmocka_unit_test(test_dpk_100keV)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
