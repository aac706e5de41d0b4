/* The precision rule (farm/precision.h): when a task's tally meets it, and
 * the histories it projects, on tallies built by hand whose relative
 * errors are known: k of n histories score 1 MeV, the rest 0, so
 * rel = sqrt((1/p - 1) / n) with p = k / n (up to the tally's rounding). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "farm/precision.h"

enum { N = 10000 };

/* Fills target i so that hits[i] of N histories scored 1 MeV. */
static sf_tally *tally_with(int n_targets, const int *hits)
{
    sf_tally *t = NULL;
    assert_int_equal(sf_tally_create(n_targets, &t), SF_OK);
    for (int i = 0; i < n_targets; ++i)
        for (int h = 0; h < hits[i]; ++h)
            sf_tally_score_history(t, i, 1.0);
    t->histories = N;
    return t;
}

static double rel_of(const sf_tally *t, int i)
{
    double mean, rel;
    sf_tally_target_mean(t, i, &mean, &rel);
    return rel;
}

/* Target 0 is the source (self), 1 a large cross-fire target that is
 * close to its bound, 2 one far beyond the cap, 3 too light to be watched,
 * 4 watched but never scored. */
static void test_self_and_cross_fire(void **state)
{
    (void)state;
    const int hits[5] = {9000, 500, 2, 3, 0};
    const unsigned char watch[5] = {1, 1, 1, 0, 1};
    sf_tally *t = tally_with(5, hits);
    double r0 = rel_of(t, 0), r1 = rel_of(t, 1), r2 = rel_of(t, 2);
    /* The analytic values, to 1e-3 relative. */
    assert_true(fabs(r0 / sqrt((1 / 0.9 - 1) / N) - 1) < 1e-3);
    assert_true(fabs(r1 / sqrt((1 / 0.05 - 1) / N) - 1) < 1e-3);

    sf_precision_state s;
    /* Self alone: r0 ~ 0.0033 meets 1 %. */
    sf_precision_rule self_only = {.relative = 0.01};
    sf_precision_assess(&self_only, t, 0, 1000000, &s);
    assert_true(s.met);
    assert_true(fabs(s.needed - N * (r0 / 0.01) * (r0 / 0.01)) < 1e-6);
    assert_int_equal(s.pairs + s.unreachable + s.unscored, 0);

    /* Cross-fire at 5 %: target 1 (r1 ~ 0.044) holds, target 2 (r2 ~ 0.71)
     * would need ~2e6 histories: beyond a cap of 1e6, within 1e7. */
    sf_precision_rule rule = {.relative = 0.01, .cross_fire = 0.05,
                              .watch = watch};
    sf_precision_assess(&rule, t, 0, 1000000, &s);
    assert_true(s.met);
    assert_int_equal(s.pairs, 1);
    assert_int_equal(s.unreachable, 1);
    assert_int_equal(s.unscored, 1);
    assert_true(fabs(s.needed - N * (r1 / 0.05) * (r1 / 0.05)) < 1e-6);

    sf_precision_assess(&rule, t, 0, 10000000, &s);
    assert_false(s.met);
    assert_int_equal(s.pairs, 2);
    assert_int_equal(s.unreachable, 0);
    assert_true(fabs(s.needed - N * (r2 / 0.05) * (r2 / 0.05)) < 1e-3);

    /* A tighter cross-fire bound that target 1 misses. */
    rule.cross_fire = 0.04;
    sf_precision_assess(&rule, t, 0, 1000000, &s);
    assert_false(s.met);
    assert_true(s.needed > N && s.needed < 1000000);

    /* A cross-fire bound so tight that every pair is beyond the cap: none
     * holds the task, which stops on its self-SAF. */
    rule.cross_fire = 0.001;
    sf_precision_assess(&rule, t, 0, 1000000, &s);
    assert_true(s.met);
    assert_int_equal(s.pairs, 0);
    assert_int_equal(s.unreachable, 2);

    /* A self-SAF bound beyond the cap: the projection is the cap. */
    self_only.relative = 0.0001;
    sf_precision_assess(&self_only, t, 0, 1000000, &s);
    assert_false(s.met);
    assert_true(s.needed == 1000000.0);
    sf_tally_destroy(&t);
}

/* A self-SAF without a single score needs the cap; `on: all` holds every
 * scored target to `relative` and is not met by an empty tally. */
static void test_unscored_and_all(void **state)
{
    (void)state;
    const int none[2] = {0, 0};
    sf_tally *t = tally_with(2, none);
    sf_precision_rule rule = {.relative = 0.01};
    sf_precision_state s;
    sf_precision_assess(&rule, t, 0, 5000000, &s);
    assert_false(s.met);
    assert_true(s.needed == 5000000.0);
    sf_precision_assess(&rule, t, SF_PRECISION_ALL_TARGETS, 5000000, &s);
    assert_false(s.met);
    sf_tally_destroy(&t);

    const int hits[2] = {9000, 400};
    t = tally_with(2, hits);
    double r1 = rel_of(t, 1);
    rule.relative = 0.05;
    sf_precision_assess(&rule, t, SF_PRECISION_ALL_TARGETS, 5000000, &s);
    assert_true(s.met); /* r1 ~ 0.049 */
    assert_true(fabs(s.needed - N * (r1 / 0.05) * (r1 / 0.05)) < 1e-6);
    rule.relative = 0.045;
    sf_precision_assess(&rule, t, SF_PRECISION_ALL_TARGETS, 5000000, &s);
    assert_false(s.met);
    sf_tally_destroy(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_self_and_cross_fire),
        cmocka_unit_test(test_unscored_and_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
