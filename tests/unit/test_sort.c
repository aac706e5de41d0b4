/* core/sort.h: ascending order, and the runs sf_sort_unique_doubles keeps
 * one value of (exact repeats at tolerance 0, near ones within it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/sort.h"

static void test_sort(void **state)
{
    (void)state;
    double v[] = {3.0, -1.0, 2.5, -1.0, 0.0};
    sf_sort_doubles(v, 5);
    const double want[] = {-1.0, -1.0, 0.0, 2.5, 3.0};
    for (int i = 0; i < 5; ++i)
        assert_true(v[i] == want[i]);
}

static void test_unique(void **state)
{
    (void)state;
    double v[] = {2.0, 1.0, 2.0, 1.0 + 1e-12, 3.0, 1.0};
    assert_int_equal(sf_sort_unique_doubles(v, 6, 0.0), 4);
    const double want[] = {1.0, 1.0 + 1e-12, 2.0, 3.0};
    for (int i = 0; i < 4; ++i)
        assert_true(v[i] == want[i]);

    double w[] = {2.0, 1.0, 2.0, 1.0 + 1e-12, 3.0, 1.0};
    assert_int_equal(sf_sort_unique_doubles(w, 6, 1e-9), 3);
    assert_true(w[0] == 1.0 && w[1] == 2.0 && w[2] == 3.0);
    assert_int_equal(sf_sort_unique_doubles(w, 0, 0.0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_unique),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
