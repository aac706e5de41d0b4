/* The median of a list of numbers (for summaries: the median |ratio - 1|
 * of a comparison, the median figure of merit of `saffron status`). */
#ifndef SF_MEDIAN_H
#define SF_MEDIAN_H

#include <stddef.h>

/* Sorts v (n numbers, none NaN) ascending in place and returns its median:
 * the middle value, or the mean of the two middle ones; NaN when n is 0. */
double sf_median_sort(double *v, size_t n);

#endif
