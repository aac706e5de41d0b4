#include "results/selection.h"

#include <math.h>
#include <stdlib.h>

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

sf_status sf_selection_check(const sf_selection *s, const sf_saf_table *t,
                             const char *where)
{
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
