/* The figure of merit of a task, FOM = 1 / (rel_unc^2 x CPU seconds), in
 * s^-1: how much precision a CPU second buys. For a given task it is
 * roughly constant as histories accumulate, so it compares the efficiency
 * of tasks, particles and settings. It depends on CPU time, so it is not
 * reproducible bit for bit (docs/results-format.md).
 *
 * Two FOMs per task: for the source region itself as target ("self") and
 * for the target of smallest mass that received any energy ("smallest
 * target", the slowest to converge). */
#ifndef SF_FOM_H
#define SF_FOM_H

#include <stddef.h>
#include <stdint.h>

#include "results/saf_table.h"

typedef struct sf_fom {
    double self;             /* s^-1; NaN when undefined */
    double smallest;         /* s^-1; NaN when undefined */
    int32_t self_target;     /* index of the target equal to the source, -1 */
    int32_t smallest_target; /* smallest-mass target with a score, -1 */
} sf_fom;

/* 1 / (rel_unc^2 x cpu_seconds); NaN unless both are finite and > 0 (no
 * score, a single history, a task never timed). */
double sf_fom_value(double rel_unc, double cpu_seconds);

/* The FOMs of a task from its per-target relative uncertainties, scores
 * (anything > 0 where the target received energy: mean energy, SAF) and
 * masses (kg), n targets; self_target is the index of the target equal to
 * the source region, or -1. The smallest target is the one of least
 * positive mass whose score is > 0 (the first of equal masses). */
void sf_fom_of_task(const double *rel_unc, const double *score,
                    const double *mass_kg, size_t n, int32_t self_target,
                    double cpu_seconds, sf_fom *out);

/* The target equal to a source when only the names and ids of the regions
 * are known (a results file's /sources and /targets): the target with the
 * source's label for a one-label source (id >= 0), the union of the same
 * name for a union (id -1); -1 when there is none. */
int32_t sf_fom_self_target(const sf_saf_region *source,
                           const sf_saf_region *targets, size_t n);

/* Median and minimum of the values that are not NaN, and the index of the
 * (first) minimum; n_valid 0 (median, min NaN, argmin -1) when none is. */
typedef struct sf_fom_stats {
    size_t n_valid;
    double median, min;
    long argmin;
} sf_fom_stats;

/* `scratch` holds n doubles (it is sorted in place). */
void sf_fom_stats_of(const double *v, size_t n, double *scratch,
                     sf_fom_stats *out);

#endif
