/* Which part of an SAF table a command works on: sources, targets (names,
 * case-insensitive, or label numbers; none listed means all), one particle
 * and one energy (MeV) or all. */
#ifndef SF_SELECTION_H
#define SF_SELECTION_H

#include <stddef.h>

#include "core/error.h"
#include "results/saf_table.h"

#define SF_SELECTION_MAX 256

typedef struct sf_selection {
    const char *sources[SF_SELECTION_MAX];
    size_t n_sources;
    const char *targets[SF_SELECTION_MAX];
    size_t n_targets;
    const char *particle;   /* NULL: all */
    double energy_MeV;      /* NaN: all */
} sf_selection;

void sf_selection_init(sf_selection *s);

int sf_selection_has_source(const sf_selection *s, const sf_saf_region *r);
int sf_selection_has_target(const sf_selection *s, const sf_saf_region *r);
int sf_selection_has_particle(const sf_selection *s, const char *particle);
int sf_selection_has_energy(const sf_selection *s, const sf_saf_table *t,
                            size_t e);

/* Every name the selection lists must exist in the table: a misspelt
 * region is an error, not an empty output. */
sf_status sf_selection_check(const sf_selection *s, const sf_saf_table *t,
                             const char *where);

/* The table restricted to the selected sources and targets (every
 * particle and energy), with its convention and per-label masses. */
sf_status sf_selection_subset(const sf_selection *s, const sf_saf_table *in,
                              sf_saf_table **out);

#endif
