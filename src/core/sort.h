/* Sorting arrays of doubles (ascending; no NaN), and sorted grids without
 * repeated points, for the table builders and the result summaries. */
#ifndef SF_SORT_H
#define SF_SORT_H

#include <stddef.h>

void sf_sort_doubles(double *v, size_t n);

/* Sorts v, then keeps the first value of each run of values within
 * rel_tol (relative) of the last value kept: a value is kept when it
 * exceeds the last kept one times (1 + rel_tol); 0 drops exact repeats
 * only. Returns the number kept, at the front of v. */
size_t sf_sort_unique_doubles(double *v, size_t n, double rel_tol);

#endif
