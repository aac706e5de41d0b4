/* Walker's alias method (Vose's O(n) construction, IEEE TSE 17 (1991) 972):
 * draws an index with probability proportional to its weight in O(1). */
#ifndef SF_ALIAS_H
#define SF_ALIAS_H

#include <stdint.h>

#include "core/error.h"

typedef struct sf_alias {
    int64_t n;
    double *threshold;  /* keep i when u < threshold[i], else take alias[i] */
    int64_t *alias;
} sf_alias;

/* Weights must be >= 0 with a positive sum. */
sf_status sf_alias_build(const double *weights, int64_t n, sf_alias *out);
void sf_alias_free(sf_alias *a);

/* u1, u2 uniform in (0,1). */
static inline int64_t sf_alias_draw(const sf_alias *a, double u1, double u2)
{
    int64_t i = (int64_t)(u1 * (double)a->n);
    if (i >= a->n)
        i = a->n - 1;
    return u2 < a->threshold[i] ? i : a->alias[i];
}

#endif
