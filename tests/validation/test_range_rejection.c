/* Low-energy range rejection (the default world option
 * electron_range_rejection_below_MeV = 0.02): an electron below 20 keV whose
 * residual path cannot leave its voxel deposits its energy there at once.
 * It is exact for any tally of whole voxels but for the bremsstrahlung
 * such an electron would still emit (under 3e-6 MeV per electron), so the
 * tallies with and without it must agree within their statistics.
 * Problem: 0.1 MeV electrons (CSDA range 0.014 cm) from a point in a water
 * box of 0.005 cm voxels labelled in three interleaved sets
 * ((ix + iy + iz) mod 3), so that every face of every voxel is a tally
 * boundary: a rejected electron that could have crossed one would show.
 * Tolerance: 4 combined sigma per label (the two runs are treated as
 * independent), and exact energy bookkeeping. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "geometry/phantom.h"
#include "test_support.h"
#include "transport/task_run.h"

enum { N_SIDE = 41, N_LABELS = 4 };

static sf_phantom *interleaved_box(void)
{
    sf_phantom *ph = sf_test_box_phantom(N_SIDE, N_SIDE, N_SIDE, 0.005,
                                         "water", 1.0, N_LABELS);
    for (int z = 0; z < N_SIDE; ++z)
        for (int y = 0; y < N_SIDE; ++y)
            for (int x = 0; x < N_SIDE; ++x)
                ph->label[((size_t)z * N_SIDE + y) * N_SIDE + x] =
                    (uint16_t)(1 + (x + y + z) % 3);
    sf_phantom_update_masses(ph);
    return ph;
}

static sf_tally *run(const sf_phantom *ph, double below_MeV,
                     sf_target_map **map, uint64_t *steps)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    opt.electron_range_rejection_below_MeV = below_MeV;
    /* The rule alone: in-place slowing-down (tested by
     * validation.local_slowing) would otherwise take the same electrons. */
    opt.electron_in_place_below_MeV = 0.0;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(ph, &opt, &w), SF_OK);
    double c = 0.5 * N_SIDE * 0.005;
    double pos[3] = {c + 0.0011, c - 0.0007, c + 0.0003};
    sf_source *src = NULL;
    assert_int_equal(sf_source_point(pos, NULL, SF_PARTICLE_ELECTRON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, 0.1), SF_OK);
    sf_stream_id id = {17u, 3u};
    sf_tally *t = sf_test_run_per_label(w, src, id, 20000, map);
    *steps = t->counter[SF_COUNT_ELECTRON_STEPS];
    sf_source_destroy(&src);
    sf_world_destroy(&w);
    return t;
}

static void test_low_energy_range_rejection(void **state)
{
    (void)state;
    sf_phantom *ph = interleaved_box();
    sf_target_map *map_off = NULL, *map_on = NULL;
    uint64_t steps_off, steps_on;
    sf_tally *off = run(ph, 0.0, &map_off, &steps_off);
    sf_tally *on = run(ph, 0.02, &map_on, &steps_on);
    assert_int_equal(map_off->n_targets, map_on->n_targets);
    printf("electron steps: %llu without, %llu with rejection below 20 keV\n",
           (unsigned long long)steps_off, (unsigned long long)steps_on);
    assert_true(steps_on < steps_off);
    for (int i = 0; i < map_on->n_targets; ++i) {
        double a, ra, b, rb;
        sf_tally_target_mean(off, i, &a, &ra);
        sf_tally_target_mean(on, i, &b, &rb);
        if (a <= 0 && b <= 0)
            continue;
        double sigma = hypot(a * ra, b * rb);
        char what[128];
        snprintf(what, sizeof what, "0.1 MeV e-, 50 um interleaved voxels, "
                 "label set %d: energy with / without range rejection "
                 "below 20 keV", map_on->id[i]);
        sf_test_report("range_rejection", what, b, b * rb, a, a * ra, "MeV",
                       "the same transport without it", "4 sigma");
        printf("label %d: %.6f +- %.6f MeV without, %.6f +- %.6f with "
               "(%.1f sigma)\n", map_on->id[i], a, a * ra, b, b * rb,
               (b - a) / sigma);
        assert_true(fabs(b - a) <= 4 * sigma);
    }
    assert_true(sf_tally_balance_error(on) <= 1e-9);
    sf_tally_destroy(&off);
    sf_tally_destroy(&on);
    sf_target_map_destroy(&map_off);
    sf_target_map_destroy(&map_on);
    sf_phantom_destroy(&ph);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_low_energy_range_rejection)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
