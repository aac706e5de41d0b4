/* Tables and sampler of single elastic scattering (see elastic_single.h). */
#include "transport/elastic_single.h"

#include <stdlib.h>

#include "physics/electron_constants.h"
#include "physics/electron_elements.h"

sf_status sf_elastic_single_build(const sf_material *m, const double *energy_MeV,
                                  int n, int positron, sf_elastic_model model,
                                  sf_elastic_single **out)
{
    *out = NULL;
    sf_elastic_single *s = calloc(1, sizeof *s);
    int ne = m->n_elements;
    if (!s || !(s->share = malloc((size_t)n * ne * sizeof *s->share)) ||
        !(s->eta = malloc((size_t)n * ne * sizeof *s->eta))) {
        sf_elastic_single_destroy(&s);
        SF_FAIL(SF_ERR_NOMEM, "single-scattering tables: out of memory");
    }
    s->n_elements = ne;
    s->n = n;
    s->positron = positron;
    s->model = model;
    for (int j = 0; j < ne; ++j)
        s->Z[j] = m->Z[j];
    for (int i = 0; i < n; ++i) {
        double *share = s->share + (size_t)i * ne, sum = 0.0;
        for (int j = 0; j < ne; ++j) {
            sf_elastic_moments a;
            sf_elastic_atom_model(m->Z[j], energy_MeV[i], positron, model, &a);
            sum += m->mass_fraction[j] / sf_electron_atomic_weight(m->Z[j]) *
                   a.sigma0;
            share[j] = sum;
            s->eta[(size_t)i * ne + j] = a.screening;
        }
        for (int j = 0; j < ne; ++j)
            share[j] /= sum;
        share[ne - 1] = 1.0;
    }
    *out = s;
    return SF_OK;
}

void sf_elastic_single_destroy(sf_elastic_single **ps)
{
    if (!ps || !*ps)
        return;
    free((*ps)->share);
    free((*ps)->eta);
    free(*ps);
    *ps = NULL;
}

size_t sf_elastic_single_bytes(const sf_elastic_single *s)
{
    return s ? sizeof *s + 2 * (size_t)s->n * s->n_elements * sizeof(double)
             : 0;
}

/* The element is chosen from the share at the nearer grid point (the
 * shares vary by well under 1e-3 across one interval of the 200-per-decade
 * grid); the screening is interpolated. */
double sf_elastic_single_sample_mu(const sf_elastic_single *s, int i, double f,
                                   double E_MeV, sf_rng *rng)
{
    int ne = s->n_elements, j = 0;
    if (ne > 1) {
        const double *share = s->share + (size_t)(f < 0.5 ? i : i + 1) * ne;
        double u = sf_rng_uniform(rng);
        while (j < ne - 1 && u > share[j])
            ++j;
    }
    const double *eta = s->eta + (size_t)i * ne + j;
    double e = eta[0] + f * (eta[ne] - eta[0]);
    double b2, q;
    sf_elastic_mott_factor(s->Z[j], E_MeV, s->positron, s->model, &b2, &q);
    return sf_elastic_sample_mu(e, b2, q, rng);
}
