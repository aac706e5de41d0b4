/* Whole-phantom checks of the photon kernel (kerma mode):
 * - full absorption: in a phantom so thick (water at 200 g/cm3) that nothing
 *   escapes, the absorbed fractions of all regions sum to 1 (within 3 sigma
 *   of the run) and the energy bookkeeping closes to 1e-9;
 * - reciprocity: in a homogeneous phantom, SAF(A <- B) = SAF(B <- A)
 *   (Loevinger's reciprocity theorem, MIRD Pamphlet 5 rev.) within 3 sigma
 *   of the combined uncertainty. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "test_support.h"
#include "transport/task_run.h"

typedef struct run {
    sf_world *w;
    sf_target_map *map;
    sf_tally *t;
} run;

static void run_task(sf_phantom *ph, uint16_t source_label, double E_MeV,
                     uint64_t N, uint32_t task_id, run *r)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the photon kernel alone */
    assert_int_equal(sf_world_build(ph, &opt, &r->w), SF_OK);
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(ph, &source_label, 1,
                                      SF_PARTICLE_PHOTON, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E_MeV), SF_OK);
    sf_stream_id id = {2024u, task_id};
    r->t = sf_test_run_per_label(r->w, src, id, N, &r->map);
    sf_source_destroy(&src);
}

static void run_free(run *r)
{
    sf_tally_destroy(&r->t);
    sf_target_map_destroy(&r->map);
    sf_world_destroy(&r->w);
}

static int target_of_label(const sf_target_map *m, int label)
{
    for (int i = 0; i < m->n_targets; ++i)
        if (m->id[i] == label)
            return i;
    fail_msg("label %d is not a target", label);
    return -1;
}

static void check_full_absorption(double E_MeV)
{
    /* 20 cm cube of water at 200 g/cm3: >= 30 mean free paths to the surface
     * at every energy up to 10 MeV; source cube of 2 cm at the centre. */
    int n = 20;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, 1.0, "water", 200.0, 3);
    for (int z = 9; z < 11; ++z)
        for (int y = 9; y < 11; ++y)
            for (int x = 9; x < 11; ++x)
                ph->label[x + n * (y + n * z)] = 2;
    sf_phantom_update_masses(ph);
    run r = {0};
    const uint64_t N = 20000;
    run_task(ph, 2, E_MeV, N, 1, &r);

    /* One target holding every label gives the per-history total. */
    double af_sum = 0, var_sum = 0;
    for (int i = 0; i < r.map->n_targets; ++i) {
        double mean, rel;
        sf_tally_target_mean(r.t, i, &mean, &rel);
        af_sum += mean / E_MeV;
        var_sum += pow(rel * mean / E_MeV, 2);
    }
    double sigma = sqrt(var_sum);
    double balance = sf_tally_balance_error(r.t);
    printf("E = %g MeV: sum of AF = %.12f (sigma %.2e), escaped %.3g MeV, "
           "balance error %.2e\n", E_MeV, af_sum, sigma,
           sf_tally_energy_MeV(r.t, SF_ENERGY_ESCAPED), balance);
    char quantity[96];
    snprintf(quantity, sizeof quantity, "full absorption (water at 200 "
             "g/cm3), %g MeV photons: sum of absorbed fractions", E_MeV);
    sf_test_report("absorption", quantity, af_sum, sigma, 1.0, 0.0,
                   "fraction", "energy conservation (nothing escapes)",
                   "3 sigma + 1e-9 absolute");
    assert_true(fabs(af_sum - 1.0) <= 3 * sigma + 1e-9);
    assert_true(balance <= 1e-9);
    assert_true(sf_tally_energy_MeV(r.t, SF_ENERGY_ESCAPED) == 0.0);
    run_free(&r);
    sf_phantom_destroy(&ph);
}

static void test_full_absorption(void **state)
{
    (void)state;
    check_full_absorption(0.03);
    check_full_absorption(0.14);
    check_full_absorption(1.0);
    check_full_absorption(10.0); /* pair production and annihilation */
}

static void test_reciprocity(void **state)
{
    (void)state;
    /* 30 cm water cube of 1 cm voxels; A: 4x4x4 cm, B: 6x3x3 cm, 6 cm apart */
    int n = 30;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, 1.0, "water", 1.0, 4);
    for (int z = 13; z < 17; ++z)
        for (int y = 13; y < 17; ++y)
            for (int x = 5; x < 9; ++x)
                ph->label[x + n * (y + n * z)] = 2;
    for (int z = 13; z < 16; ++z)
        for (int y = 13; y < 16; ++y)
            for (int x = 15; x < 21; ++x)
                ph->label[x + n * (y + n * z)] = 3;
    sf_phantom_update_masses(ph);
    const double E = 0.14;
    const uint64_t N = 400000;
    run ab = {0}, ba = {0};
    run_task(ph, 3, E, N, 10, &ab); /* source B, target A */
    run_task(ph, 2, E, N, 11, &ba); /* source A, target B */
    double m_a = ph->regions[2].mass_kg, m_b = ph->regions[3].mass_kg;
    double e_ab, r_ab, e_ba, r_ba;
    sf_tally_target_mean(ab.t, target_of_label(ab.map, 2), &e_ab, &r_ab);
    sf_tally_target_mean(ba.t, target_of_label(ba.map, 3), &e_ba, &r_ba);
    double saf_ab = e_ab / E / m_a, saf_ba = e_ba / E / m_b;
    double sigma = hypot(saf_ab * r_ab, saf_ba * r_ba);
    printf("SAF(A<-B) = %.5e, SAF(B<-A) = %.5e /kg, difference %.2f sigma\n",
           saf_ab, saf_ba, (saf_ab - saf_ba) / sigma);
    sf_test_report("absorption", "reciprocity, water, 0.14 MeV photons: "
                   "SAF(A <- B) against SAF(B <- A)", saf_ab, saf_ab * r_ab,
                   saf_ba, saf_ba * r_ba, "1/kg",
                   "Loevinger's reciprocity theorem (MIRD Pamphlet 5 "
                   "rev.)", "3 sigma");
    assert_true(fabs(saf_ab - saf_ba) < 3 * sigma);
    run_free(&ab);
    run_free(&ba);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_full_absorption),
                                       cmocka_unit_test(test_reciprocity)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
