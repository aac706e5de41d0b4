#include "transport/tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

sf_status sf_tally_create(int n_targets, sf_tally **out)
{
    *out = NULL;
    sf_tally *t = calloc(1, sizeof *t);
    if (!t)
        SF_FAIL(SF_ERR_NOMEM, "tally: out of memory");
    t->n_targets = n_targets;
    size_t n = (size_t)(n_targets > 0 ? n_targets : 1);
    t->sum = calloc(n, sizeof *t->sum);
    t->sum2 = calloc(n, sizeof *t->sum2);
    if (!t->sum || !t->sum2) {
        sf_tally_destroy(&t);
        SF_FAIL(SF_ERR_NOMEM, "tally: out of memory for %d targets",
                n_targets);
    }
    *out = t;
    return SF_OK;
}

void sf_tally_destroy(sf_tally **pt)
{
    if (!pt || !*pt)
        return;
    free((*pt)->sum);
    free((*pt)->sum2);
    free(*pt);
    *pt = NULL;
}

void sf_tally_clear(sf_tally *t)
{
    size_t n = (size_t)(t->n_targets > 0 ? t->n_targets : 1);
    memset(t->sum, 0, n * sizeof *t->sum);
    memset(t->sum2, 0, n * sizeof *t->sum2);
    memset(t->energy, 0, sizeof t->energy);
    memset(t->counter, 0, sizeof t->counter);
    t->histories = 0;
}

void sf_tally_merge(sf_tally *dst, const sf_tally *src)
{
    for (int i = 0; i < dst->n_targets && i < src->n_targets; ++i) {
        dst->sum[i] += src->sum[i];
        dst->sum2[i] += src->sum2[i];
    }
    for (int c = 0; c < SF_N_ENERGY; ++c)
        dst->energy[c] += src->energy[c];
    for (int c = 0; c < SF_N_COUNTERS; ++c)
        dst->counter[c] += src->counter[c];
    dst->histories += src->histories;
}

double sf_u128_to_double(sf_u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;
    return ldexp((double)hi, 64) + (double)lo;
}

double sf_tally_energy_MeV(const sf_tally *t, int category)
{
    return sf_u128_to_double(t->energy[category]) / SF_TALLY_SUM_SCALE;
}

void sf_tally_target_mean(const sf_tally *t, int target, double *mean_MeV,
                          double *rel_unc)
{
    double n = (double)t->histories;
    if (t->histories == 0) {
        *mean_MeV = 0;
        *rel_unc = 0;
        return;
    }
    double mean = sf_u128_to_double(t->sum[target]) / SF_TALLY_SUM_SCALE / n;
    double mean_sq = sf_u128_to_double(t->sum2[target]) /
                     (SF_TALLY_SQ_SCALE * SF_TALLY_SQ_SCALE) / n;
    double var = mean_sq - mean * mean;
    if (var < 0)
        var = 0; /* rounding of the two fixed-point scales */
    *mean_MeV = mean;
    *rel_unc = (mean > 0 && t->histories > 1) ? sqrt(var / (n - 1)) / mean : 0;
}

double sf_tally_balance_error(const sf_tally *t)
{
    /* Exact integer difference first, then one conversion. */
    sf_u128 in = t->energy[SF_ENERGY_EMITTED] + t->energy[SF_ENERGY_ANNIHILATION];
    sf_u128 outv = t->energy[SF_ENERGY_DEPOSITED] + t->energy[SF_ENERGY_CUTOFF] +
                   t->energy[SF_ENERGY_ESCAPED] + t->energy[SF_ENERGY_PAIR_MASS];
    if (in == 0)
        return outv == 0 ? 0 : INFINITY;
    sf_u128 diff = in > outv ? in - outv : outv - in;
    return sf_u128_to_double(diff) / sf_u128_to_double(in);
}

size_t sf_tally_packed_words(int n_targets)
{
    return 1 + 2 * SF_N_ENERGY + SF_N_COUNTERS + 4 * (size_t)n_targets;
}

static void put128(uint64_t *w, sf_u128 x)
{
    w[0] = (uint64_t)x;
    w[1] = (uint64_t)(x >> 64);
}

static sf_u128 get128(const uint64_t *w)
{
    return ((sf_u128)w[1] << 64) | w[0];
}

void sf_tally_pack(const sf_tally *t, uint64_t *w)
{
    *w++ = t->histories;
    for (int c = 0; c < SF_N_ENERGY; ++c, w += 2)
        put128(w, t->energy[c]);
    for (int c = 0; c < SF_N_COUNTERS; ++c)
        *w++ = t->counter[c];
    for (int i = 0; i < t->n_targets; ++i, w += 4) {
        put128(w, t->sum[i]);
        put128(w + 2, t->sum2[i]);
    }
}

void sf_tally_unpack(sf_tally *t, const uint64_t *w)
{
    t->histories = *w++;
    for (int c = 0; c < SF_N_ENERGY; ++c, w += 2)
        t->energy[c] = get128(w);
    for (int c = 0; c < SF_N_COUNTERS; ++c)
        t->counter[c] = *w++;
    for (int i = 0; i < t->n_targets; ++i, w += 4) {
        t->sum[i] = get128(w);
        t->sum2[i] = get128(w + 2);
    }
}
