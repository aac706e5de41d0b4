/* A task's precision rule (manifest `precision`, docs/manifest.md): whether
 * its tally meets the rule, and how many histories it is expected to need.
 * One function serves the farm's stopping decision and `saffron plan`'s
 * estimate, so the plan prices the rule the farm applies.
 *
 * The rule has up to two parts:
 *  - `relative` on the watched target(s): the self-SAF (`on: self`) or
 *    every target that has received energy (`on: all`);
 *  - with `on: self`, optionally `cross_fire` on every other target marked
 *    in `watch` (the manifest's `cross_fire_min_mass_kg` and up). A
 *    cross-fire pair whose projected need, n (rel / cross_fire)^2 after n
 *    histories, exceeds the cap would stop the task only at the cap: it is
 *    counted as unreachable and does not hold the task. Relative errors
 *    fall as 1/sqrt(n), so the projection is unbiased in rel^2; a pair that
 *    has no score yet does not hold the task either.
 * Decisions are functions of the tally alone, so they do not depend on the
 * number of ranks or threads. */
#ifndef SF_PRECISION_H
#define SF_PRECISION_H

#include <stdint.h>

#include "transport/tally.h"

#define SF_PRECISION_ALL_TARGETS (-2)

typedef struct sf_precision_rule {
    double relative;     /* (0, 1); 0: no rule */
    double cross_fire;   /* (0, 1) on the watched other targets; 0: none */
    const unsigned char *watch; /* [target] 1: cross-fire target; may be
                                 * NULL when cross_fire is 0 */
} sf_precision_rule;

typedef struct sf_precision_state {
    int met;             /* every constraining pair is within its bound */
    double needed;       /* projected histories to meet it, <= cap */
    int pairs;           /* cross-fire pairs that hold the task */
    int unreachable;     /* cross-fire pairs beyond the cap */
    int unscored;        /* watched cross-fire targets without a score */
} sf_precision_state;

/* Assesses tally t of a task whose rule watches `target` (a target index
 * for `on: self`, SF_PRECISION_ALL_TARGETS for `on: all`) with at most
 * `cap` histories. */
void sf_precision_assess(const sf_precision_rule *r, const sf_tally *t,
                         int target, uint64_t cap, sf_precision_state *out);

#endif
