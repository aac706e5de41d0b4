/* Alias tables draw each index with probability proportional to its
 * weight (chi-square over 1e6 draws, fixed seed), and reject bad weights. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_support.h"
#include "transport/alias.h"
#include "transport/rng.h"

static void test_distribution(void **state)
{
    (void)state;
    const double w[] = {0.5, 3.0, 0.0, 10.0, 1.0, 0.25, 7.0};
    const int n = (int)(sizeof w / sizeof w[0]);
    sf_alias a;
    assert_int_equal(sf_alias_build(w, n, &a), SF_OK);
    long counts[7] = {0};
    sf_rng rng;
    sf_rng_init(&rng, 1, 2, 3, 0);
    const long N = 1000000;
    for (long i = 0; i < N; ++i) {
        double u1 = sf_rng_uniform(&rng), u2 = sf_rng_uniform(&rng);
        counts[sf_alias_draw(&a, u1, u2)]++;
    }
    double total = 0, chi2 = 0;
    for (int i = 0; i < n; ++i)
        total += w[i];
    int dof = -1;
    for (int i = 0; i < n; ++i) {
        double expect = N * w[i] / total;
        if (expect == 0) {
            assert_int_equal(counts[i], 0);
            continue;
        }
        chi2 += pow(counts[i] - expect, 2) / expect;
        ++dof;
    }
    /* 5 degrees of freedom: P(chi2 > 20.5) = 0.001 */
    assert_true(chi2 < 20.5);
    sf_alias_free(&a);
}

static void test_bad_weights(void **state)
{
    (void)state;
    sf_alias a;
    const double neg[] = {1.0, -1.0};
    const double zero[] = {0.0, 0.0};
    assert_int_equal(sf_alias_build(neg, 2, &a), SF_ERR_VALUE);
    assert_int_equal(sf_alias_build(zero, 2, &a), SF_ERR_VALUE);
    assert_int_equal(sf_alias_build(zero, 0, &a), SF_ERR_VALUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_distribution),
                                       cmocka_unit_test(test_bad_weights)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
