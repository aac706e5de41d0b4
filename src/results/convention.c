#include "results/convention.h"

#include <math.h>
#include <string.h>

#include "core/parse.h"

sf_status sf_convention_parse(const char *text, const char *what,
                              sf_convention *out)
{
    if (sf_strieq(text, "icrp133"))
        *out = SF_CONVENTION_ICRP133;
    else if (sf_strieq(text, "voxel"))
        *out = SF_CONVENTION_VOXEL;
    else
        SF_FAIL(SF_ERR_USAGE, "%s %s: expected icrp133 (self-irradiation "
                "divided by the blood-inclusive mass) or voxel (every pair "
                "by the voxel mass)", what, text);
    return SF_OK;
}

const char *sf_convention_name(sf_convention c)
{
    return c == SF_CONVENTION_ICRP133 ? "icrp133" : "voxel";
}

static int blood_mass_known(const sf_saf_region *r)
{
    return isfinite(r->mass_blood_kg) && r->mass_blood_kg > 0;
}

double sf_saf_pair_mass(const sf_saf_table *t, size_t s, size_t g)
{
    const sf_saf_region *tg = &t->targets[g];
    if (t->convention == SF_CONVENTION_ICRP133 && blood_mass_known(tg) &&
        sf_saf_region_same(&t->sources[s], tg))
        return tg->mass_blood_kg;
    return tg->mass_kg;
}

void sf_saf_table_apply_convention(sf_saf_table *t, sf_convention c,
                                   size_t *no_blood)
{
    size_t missing = 0;
    t->convention = c;
    for (size_t s = 0; s < t->n_sources; ++s)
        for (size_t g = 0; g < t->n_targets; ++g) {
            if (!sf_saf_region_same(&t->sources[s], &t->targets[g]))
                continue;
            missing += c == SF_CONVENTION_ICRP133 && !blood_mass_known(&t->targets[g]);
            double mass = sf_saf_pair_mass(t, s, g);
            for (size_t p = 0; p < t->n_particles; ++p)
                for (size_t e = 0; e < t->n_energies; ++e) {
                    size_t i = sf_saf_index(t, s, p, e, g);
                    if (!isnan(t->af[i]) && mass > 0)
                        t->saf[i] = t->af[i] / mass;
                }
        }
    if (no_blood)
        *no_blood = missing;
}

void sf_saf_table_count_self(const sf_saf_table *t, size_t *self,
                             size_t *with_blood)
{
    *self = *with_blood = 0;
    for (size_t s = 0; s < t->n_sources; ++s)
        for (size_t g = 0; g < t->n_targets; ++g)
            if (sf_saf_region_same(&t->sources[s], &t->targets[g])) {
                ++*self;
                *with_blood += blood_mass_known(&t->targets[g]);
            }
}

sf_convention sf_saf_table_use_convention(sf_saf_table *t, sf_convention c,
                                          size_t *no_blood)
{
    size_t self, with_blood;
    sf_saf_table_count_self(t, &self, &with_blood);
    if (c == SF_CONVENTION_ICRP133 && with_blood == 0)
        c = SF_CONVENTION_VOXEL;
    sf_saf_table_apply_convention(t, c, no_blood);
    return c;
}

/* Mass (kg) of the labels two label sets share, from the per-label masses;
 * NaN when they are not known. */
static double shared_mass(const sf_saf_table *t, const sf_saf_region *a,
                          const sf_saf_region *b)
{
    double m = 0;
    int i = 0, j = 0;
    while (i < a->n_labels && j < b->n_labels) {
        if (a->labels[i] < b->labels[j]) {
            ++i;
        } else if (a->labels[i] > b->labels[j]) {
            ++j;
        } else {
            if (!t->label_mass_kg || a->labels[i] >= t->n_label_masses)
                return NAN;
            m += t->label_mass_kg[a->labels[i]];
            ++i;
            ++j;
        }
    }
    return m;
}

double sf_saf_zero_energy_limit(const sf_saf_table *t, size_t s, size_t g)
{
    const sf_saf_region *src = &t->sources[s], *tg = &t->targets[g];
    double mass = sf_saf_pair_mass(t, s, g);
    if (sf_saf_region_same(src, tg))
        return mass > 0 ? 1.0 / mass : NAN;
    if (src->n_labels <= 0 || tg->n_labels <= 0)
        return 0.0;
    double shared = shared_mass(t, src, tg);
    if (isnan(shared))
        return 0.0;
    return shared > 0 && src->mass_kg > 0 && mass > 0
               ? shared / src->mass_kg / mass : 0.0;
}
