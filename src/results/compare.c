#include "results/compare.h"

#include "results/median.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double sf_compare_band_low(int b)
{
    return 1e-3 * pow(10, b);
}

static int band_of(double e_MeV)
{
    int b = 0;
    while (b + 1 < SF_COMPARE_BANDS && e_MeV >= sf_compare_band_low(b + 1))
        ++b;
    return b;
}

static double unc_or_zero(double u)
{
    return isfinite(u) ? u : 0;
}

/* Index maps from the reference's axes to saffron's (-1: absent). */
typedef struct axis_maps {
    long *particle, *energy, *source, *target;
} axis_maps;

static void maps_free(axis_maps *m)
{
    free(m->particle);
    free(m->energy);
    free(m->source);
    free(m->target);
}

static sf_status build_maps(const sf_saf_table *s, const sf_saf_table *r,
                            axis_maps *m)
{
    m->particle = malloc((r->n_particles + 1) * sizeof(long));
    m->energy = malloc((r->n_energies + 1) * sizeof(long));
    m->source = malloc((r->n_sources + 1) * sizeof(long));
    m->target = malloc((r->n_targets + 1) * sizeof(long));
    if (!m->particle || !m->energy || !m->source || !m->target)
        SF_FAIL(SF_ERR_NOMEM, "out of memory comparing tables");
    for (size_t i = 0; i < r->n_particles; ++i)
        m->particle[i] = sf_saf_find_particle(s, r->particles[i]);
    for (size_t i = 0; i < r->n_energies; ++i)
        m->energy[i] = sf_saf_find_energy(s, r->energies_MeV[i]);
    for (size_t i = 0; i < r->n_sources; ++i)
        m->source[i] = sf_saf_find_source(s, r->sources[i].name);
    for (size_t i = 0; i < r->n_targets; ++i)
        m->target[i] = sf_saf_find_target(s, r->targets[i].name);
    return SF_OK;
}

static void fill_row(sf_compare_row *row, const sf_saf_table *s, size_t si,
                     const sf_saf_table *r, size_t ri, double systematic)
{
    row->saffron = s->saf[si];
    row->saffron_unc = s->rel_unc[si];
    row->reference = r->saf[ri];
    row->reference_unc = r->rel_unc[ri];
    if (row->saffron > 0 && row->reference > 0) {
        row->kind = SF_COMPARE_RATIO;
        row->ratio = row->saffron / row->reference;
        row->sigma = row->ratio * hypot(unc_or_zero(row->saffron_unc),
                                        unc_or_zero(row->reference_unc));
        row->flagged = fabs(row->ratio - 1) > 3 * row->sigma + systematic;
    } else {
        row->kind = SF_COMPARE_ONE_ZERO;
        row->ratio = row->sigma = NAN;
        row->flagged = 0;
    }
}

static sf_status summarize(const sf_saf_table *s, sf_compare_result *out)
{
    out->n_particles = s->n_particles;
    out->bands = calloc(s->n_particles * SF_COMPARE_BANDS + 1, sizeof *out->bands);
    double *dev = malloc((out->n_rows + 1) * sizeof *dev);
    if (!out->bands || !dev) {
        free(dev);
        SF_FAIL(SF_ERR_NOMEM, "out of memory summarizing a comparison");
    }
    for (size_t p = 0; p < s->n_particles; ++p)
        for (int b = 0; b < SF_COMPARE_BANDS; ++b) {
            sf_compare_band *band = &out->bands[p * SF_COMPARE_BANDS + (size_t)b];
            size_t n = 0;
            for (size_t i = 0; i < out->n_rows; ++i) {
                const sf_compare_row *row = &out->rows[i];
                if (row->particle != p || row->kind != SF_COMPARE_RATIO ||
                    band_of(s->energies_MeV[row->energy]) != b)
                    continue;
                dev[n++] = fabs(row->ratio - 1);
                band->flagged += row->flagged;
            }
            band->pairs = n;
            band->median_abs_dev = sf_median_sort(dev, n);
        }
    free(dev);
    return SF_OK;
}

sf_status sf_compare_tables(const sf_saf_table *s, const sf_saf_table *r,
                            double systematic, sf_compare_result *out)
{
    memset(out, 0, sizeof *out);
    axis_maps m = {0};
    sf_status st = build_maps(s, r, &m);
    size_t cap = r->n_sources * r->n_particles * r->n_energies * r->n_targets;
    out->rows = st == SF_OK ? malloc((cap + 1) * sizeof *out->rows) : NULL;
    if (st == SF_OK && !out->rows)
        st = sf_error_set(SF_ERR_NOMEM, "out of memory comparing tables");
    for (size_t p = 0; st == SF_OK && p < r->n_particles; ++p)
        for (size_t e = 0; e < r->n_energies; ++e)
            for (size_t src = 0; src < r->n_sources; ++src)
                for (size_t t = 0; t < r->n_targets; ++t) {
                    if (m.particle[p] < 0 || m.energy[e] < 0 ||
                        m.source[src] < 0 || m.target[t] < 0)
                        continue;
                    size_t si = sf_saf_index(s, (size_t)m.source[src],
                                             (size_t)m.particle[p],
                                             (size_t)m.energy[e],
                                             (size_t)m.target[t]);
                    size_t ri = sf_saf_index(r, src, p, e, t);
                    if (isnan(s->saf[si]) || isnan(r->saf[ri])) {
                        out->unavailable++;
                        continue;
                    }
                    if (s->saf[si] == 0 && r->saf[ri] == 0) {
                        out->both_zero++;
                        continue;
                    }
                    sf_compare_row *row = &out->rows[out->n_rows++];
                    row->particle = (size_t)m.particle[p];
                    row->energy = (size_t)m.energy[e];
                    row->source = (size_t)m.source[src];
                    row->target = (size_t)m.target[t];
                    fill_row(row, s, si, r, ri, systematic);
                }
    maps_free(&m);
    if (st == SF_OK)
        st = summarize(s, out);
    if (st != SF_OK)
        sf_compare_result_clear(out);
    return st;
}

void sf_compare_result_clear(sf_compare_result *r)
{
    free(r->rows);
    free(r->bands);
    memset(r, 0, sizeof *r);
}
