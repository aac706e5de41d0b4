#include "core/sort.h"

#include <stdlib.h>

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void sf_sort_doubles(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_double);
}

size_t sf_sort_unique_doubles(double *v, size_t n, double rel_tol)
{
    sf_sort_doubles(v, n);
    size_t m = 0;
    for (size_t i = 0; i < n; ++i)
        if (m == 0 || v[i] > v[m - 1] * (1 + rel_tol))
            v[m++] = v[i];
    return m;
}
