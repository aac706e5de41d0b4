#include "results/saf_table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"

sf_status sf_saf_table_create(size_t n_sources, size_t n_particles,
                              size_t n_energies, size_t n_targets,
                              sf_saf_table **out)
{
    *out = NULL;
    sf_saf_table *t = calloc(1, sizeof *t);
    size_t n = n_sources * n_particles * n_energies * n_targets;
    if (!t)
        SF_FAIL(SF_ERR_NOMEM, "out of memory for an SAF table");
    t->n_sources = n_sources;
    t->n_particles = n_particles;
    t->n_energies = n_energies;
    t->n_targets = n_targets;
    t->sources = calloc(n_sources ? n_sources : 1, sizeof *t->sources);
    t->targets = calloc(n_targets ? n_targets : 1, sizeof *t->targets);
    t->particles = calloc(n_particles ? n_particles : 1, sizeof *t->particles);
    t->energies_MeV = calloc(n_energies ? n_energies : 1, sizeof(double));
    t->saf = malloc((n ? n : 1) * 3 * sizeof(double));
    if (!t->sources || !t->targets || !t->particles || !t->energies_MeV ||
        !t->saf) {
        sf_saf_table_destroy(&t);
        SF_FAIL(SF_ERR_NOMEM, "out of memory for an SAF table of %zu values",
                n);
    }
    t->rel_unc = t->saf + n;
    t->af = t->saf + 2 * n;
    for (size_t i = 0; i < 3 * n; ++i)
        t->saf[i] = NAN;
    for (size_t i = 0; i < n_sources; ++i)
        sf_saf_region_init(&t->sources[i]);
    for (size_t i = 0; i < n_targets; ++i)
        sf_saf_region_init(&t->targets[i]);
    *out = t;
    return SF_OK;
}

void sf_saf_table_destroy(sf_saf_table **pt)
{
    if (!pt || !*pt)
        return;
    sf_saf_table *t = *pt;
    free(t->sources);
    free(t->targets);
    free(t->particles);
    free(t->energies_MeV);
    free(t->saf); /* rel_unc and af live in the same block */
    free(t->label_mass_kg);
    free(t);
    *pt = NULL;
}

sf_status sf_saf_table_copy_axes(sf_saf_table *dst, const sf_saf_table *src)
{
    memcpy(dst->particles, src->particles, src->n_particles * sizeof *dst->particles);
    memcpy(dst->energies_MeV, src->energies_MeV, src->n_energies * sizeof(double));
    dst->convention = src->convention;
    if (!src->label_mass_kg)
        return SF_OK;
    dst->label_mass_kg = malloc(src->n_label_masses * sizeof(double) + 1);
    if (!dst->label_mass_kg)
        SF_FAIL(SF_ERR_NOMEM, "out of memory for an SAF table's label masses");
    memcpy(dst->label_mass_kg, src->label_mass_kg,
           src->n_label_masses * sizeof(double));
    dst->n_label_masses = src->n_label_masses;
    return SF_OK;
}

void sf_saf_region_init(sf_saf_region *r)
{
    r->name[0] = '\0';
    r->id = -1;
    r->mass_kg = NAN;
    r->mass_blood_kg = NAN;
    r->n_labels = -1;
}

int sf_saf_region_same(const sf_saf_region *a, const sf_saf_region *b)
{
    if (a->n_labels > 0 && b->n_labels > 0)
        return a->n_labels == b->n_labels &&
               !memcmp(a->labels, b->labels, (size_t)a->n_labels * sizeof a->labels[0]);
    return sf_strieq(a->name, b->name);
}

static long find_region(const sf_saf_region *r, size_t n, const char *name)
{
    for (size_t i = 0; i < n; ++i)
        if (sf_strieq(r[i].name, name))
            return (long)i;
    return -1;
}

long sf_saf_find_source(const sf_saf_table *t, const char *name)
{
    return find_region(t->sources, t->n_sources, name);
}

long sf_saf_find_target(const sf_saf_table *t, const char *name)
{
    return find_region(t->targets, t->n_targets, name);
}

long sf_saf_find_particle(const sf_saf_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_particles; ++i)
        if (sf_strieq(t->particles[i], name))
            return (long)i;
    return -1;
}

long sf_saf_find_energy(const sf_saf_table *t, double e_MeV)
{
    for (size_t i = 0; i < t->n_energies; ++i) {
        double e = t->energies_MeV[i];
        if (fabs(e - e_MeV) <= 5.0000001e-6 || fabs(e - e_MeV) <= 1e-4 * e)
            return (long)i;
    }
    return -1;
}
