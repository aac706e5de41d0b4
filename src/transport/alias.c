#include "transport/alias.h"

#include <math.h>
#include <stdlib.h>

sf_status sf_alias_build(const double *weights, int64_t n, sf_alias *out)
{
    out->n = 0;
    out->threshold = NULL;
    out->alias = NULL;
    if (n <= 0)
        SF_FAIL(SF_ERR_VALUE, "alias table: no entries to sample from");
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) {
        if (!(weights[i] >= 0) || !isfinite(weights[i]))
            SF_FAIL(SF_ERR_VALUE, "alias table: weight %lld is %g, expected a "
                    "finite value >= 0", (long long)i, weights[i]);
        sum += weights[i];
    }
    if (!(sum > 0))
        SF_FAIL(SF_ERR_VALUE, "alias table: all weights are zero");

    double *p = malloc((size_t)n * sizeof *p);
    int64_t *alias = malloc((size_t)n * sizeof *alias);
    int64_t *work = malloc((size_t)n * sizeof *work);
    if (!p || !alias || !work) {
        free(p);
        free(alias);
        free(work);
        SF_FAIL(SF_ERR_NOMEM, "alias table: out of memory for %lld entries",
                (long long)n);
    }
    /* Small entries fill the work array from the front, large ones from the
     * back, so one array serves as both of Vose's worklists. */
    int64_t n_small = 0, n_large = 0;
    for (int64_t i = 0; i < n; ++i) {
        p[i] = weights[i] * (double)n / sum;
        alias[i] = i;
        if (p[i] < 1.0)
            work[n_small++] = i;
        else
            work[n - 1 - n_large++] = i;
    }
    while (n_small > 0 && n_large > 0) {
        int64_t s = work[--n_small];
        int64_t l = work[n - n_large];
        alias[s] = l;
        p[l] -= 1.0 - p[s];
        if (p[l] < 1.0) {
            --n_large;
            work[n_small++] = l;
        }
    }
    /* Rounding leaves entries whose probability is 1 up to ~1e-15. */
    for (int64_t k = 0; k < n_large; ++k)
        p[work[n - 1 - k]] = 1.0;
    for (int64_t k = 0; k < n_small; ++k)
        p[work[k]] = 1.0;
    free(work);
    out->n = n;
    out->threshold = p;
    out->alias = alias;
    return SF_OK;
}

void sf_alias_free(sf_alias *a)
{
    if (!a)
        return;
    free(a->threshold);
    free(a->alias);
    a->threshold = NULL;
    a->alias = NULL;
    a->n = 0;
}
