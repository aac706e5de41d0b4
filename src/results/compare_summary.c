/* The side-by-side summary of a comparison (results/compare.h): per
 * particle and kind of pair, how many ratios, their median |ratio - 1|,
 * how many within 2 %, and the worst pairs. */
#include "results/compare.h"

#include <math.h>
#include <stdlib.h>

#include "results/median.h"

#define WITHIN 0.02

static double deviation(const sf_compare_row *r)
{
    return fabs(r->ratio - 1);
}

/* Keeps the SF_COMPARE_WORST largest deviations, largest first. */
static void consider_worst(sf_compare_group *g, const sf_compare_row *rows,
                           size_t i)
{
    double d = deviation(&rows[i]);
    size_t k = g->n_worst < SF_COMPARE_WORST ? g->n_worst++ : SF_COMPARE_WORST;
    if (k == SF_COMPARE_WORST && d <= deviation(&rows[g->worst[k - 1]]))
        return;
    if (k == SF_COMPARE_WORST)
        --k;
    while (k > 0 && deviation(&rows[g->worst[k - 1]]) < d) {
        g->worst[k] = g->worst[k - 1];
        --k;
    }
    g->worst[k] = i;
}

static void fill_group(const sf_saf_table *s, const sf_compare_result *r,
                            size_t particle, int self, double *scratch,
                            sf_compare_group *g)
{
    g->particle = particle;
    g->self = self;
    g->median_abs_dev = NAN;
    size_t n = 0;
    for (size_t i = 0; i < r->n_rows; ++i) {
        const sf_compare_row *row = &r->rows[i];
        if (row->particle != particle ||
            sf_saf_region_same(&s->sources[row->source], &s->targets[row->target]) != self)
            continue;
        if (row->kind != SF_COMPARE_RATIO) {
            g->one_zero++;
            continue;
        }
        scratch[n++] = deviation(row);
        g->within_2pc += deviation(row) <= WITHIN;
        g->flagged += row->flagged;
        consider_worst(g, r->rows, i);
    }
    g->pairs = n;
    if (n > 0)
        g->median_abs_dev = sf_median_sort(scratch, n);
}

sf_status sf_compare_summarize(const sf_saf_table *saffron,
                               const sf_compare_result *r,
                               sf_compare_summary *out)
{
    out->n_groups = 0;
    out->groups = calloc(2 * saffron->n_particles + 1, sizeof *out->groups);
    double *scratch = malloc((r->n_rows + 1) * sizeof *scratch);
    if (!out->groups || !scratch) {
        free(scratch);
        sf_compare_summary_clear(out);
        SF_FAIL(SF_ERR_NOMEM, "out of memory summarising a comparison");
    }
    for (size_t p = 0; p < saffron->n_particles; ++p)
        for (int self = 1; self >= 0; --self) {
            sf_compare_group *g = &out->groups[out->n_groups];
            fill_group(saffron, r, p, self, scratch, g);
            if (g->pairs + g->one_zero > 0)
                out->n_groups++;
            else
                *g = (sf_compare_group){0};
        }
    free(scratch);
    return SF_OK;
}

void sf_compare_summary_clear(sf_compare_summary *s)
{
    free(s->groups);
    s->groups = NULL;
    s->n_groups = 0;
}
