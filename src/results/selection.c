#include "results/selection.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"

void sf_selection_init(sf_selection *s)
{
    s->n_sources = s->n_targets = 0;
    s->particle = NULL;
    s->energy_MeV = NAN;
}

static int names_region(const char *item, const sf_saf_region *r)
{
    char *end;
    long label = strtol(item, &end, 10);
    if (end != item && *end == '\0')
        return r->id == label;
    return sf_strieq(item, r->name);
}

static int listed(const char *const *items, size_t n, const sf_saf_region *r)
{
    if (n == 0)
        return 1;
    for (size_t i = 0; i < n; ++i)
        if (names_region(items[i], r))
            return 1;
    return 0;
}

int sf_selection_has_source(const sf_selection *s, const sf_saf_region *r)
{
    return listed(s->sources, s->n_sources, r);
}

int sf_selection_has_target(const sf_selection *s, const sf_saf_region *r)
{
    return listed(s->targets, s->n_targets, r);
}

int sf_selection_has_particle(const sf_selection *s, const char *particle)
{
    return !s->particle || sf_strieq(s->particle, particle);
}

int sf_selection_has_energy(const sf_selection *s, const sf_saf_table *t,
                            size_t e)
{
    return isnan(s->energy_MeV) ||
           sf_saf_find_energy(t, s->energy_MeV) == (long)e;
}

static sf_status check_items(const char *const *items, size_t n,
                             const sf_saf_region *r, size_t nr,
                             const char *what, const char *where)
{
    for (size_t i = 0; i < n; ++i) {
        int found = 0;
        for (size_t k = 0; k < nr && !found; ++k)
            found = names_region(items[i], &r[k]);
        if (!found)
            SF_FAIL(SF_ERR_VALUE, "%s: no %s '%s' (names are matched "
                    "case-insensitively, numbers as labels)", where, what,
                    items[i]);
    }
    return SF_OK;
}

typedef struct regions {
    const sf_saf_region *r;
    size_t n;
} regions;

static int in_regions(const char *name, const void *ctx)
{
    const regions *g = ctx;
    for (size_t k = 0; k < g->n; ++k)
        if (names_region(name, &g->r[k]))
            return 1;
    return 0;
}

/* Replaces the arguments items[0..*n) by the regions they name, kept in
 * storage. */
static sf_status expand(const char **items, size_t *n,
                        char (*storage)[SF_NAME_LIST_ITEM_MAX],
                        const sf_saf_region *r, size_t nr, const char *option)
{
    const char *given[SF_SELECTION_MAX];
    size_t n_given = *n, used = 0;
    memcpy(given, items, n_given * sizeof *given);
    regions g = {r, nr};
    for (size_t i = 0; i < n_given; ++i) {
        size_t k;
        SF_TRY(sf_name_list_read(given[i], option, in_regions, &g,
                                 storage + used, SF_SELECTION_MAX - used, &k));
        used += k;
    }
    for (size_t i = 0; i < used; ++i)
        items[i] = storage[i];
    *n = used;
    return SF_OK;
}

sf_status sf_selection_check(sf_selection *s, const sf_saf_table *t,
                             const char *where)
{
    SF_TRY(expand(s->sources, &s->n_sources, s->names[0], t->sources,
                  t->n_sources, "--source"));
    SF_TRY(expand(s->targets, &s->n_targets, s->names[1], t->targets,
                  t->n_targets, "--target"));
    SF_TRY(check_items(s->sources, s->n_sources, t->sources, t->n_sources,
                       "source", where));
    SF_TRY(check_items(s->targets, s->n_targets, t->targets, t->n_targets,
                       "target", where));
    if (s->particle && sf_saf_find_particle(t, s->particle) < 0)
        SF_FAIL(SF_ERR_VALUE, "%s: no particle '%s' (expected one of the "
                "campaign's particles)", where, s->particle);
    if (!isnan(s->energy_MeV) && sf_saf_find_energy(t, s->energy_MeV) < 0)
        SF_FAIL(SF_ERR_VALUE, "%s: no energy %g MeV in the table", where,
                s->energy_MeV);
    return SF_OK;
}

static size_t *selected(const sf_selection *sel, const sf_saf_region *r,
                        size_t n, int targets, size_t *count)
{
    size_t *idx = malloc((n + 1) * sizeof *idx);
    *count = 0;
    for (size_t i = 0; idx && i < n; ++i)
        if (targets ? sf_selection_has_target(sel, &r[i])
                    : sf_selection_has_source(sel, &r[i]))
            idx[(*count)++] = i;
    return idx;
}

sf_status sf_selection_subset(const sf_selection *sel, const sf_saf_table *in,
                              sf_saf_table **out)
{
    *out = NULL;
    size_t ns, nt;
    size_t *si = selected(sel, in->sources, in->n_sources, 0, &ns);
    size_t *ti = selected(sel, in->targets, in->n_targets, 1, &nt);
    sf_saf_table *t = NULL;
    sf_status st = (si && ti) ? sf_saf_table_create(ns, in->n_particles,
                                                    in->n_energies, nt, &t)
                              : sf_error_set(SF_ERR_NOMEM, "out of memory");
    if (st == SF_OK)
        st = sf_saf_table_copy_axes(t, in);
    if (st == SF_OK) {
        for (size_t s = 0; s < ns; ++s)
            t->sources[s] = in->sources[si[s]];
        for (size_t g = 0; g < nt; ++g)
            t->targets[g] = in->targets[ti[g]];
        for (size_t s = 0; s < ns; ++s)
            for (size_t p = 0; p < in->n_particles; ++p)
                for (size_t e = 0; e < in->n_energies; ++e)
                    for (size_t g = 0; g < nt; ++g) {
                        size_t from = sf_saf_index(in, si[s], p, e, ti[g]);
                        size_t to = sf_saf_index(t, s, p, e, g);
                        t->saf[to] = in->saf[from];
                        t->rel_unc[to] = in->rel_unc[from];
                        t->af[to] = in->af[from];
                    }
        *out = t;
    } else {
        sf_saf_table_destroy(&t);
    }
    free(si);
    free(ti);
    return st;
}
