/* The same task on 1, 2 and 4 OpenMP threads gives byte-identical tallies
 * (sums, sums of squares, energy bookkeeping and counters), and splitting
 * the histories into chunks merged in another order changes nothing. */
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
static sf_source *source;
static sf_target_map *map;

static int setup(void **state)
{
    (void)state;
    int n = 16;
    phantom = sf_test_box_phantom(n, n, n, 0.5, "water", 1.0, 4);
    for (int v = 0; v < n * n * n; ++v)
        phantom->label[v] = (uint16_t)(1 + (v % 7 == 0) + (v % 11 == 0));
    sf_phantom_update_masses(phantom);
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA; /* the photon kernel alone */
    if (sf_world_build(phantom, &opt, &world) != SF_OK)
        return 1;
    uint16_t label = 2;
    if (sf_source_region(phantom, &label, 1, SF_PARTICLE_PHOTON, &source) != SF_OK)
        return 1;
    if (sf_source_set_energy(source, 1.0) != SF_OK)
        return 1;
    return sf_target_map_per_label(phantom, &map) != SF_OK;
}

static int teardown(void **state)
{
    (void)state;
    sf_target_map_destroy(&map);
    sf_source_destroy(&source);
    sf_world_destroy(&world);
    sf_phantom_destroy(&phantom);
    return 0;
}

static sf_tally *run(int threads, uint64_t first, uint64_t n, sf_tally *into)
{
    sf_tally *t = into;
    if (!t)
        assert_int_equal(sf_tally_create(map->n_targets, &t), SF_OK);
    sf_stream_id id = {99u, 3u};
    assert_int_equal(sf_task_run(world, source, map, id, first, n, threads, t),
                     SF_OK);
    return t;
}

static void test_threads(void **state)
{
    (void)state;
    const uint64_t N = 30000;
    sf_tally *t1 = run(1, 0, N, NULL), *t2 = run(2, 0, N, NULL),
             *t4 = run(4, 0, N, NULL);
    sf_test_assert_same_tally(t1, t2);
    sf_test_assert_same_tally(t1, t4);
    assert_true(sf_tally_balance_error(t1) <= 1e-9);

    /* Chunks run in reverse order into one tally. */
    sf_tally *chunks = run(3, 20000, 10000, NULL);
    run(1, 10000, 10000, chunks);
    run(2, 0, 10000, chunks);
    sf_test_assert_same_tally(t1, chunks);
    sf_tally_destroy(&t1);
    sf_tally_destroy(&t2);
    sf_tally_destroy(&t4);
    sf_tally_destroy(&chunks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_threads)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
