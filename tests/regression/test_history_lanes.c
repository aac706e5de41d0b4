/* Photon histories interleaved on lanes (transport/history_lanes.h) give
 * the same bits as the same histories run one after the other with
 * sf_history_run: tallies (sums, sums of squares), energy bookkeeping and
 * counters, for any number of lanes, in kerma mode with both estimators
 * (photoelectric, Compton, Rayleigh, fluorescence; pair production at
 * 3 MeV) and in coupled mode (electrons transported whole between photon
 * steps). The phantom mixes densities from air to bone-like water so that
 * flights cross blocks of different majorants and photons escape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "test_support.h"
#include "transport/history_lanes.h"

static sf_phantom *phantom;
static sf_target_map *map;

static int setup(void **state)
{
    (void)state;
    int n = 24;
    phantom = sf_test_box_phantom(n, n, n, 0.4, "water", 1.0, 4);
    phantom->regions[2].density_g_cm3 = 1.9;
    phantom->regions[3].density_g_cm3 = 0.0012;
    for (int v = 0; v < n * n * n; ++v) {
        int x = v % n, z = v / (n * n);
        phantom->label[v] = (uint16_t)(z < 6 ? 3 : x < 8 ? 2 : 1 + (v % 13 == 0));
    }
    sf_phantom_update_masses(phantom);
    return sf_target_map_per_label(phantom, &map) != SF_OK;
}

static int teardown(void **state)
{
    (void)state;
    sf_target_map_destroy(&map);
    sf_phantom_destroy(&phantom);
    return 0;
}

/* N histories from `first` one after the other, then on 1, 3 and 8 lanes
 * (the last in two calls, as a thread's grains are). */
static void compare(sf_transport_mode mode, sf_kerma_estimator est,
                    double E_MeV, uint64_t first, uint64_t N)
{
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = mode;
    opt.kerma_estimator = est;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(phantom, &opt, &w), SF_OK);
    sf_source *src = NULL;
    uint16_t label = 1;
    assert_int_equal(sf_source_region(phantom, &label, 1, SF_PARTICLE_PHOTON, &src),
                     SF_OK);
    assert_int_equal(sf_source_set_energy(src, E_MeV), SF_OK);
    sf_stream_id id = {7u, 11u};

    sf_tally *seq = NULL;
    sf_history_scratch *s = NULL;
    assert_int_equal(sf_tally_create(map->n_targets, &seq), SF_OK);
    assert_int_equal(sf_history_scratch_create(w, map->n_targets, &s), SF_OK);
    for (uint64_t h = first; h < first + N; ++h)
        sf_history_run(w, src, map, id, h, s, seq);
    assert_int_equal(seq->histories, N);
    assert_true(seq->counter[SF_COUNT_REAL_COLLISIONS] > N / 5);
    assert_true(seq->counter[SF_COUNT_VIRTUAL_COLLISIONS] > 0);
    assert_true(sf_tally_balance_error(seq) <= 1e-9);

    const int lanes[] = {1, 3, 8};
    for (size_t i = 0; i < sizeof lanes / sizeof *lanes; ++i) {
        sf_history_lanes *l = NULL;
        sf_tally *t = NULL;
        assert_int_equal(sf_history_lanes_create(w, map->n_targets, lanes[i], &l),
                         SF_OK);
        assert_int_equal(sf_tally_create(map->n_targets, &t), SF_OK);
        uint64_t half = N / 2 + 1;
        sf_history_lanes_run(w, src, map, id, first, half, l, t);
        sf_history_lanes_run(w, src, map, id, first + half, N - half, l, t);
        sf_test_assert_same_tally(seq, t);
        sf_tally_destroy(&t);
        sf_history_lanes_destroy(&l);
    }
    sf_history_scratch_destroy(&s);
    sf_tally_destroy(&seq);
    sf_source_destroy(&src);
    sf_world_destroy(&w);
}

static void test_kerma_analogue(void **state)
{
    (void)state;
    compare(SF_MODE_KERMA, SF_KERMA_ANALOGUE, 0.03, 0, 4001);
    compare(SF_MODE_KERMA, SF_KERMA_ANALOGUE, 0.3, 123456789, 4001);
    compare(SF_MODE_KERMA, SF_KERMA_ANALOGUE, 3.0, 5, 3001);
}

static void test_kerma_expected_value(void **state)
{
    (void)state;
    compare(SF_MODE_KERMA, SF_KERMA_EXPECTED_VALUE, 0.14, 17, 3001);
}

static void test_coupled(void **state)
{
    (void)state;
    compare(SF_MODE_COUPLED, SF_KERMA_ANALOGUE, 1.0, 0, 401);
}

static void test_lane_count(void **state)
{
    (void)state;
    sf_world_options opt;
    sf_world_options_default(&opt);
    opt.mode = SF_MODE_KERMA;
    sf_world *w = NULL;
    assert_int_equal(sf_world_build(phantom, &opt, &w), SF_OK);
    sf_history_lanes *l = NULL;
    assert_int_equal(sf_history_lanes_create(w, map->n_targets, 0, &l), SF_ERR_VALUE);
    assert_null(l);
    assert_non_null(strstr(sf_error_message(), "expected 1 to 64"));
    assert_int_equal(sf_history_lanes_create(w, map->n_targets, 65, &l), SF_ERR_VALUE);
    sf_world_destroy(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kerma_analogue),
        cmocka_unit_test(test_kerma_expected_value),
        cmocka_unit_test(test_coupled),
        cmocka_unit_test(test_lane_count),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
