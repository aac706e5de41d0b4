/* Coupled mode: the same task on 1, 2 and 4 OpenMP threads gives
 * byte-identical tallies (sums, sums of squares, energy bookkeeping and
 * counters), chunks merged in another order change nothing, and the energy
 * bookkeeping closes to 1e-9 (emitted + annihilation = deposited + cut-off
 * + escaped + pair mass), for photon (1 and 10 MeV: Compton electrons,
 * pairs, annihilation), electron and positron sources in a box of 1 mm
 * voxels whose labels have different densities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "test_support.h"
#include "transport/task_run.h"

static sf_phantom *phantom;
static sf_world *world;
static sf_target_map *map;

static int setup(void **state)
{
    (void)state;
    int n = 24;
    phantom = sf_test_box_phantom(n, n, n, 0.1, "water", 1.0, 5);
    for (int v = 0; v < n * n * n; ++v)
        phantom->label[v] = (uint16_t)(1 + (v % 7 == 0) + 2 * (v % 11 == 0));
    phantom->regions[2].density_g_cm3 = 0.3;
    phantom->regions[3].density_g_cm3 = 1.8;
    phantom->regions[4].density_g_cm3 = 0.001;
    sf_phantom_update_masses(phantom);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_COUPLED;
    if (sf_world_build(phantom, &opt, &world) != SF_OK)
        return 1;
    return sf_target_map_per_label(phantom, &map) != SF_OK;
}

static int teardown(void **state)
{
    (void)state;
    sf_target_map_destroy(&map);
    sf_world_destroy(&world);
    sf_phantom_destroy(&phantom);
    return 0;
}

static sf_tally *run(const sf_source *src, int threads, uint64_t first,
                     uint64_t n, sf_tally *into)
{
    sf_tally *t = into;
    if (!t)
        assert_int_equal(sf_tally_create(map->n_targets, &t), SF_OK);
    sf_stream_id id = {99u, 5u};
    assert_int_equal(sf_task_run(world, src, map, id, first, n, threads, t),
                     SF_OK);
    return t;
}

static void check(int particle, double E, uint64_t N)
{
    uint16_t label = 1;
    sf_source *src = NULL;
    assert_int_equal(sf_source_region(phantom, &label, 1, particle, &src), SF_OK);
    assert_int_equal(sf_source_set_energy(src, E), SF_OK);
    sf_tally *t1 = run(src, 1, 0, N, NULL), *t2 = run(src, 2, 0, N, NULL),
             *t4 = run(src, 4, 0, N, NULL);
    sf_test_assert_same_tally(t1, t2);
    sf_test_assert_same_tally(t1, t4);
    double balance = sf_tally_balance_error(t1);
    printf("%s %.1f MeV: %llu histories, identical on 1/2/4 threads, "
           "balance error %.2e, %.1f electron steps/history, annihilation "
           "%.4f MeV/history\n", sf_particle_name(particle), E,
           (unsigned long long)N, balance,
           (double)t1->counter[SF_COUNT_ELECTRON_STEPS] / (double)N,
           sf_tally_energy_MeV(t1, SF_ENERGY_ANNIHILATION) / (double)N);
    assert_true(balance <= 1e-9);
    assert_true(t1->counter[SF_COUNT_ELECTRON_STEPS] > 0);

    /* Chunks run in reverse order into one tally. */
    uint64_t third = N / 3;
    sf_tally *chunks = run(src, 3, 2 * third, N - 2 * third, NULL);
    run(src, 1, third, third, chunks);
    run(src, 2, 0, third, chunks);
    sf_test_assert_same_tally(t1, chunks);
    sf_tally_destroy(&t1);
    sf_tally_destroy(&t2);
    sf_tally_destroy(&t4);
    sf_tally_destroy(&chunks);
    sf_source_destroy(&src);
}

static void test_photons(void **state)
{
    (void)state;
    check(SF_PARTICLE_PHOTON, 1.0, 6000);
    check(SF_PARTICLE_PHOTON, 10.0, 1500);
}

static void test_electrons(void **state)
{
    (void)state;
    check(SF_PARTICLE_ELECTRON, 1.0, 3000);
}

static void test_positrons(void **state)
{
    (void)state;
    check(SF_PARTICLE_POSITRON, 1.0, 3000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_photons),
                                       cmocka_unit_test(test_electrons),
                                       cmocka_unit_test(test_positrons)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
