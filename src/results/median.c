#include "results/median.h"

#include <math.h>

#include "core/sort.h"

double sf_median_sort(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    sf_sort_doubles(v, n);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}
