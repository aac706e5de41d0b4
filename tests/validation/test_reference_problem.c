/* The reference problem of issue 11: energy deposited in the central voxel
 * and in the whole of a water box around an isotropic point source at the
 * centre of the central voxel, against EGSnrc and against saffron's own
 * single-scattering transport.
 *
 * Set-up (as benchmarks/bench_electron): 61^3 voxels of water, 10 keV
 * cut-offs and production thresholds for electrons and photons (the
 * delta-ray threshold grows as the default max(10 keV, min(0.05 T, cap)):
 * 50 keV at 1 MeV, whose central voxel is within 0.06 % of the fixed
 * 10 keV's, docs/electron-transport.md), coupled
 * transport with the default condensed-history parameters, and the
 * elastic cross section without spin (screened Rutherford), because the
 * reference was run so.
 *
 * References:
 *  - EGSnrc (egs++, PRESTA-II, EXACT boundary crossing, XCOM, bound
 *    Compton, Rayleigh, EADL relaxation, spin effects off), 5 mm voxels,
 *    values and 1-sigma quoted in issue 11: central voxel E_dep/E0 and
 *    whole-phantom E_dep/E0 for 1 MeV electrons, 1 MeV photons and 0.1 MeV
 *    photons. Tolerances: central voxel 0.5 %, whole phantom 0.3 %, each
 *    widened by twice the combined standard uncertainty of the two runs
 *    (EGSnrc's own 1-sigma for photons, 0.19-0.34 %, is of that order).
 *  - Single scattering (saffron's electron_single_scattering mode: every
 *    elastic collision simulated from the same screened Rutherford cross
 *    section, no multiple-scattering model, hinge or step size: the
 *    transport the condensed history approximates; the method by which
 *    EGSnrc validates its own condensed history), 1 MeV electrons in
 *    voxels of 1, 2 and 5 mm; inverse-variance means of two runs of
 *    `benchmarks/bench_reference_problem --spin off --single-scattering
 *    --voxel-mm H` (2e5 histories with --seed 1 and 1e6 with --seed 2;
 *    benchmarks/README.md); 0.3 MeV in 1 mm and 0.5 MeV in 2 mm voxels,
 *    where the boundary floor in voxel sides acts, 1e6 histories with
 *    --seed 7 (--energy E): they depend on the cross sections, stopping
 *    powers and straggling, so a change of those must recompute them.
 *    Tolerance: 0.5 % plus twice the combined standard uncertainty.
 * What this test would have caught: with the Mott factor the central
 * voxel read 1.75 % below EGSnrc (the reference was run without spin); with
 * the same physics the single random hinge still gave -0.33 % at 5 mm and
 * +0.4 % at 1-2 mm against single scattering, a step-size error the
 * electron-step algorithm and the boundary step limit removed
 * (docs/electron-transport.md). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "test_support.h"
#include "transport/task_run.h"

#define N_SIDE 61
#define TEST "reference_problem"

typedef struct reference {
    double value, sigma; /* E_dep / E0 and its 1-sigma (absolute) */
} reference;

static uint64_t histories(uint64_t dflt)
{
    const char *env = getenv("SAFFRON_REFERENCE_HISTORIES");
    return env ? strtoull(env, NULL, 10) : dflt;
}

/* Central-voxel and whole-phantom fractions of the emitted energy with
 * their 1-sigma. */
static void run(double voxel_cm, int particle, double E, uint64_t n,
                double *centre, double *centre_sigma, double *whole,
                double *whole_sigma)
{
    sf_phantom *ph = sf_test_box_phantom(N_SIDE, N_SIDE, N_SIDE, voxel_cm,
                                         "water", 1.0, 3);
    int c = N_SIDE / 2;
    ph->label[c + (size_t)N_SIDE * (c + (size_t)N_SIDE * c)] = 2;
    sf_phantom_update_masses(ph);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.electron_cutoff_MeV = 0.01;
    opt.photon_cutoff_MeV = 0.01;
    opt.electron_elastic = SF_ELASTIC_RUTHERFORD;
    sf_world *w = NULL;
    sf_source *src = NULL;
    sf_target_map *map = NULL;
    sf_tally *t = NULL;
    const double mid = (c + 0.5) * voxel_cm, pos[3] = {mid, mid, mid};
    const char *names[2] = {"centre", "phantom"};
    const int offsets[3] = {0, 1, 3};
    const uint16_t labels[3] = {2, 1, 2};
    sf_stream_id id = {11u, (uint32_t)(E * 1000) + 7u * (uint32_t)particle};
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    assert_int_equal(sf_source_point(pos, NULL, particle, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E), SF_OK);
    assert_int_equal(sf_target_map_from_sets(ph, 2, names, offsets, labels,
                                             &map), SF_OK);
    assert_int_equal(sf_tally_create(2, &t), SF_OK);
    assert_int_equal(sf_task_run(w, src, map, id, 0, n, 2, t), SF_OK);
    double rel;
    sf_tally_target_mean(t, 0, centre, &rel);
    *centre /= E;
    *centre_sigma = rel * *centre;
    sf_tally_target_mean(t, 1, whole, &rel);
    *whole /= E;
    *whole_sigma = rel * *whole;
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

/* Reports one comparison and checks |value/ref - 1| <= tol + 2 sigma. */
static int compare(const char *quantity, double v, double sv, reference ref,
                   double tol, const char *source)
{
    double dev = v / ref.value - 1;
    double sig = sqrt(sv * sv + ref.sigma * ref.sigma) / ref.value;
    char rule[96];
    snprintf(rule, sizeof rule, "%.1f %% + 2 sigma", 100 * tol);
    sf_test_report(TEST, quantity, v, sv, ref.value, ref.sigma, "E_dep/E0",
                   source, rule);
    int ok = fabs(dev) <= tol + 2 * sig;
    printf("  %-44s %.6g +- %.2g   ref %.6g +- %.2g   %+.3f %% (%+.1f sigma) "
           "%s\n", quantity, v, sv, ref.value, ref.sigma, 100 * dev,
           sig > 0 ? dev / sig : 0.0, ok ? "ok" : "FAIL");
    return ok;
}

static const char *egsnrc = "EGSnrc (egs++, PRESTA-II, EXACT, spin off), issue 11";

static void egsnrc_case(int particle, double E, uint64_t n, reference centre,
                        reference whole)
{
    double c, sc, p, sp;
    run(0.5, particle, E, n, &c, &sc, &p, &sp);
    char q[2][96];
    snprintf(q[0], sizeof q[0], "%s %g MeV, 5 mm, central voxel",
             sf_particle_name(particle), E);
    snprintf(q[1], sizeof q[1], "%s %g MeV, 5 mm, whole phantom",
             sf_particle_name(particle), E);
    int ok = compare(q[0], c, sc, centre, 0.005, egsnrc);
    ok &= compare(q[1], p, sp, whole, 0.003, egsnrc);
    assert_true(ok);
}

static void test_electrons_1MeV(void **state)
{
    (void)state;
    egsnrc_case(SF_PARTICLE_ELECTRON, 1.0, histories(2000000),
                (reference){0.79381, 0.79381 * 1.0e-4},
                (reference){0.99876, 0.0});
}

static void test_photons_1MeV(void **state)
{
    (void)state;
    egsnrc_case(SF_PARTICLE_PHOTON, 1.0, histories(10000000),
                (reference){6.7697e-3, 6.7697e-3 * 3.4e-3},
                (reference){0.47381, 0.0});
}

static void test_photons_100keV(void **state)
{
    (void)state;
    egsnrc_case(SF_PARTICLE_PHOTON, 0.1, histories(10000000),
                (reference){7.9573e-3, 7.9573e-3 * 1.9e-3},
                (reference){0.63305, 0.0});
}

/* Single-scattering central-voxel fractions, electrons of E MeV. */
static void single_scattering_case(double E, double voxel_cm, reference ss)
{
    double c, sc, p, sp;
    run(voxel_cm, SF_PARTICLE_ELECTRON, E, histories(2000000), &c, &sc, &p,
        &sp);
    char q[96];
    snprintf(q, sizeof q, "electron %g MeV, %g mm, central voxel", E,
             10 * voxel_cm);
    assert_true(compare(q, c, sc, ss, 0.005,
                        "saffron single scattering (same cross sections)"));
}

static void test_single_scattering_5mm(void **state)
{
    (void)state;
    single_scattering_case(1.0, 0.5, (reference){0.79170, 0.00018});
}

static void test_single_scattering_2mm(void **state)
{
    (void)state;
    single_scattering_case(1.0, 0.2, (reference){0.24610, 0.00009});
}

static void test_single_scattering_1mm(void **state)
{
    (void)state;
    single_scattering_case(1.0, 0.1, (reference){0.11328, 0.00004});
}

/* Where the boundary floor in voxel sides acts (voxels of a few
 * continuous-loss steps: docs/electron-transport.md). References: one run
 * of 1e6 histories each, --seed 7. */
static void test_single_scattering_low_energy(void **state)
{
    (void)state;
    single_scattering_case(0.3, 0.1, (reference){0.80941, 0.00022});
    single_scattering_case(0.5, 0.2, (reference){0.77686, 0.00022});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_electrons_1MeV),
        cmocka_unit_test(test_photons_1MeV),
        cmocka_unit_test(test_photons_100keV),
        cmocka_unit_test(test_single_scattering_5mm),
        cmocka_unit_test(test_single_scattering_2mm),
        cmocka_unit_test(test_single_scattering_1mm),
        cmocka_unit_test(test_single_scattering_low_energy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
