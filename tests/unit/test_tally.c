/* Tallies: exact integer merging in any order, mean and uncertainty of
 * known per-history values, and the energy-balance error. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"
#include "transport/tally.h"

static void test_mean_and_uncertainty(void **state)
{
    (void)state;
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(1, &t), SF_OK);
    /* Values 1, 2, 3, 4 MeV: mean 2.5, sample variance 5/3, so the
     * standard error of the mean is sqrt(5/3/4) = 0.6455. */
    for (int i = 1; i <= 4; ++i) {
        sf_tally_score_history(t, 0, (double)i);
        t->histories++;
    }
    double mean, rel;
    sf_tally_target_mean(t, 0, &mean, &rel);
    assert_true(fabs(mean - 2.5) < 1e-14);
    /* sf_tally uses the population variance over n-1: sqrt(1.25/3) */
    assert_true(fabs(rel * mean - sqrt(1.25 / 3.0)) < 1e-9);
    sf_tally_destroy(&t);
}

static void test_merge_order(void **state)
{
    (void)state;
    sf_tally *a = NULL, *b = NULL, *ab = NULL, *ba = NULL;
    assert_int_equal(sf_tally_create(2, &a), SF_OK);
    assert_int_equal(sf_tally_create(2, &b), SF_OK);
    assert_int_equal(sf_tally_create(2, &ab), SF_OK);
    assert_int_equal(sf_tally_create(2, &ba), SF_OK);
    for (int i = 0; i < 1000; ++i) {
        sf_tally_score_history(a, i % 2, 0.1 * i + 1e-7);
        sf_tally_score_history(b, (i + 1) % 2, 1.0 / (i + 1));
        sf_tally_score_energy(a, SF_ENERGY_DEPOSITED, 0.3 / (i + 1));
        sf_tally_score_energy(b, SF_ENERGY_ESCAPED, 1e-3 * i);
    }
    sf_tally_merge(ab, a);
    sf_tally_merge(ab, b);
    sf_tally_merge(ba, b);
    sf_tally_merge(ba, a);
    assert_memory_equal(ab->sum, ba->sum, 2 * sizeof *ab->sum);
    assert_memory_equal(ab->sum2, ba->sum2, 2 * sizeof *ab->sum2);
    assert_memory_equal(ab->energy, ba->energy, sizeof ab->energy);
    sf_tally_destroy(&a);
    sf_tally_destroy(&b);
    sf_tally_destroy(&ab);
    sf_tally_destroy(&ba);
}

static void test_balance(void **state)
{
    (void)state;
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(1, &t), SF_OK);
    sf_tally_score_energy(t, SF_ENERGY_EMITTED, 1.0);
    sf_tally_score_energy(t, SF_ENERGY_ANNIHILATION, 1.022);
    sf_tally_score_energy(t, SF_ENERGY_DEPOSITED, 1.5);
    sf_tally_score_energy(t, SF_ENERGY_ESCAPED, 0.522);
    assert_true(sf_tally_balance_error(t) < 1e-12);
    sf_tally_score_energy(t, SF_ENERGY_ESCAPED, 1e-6);
    assert_true(sf_tally_balance_error(t) > 1e-7);
    sf_tally_destroy(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_and_uncertainty),
        cmocka_unit_test(test_merge_order), cmocka_unit_test(test_balance)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
