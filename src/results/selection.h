/* Which part of an SAF table a command works on: sources, targets (names,
 * case-insensitive, or label numbers; none listed means all), one particle
 * and one energy (MeV) or all. */
#ifndef SF_SELECTION_H
#define SF_SELECTION_H

#include <stddef.h>

#include "core/error.h"
#include "core/name_list.h"
#include "results/saf_table.h"

#define SF_SELECTION_MAX 256

typedef struct sf_selection {
    /* As given (command-line arguments); sf_selection_check turns each
     * into the regions it names (core/name_list.h: a name with commas, or
     * several joined by commas) and points these at them. */
    const char *sources[SF_SELECTION_MAX];
    size_t n_sources;
    const char *targets[SF_SELECTION_MAX];
    size_t n_targets;
    const char *particle;   /* NULL: all */
    double energy_MeV;      /* NaN: all */
    char names[2][SF_SELECTION_MAX][SF_NAME_LIST_ITEM_MAX];
} sf_selection;

void sf_selection_init(sf_selection *s);

int sf_selection_has_source(const sf_selection *s, const sf_saf_region *r);
int sf_selection_has_target(const sf_selection *s, const sf_saf_region *r);
int sf_selection_has_particle(const sf_selection *s, const char *particle);
int sf_selection_has_energy(const sf_selection *s, const sf_saf_table *t,
                            size_t e);

/* Resolves the sources and targets given against the table's regions
 * (each argument a region name, possibly with commas, or several joined
 * by commas; ambiguous arguments are errors) and checks that every name
 * exists in the table: a misspelt region is an error, not an empty
 * output. */
sf_status sf_selection_check(sf_selection *s, const sf_saf_table *t,
                             const char *where);

/* The table restricted to the selected sources and targets (every
 * particle and energy), with its convention and per-label masses. */
sf_status sf_selection_subset(const sf_selection *s, const sf_saf_table *in,
                              sf_saf_table **out);

#endif
