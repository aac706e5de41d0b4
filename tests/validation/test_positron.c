/* Positrons in coupled mode: a 1 MeV positron point source at the centre of
 * a water box of 20 cm (radius 45 x the 0.44 cm CSDA range, so no positron
 * escapes) releases 2 m c^2 = 1.02199790 MeV of annihilation energy per
 * positron (SF_ENERGY_ANNIHILATION / histories): every positron slows down
 * and annihilates at rest (in-flight annihilation is not modelled, see
 * docs/electron-transport.md). Tolerance 1e-9 relative (exact up to the
 * fixed-point tally), no escaped positron kinetic energy, and the energy
 * bookkeeping closes to 1e-9. Also checks that the 511 keV photons are
 * transported: part of their energy escapes the box. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "physics/bethe_heitler.h"
#include "test_support.h"
#include "transport/task_run.h"

static void test_annihilation_energy(void **state)
{
    (void)state;
    int n = 40;
    double h = 0.5;
    sf_phantom *ph = sf_test_box_phantom(n, n, n, h, "water", 1.0, 2);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    double pos[3] = {0.5 * n * h + 0.01, 0.5 * n * h + 0.02, 0.5 * n * h - 0.03};
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(pos, NULL, SF_PARTICLE_POSITRON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, 1.0), SF_OK);
    sf_target_map *map = NULL;
    const uint64_t N = 20000;
    sf_stream_id id = {31u, 7u};
    sf_tally *t = sf_test_run_per_label(w, src, id, N, &map);
    double annihilation = sf_tally_energy_MeV(t, SF_ENERGY_ANNIHILATION) / N;
    double escaped = sf_tally_energy_MeV(t, SF_ENERGY_ESCAPED) / N;
    double expected = 2 * SF_ELECTRON_MASS_MEV;
    printf("1 MeV positrons: annihilation energy %.9f MeV/positron (2 mc^2 "
           "= %.9f), escaped %.4f MeV/positron (photons), deposited %.4f, "
           "balance %.1e, %.0f steps/positron\n", annihilation, expected,
           escaped, sf_tally_energy_MeV(t, SF_ENERGY_DEPOSITED) / N,
           sf_tally_balance_error(t),
           (double)t->counter[SF_COUNT_ELECTRON_STEPS] / N);
    /* Deterministic: every positron annihilates at rest, so the tally
     * has no variance (sigma 0). */
    sf_test_report("positron", "1 MeV positrons in water: annihilation "
                   "energy per positron", annihilation, 0.0, expected, 0.0,
                   "MeV", "2 m_e c^2, m_e c^2 = 0.51099895 MeV (CODATA 2018)",
                   "1e-9 relative");
    assert_true(fabs(annihilation / expected - 1) < 1e-9);
    assert_true(sf_tally_balance_error(t) <= 1e-9);
    assert_true(escaped > 0.1 && escaped < expected);
    assert_int_equal(t->counter[SF_COUNT_STACK_OVERFLOWS], 0);
    sf_tally_destroy(&t);
    sf_target_map_destroy(&map);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_annihilation_energy)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
