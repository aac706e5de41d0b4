#include "results/svalue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sf_svalue_plan_destroy(sf_svalue_plan **pp)
{
    if (!pp || !*pp)
        return;
    free((*pp)->points);
    free((*pp)->gradient);
    free(*pp);
    *pp = NULL;
}

static size_t count_points(const sf_spectrum *sp)
{
    size_t n = 0;
    for (size_t i = 0; i < sp->n; ++i)
        n += sp->emissions[i].high_MeV > sp->emissions[i].low_MeV
                 ? SF_SPECTRUM_BIN_POINTS : 1;
    return n;
}

/* Adds an emission's points: a line is one point; a bin is cut into equal
 * sub-intervals, each carrying its share of the yield at its centre. */
static void add_points(sf_svalue_plan *p, const sf_emission *em, size_t particle)
{
    int bin = em->high_MeV > em->low_MeV;
    int k = bin ? SF_SPECTRUM_BIN_POINTS : 1;
    double width = (em->high_MeV - em->low_MeV) / k;
    for (int i = 0; i < k; ++i) {
        sf_svalue_point *pt = &p->points[p->n_points++];
        pt->particle = particle;
        pt->energy_MeV = bin ? em->low_MeV + (i + 0.5) * width : em->low_MeV;
        pt->yield = em->yield / k;
    }
}

static void energy_outside(sf_svalue_plan *p, const sf_saf_table *t)
{
    double all = 0, out = 0;
    double lo = t->energies_MeV[0], hi = t->energies_MeV[t->n_energies - 1];
    for (size_t i = 0; i < p->n_points; ++i) {
        const sf_svalue_point *pt = &p->points[i];
        double e = pt->yield * pt->energy_MeV;
        all += e;
        if (pt->energy_MeV < lo * (1 - 1e-12) || pt->energy_MeV > hi * (1 + 1e-12))
            out += e;
    }
    p->energy_per_decay_MeV = all;
    p->outside_fraction = all > 0 ? out / all : 0;
}

sf_status sf_svalue_prepare(const sf_saf_table *t, const sf_spectrum *sp,
                            const char *only_particle, sf_svalue_plan **out)
{
    *out = NULL;
    if (t->n_energies == 0)
        SF_FAIL(SF_ERR_VALUE, "the SAF table has no energies");
    sf_svalue_plan *p = calloc(1, sizeof *p);
    if (p) {
        p->points = malloc((count_points(sp) + 1) * sizeof *p->points);
        p->gradient = calloc(t->n_particles * t->n_energies + 1, sizeof(double));
    }
    if (!p || !p->points || !p->gradient) {
        sf_svalue_plan_destroy(&p);
        SF_FAIL(SF_ERR_NOMEM, "%s: out of memory", sp->path);
    }
    for (size_t i = 0; i < sp->n; ++i) {
        const sf_emission *em = &sp->emissions[i];
        if (only_particle && strcmp(only_particle, em->particle) != 0) {
            p->skipped++;
            continue;
        }
        long k = sf_saf_find_particle(t, em->particle);
        if (k < 0) {
            sf_svalue_plan_destroy(&p);
            SF_FAIL(SF_ERR_VALUE, "%s: has %s emissions but the results have "
                    "no %s SAFs; run them, or restrict the S value to one "
                    "particle with --particle", sp->path, em->particle,
                    em->particle);
        }
        add_points(p, em, (size_t)k);
    }
    energy_outside(p, t);
    *out = p;
    return SF_OK;
}

double sf_svalue_interp(const double *E, const double *f, size_t stride,
                        size_t n, double e, size_t *ka, size_t *kb,
                        double *ca, double *cb)
{
    size_t b = 0;
    while (b < n && E[b] < e)
        ++b;
    if (b < n && E[b] == e) {
        /* On a tabulated energy: that value, exactly. */
        *ka = *kb = b;
        *ca = f[b * stride];
        *cb = 0;
        return *ca;
    }
    if (b == 0 || b == n) {
        /* Outside the table (or exactly on its first point): held. */
        *ka = *kb = b == 0 ? 0 : n - 1;
        double v = f[*ka * stride];
        *ca = v;
        *cb = 0;
        return v;
    }
    size_t a = b - 1;
    *ka = a;
    *kb = b;
    double fa = f[a * stride], fb = f[b * stride];
    if (fa > 0 && fb > 0) {
        double w = log(e / E[a]) / log(E[b] / E[a]);
        double v = exp((1 - w) * log(fa) + w * log(fb));
        *ca = (1 - w) * v;
        *cb = w * v;
        return v;
    }
    double w = (e - E[a]) / (E[b] - E[a]);
    *ca = (1 - w) * fa;
    *cb = w * fb;
    return *ca + *cb;
}

sf_status sf_svalue_compute(sf_svalue_plan *p, const sf_saf_table *t,
                            size_t source, size_t target, double *s_value,
                            double *rel_unc)
{
    size_t ng = t->n_particles * t->n_energies;
    memset(p->gradient, 0, ng * sizeof(double));
    double sum = 0;
    for (size_t i = 0; i < p->n_points; ++i) {
        const sf_svalue_point *pt = &p->points[i];
        size_t first = sf_saf_index(t, source, pt->particle, 0, target);
        size_t ka, kb;
        double ca, cb;
        double saf = sf_svalue_interp(t->energies_MeV, &t->saf[first],
                                      t->n_targets, t->n_energies,
                                      pt->energy_MeV, &ka, &kb, &ca, &cb);
        if (isnan(saf))
            SF_FAIL(SF_ERR_VALUE, "SAF %s <- %s (%s) near %g MeV is unknown "
                    "(task not done)", t->targets[target].name,
                    t->sources[source].name, t->particles[pt->particle],
                    pt->energy_MeV);
        double w = pt->yield * pt->energy_MeV;
        sum += w * saf;
        p->gradient[pt->particle * t->n_energies + ka] += w * ca;
        p->gradient[pt->particle * t->n_energies + kb] += w * cb;
    }
    double var = 0;
    for (size_t k = 0; k < ng; ++k) {
        if (p->gradient[k] == 0)
            continue;
        size_t part = k / t->n_energies, e = k % t->n_energies;
        double u = t->rel_unc[sf_saf_index(t, source, part, e, target)];
        var += (p->gradient[k] * u) * (p->gradient[k] * u);
    }
    *s_value = SF_J_PER_MEV * sum;
    *rel_unc = sum > 0 ? sqrt(var) / sum : 0;
    return SF_OK;
}
