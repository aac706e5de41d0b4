#include "transport/dose_map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"

sf_status sf_dose_map_create(int64_t n_voxels, sf_dose_map **out)
{
    *out = NULL;
    sf_dose_map *d = calloc(1, sizeof *d);
    if (!d)
        SF_FAIL(SF_ERR_NOMEM, "dose map: out of memory");
    d->n_voxels = n_voxels;
    d->sum = calloc((size_t)n_voxels, sizeof *d->sum);
    d->sum2_lo = calloc((size_t)n_voxels, sizeof *d->sum2_lo);
    d->sum2_hi = calloc((size_t)n_voxels, sizeof *d->sum2_hi);
    if (!d->sum || !d->sum2_lo || !d->sum2_hi) {
        sf_dose_map_destroy(&d);
        SF_FAIL(SF_ERR_NOMEM, "dose map: out of memory for %lld voxels "
                "(24 bytes each)", (long long)n_voxels);
    }
    *out = d;
    return SF_OK;
}

void sf_dose_map_destroy(sf_dose_map **pd)
{
    if (!pd || !*pd)
        return;
    free((*pd)->sum);
    free((*pd)->sum2_lo);
    free((*pd)->sum2_hi);
    free(*pd);
    *pd = NULL;
}

void sf_dose_map_add(sf_dose_map *d, int64_t v, double E)
{
    uint64_t q = (uint64_t)(E * SF_DOSE_SCALE + 0.5);
    __extension__ unsigned __int128 q2 = (unsigned __int128)q * q;
    uint64_t lo = (uint64_t)q2, hi = (uint64_t)(q2 >> 64);
    __atomic_fetch_add(&d->sum[v], q, __ATOMIC_RELAXED);
    /* 128-bit addition from two 64-bit atomic additions: the carry out of
     * the low word is added to the high word, so the final pair is exact
     * whatever the interleaving. */
    uint64_t old = __atomic_fetch_add(&d->sum2_lo[v], lo, __ATOMIC_RELAXED);
    if (old + lo < old)
        ++hi;
    if (hi)
        __atomic_fetch_add(&d->sum2_hi[v], hi, __ATOMIC_RELAXED);
}

void sf_dose_map_voxel(const sf_dose_map *d, int64_t v, double mass_kg,
                       double *gray, double *rel_unc)
{
    double n = (double)d->histories;
    *gray = 0;
    *rel_unc = 0;
    if (d->histories == 0 || d->sum[v] == 0 || !(mass_kg > 0))
        return;
    double mean = (double)d->sum[v] / SF_DOSE_SCALE / n;
    double sq = (ldexp((double)d->sum2_hi[v], 64) + (double)d->sum2_lo[v]) /
                (SF_DOSE_SCALE * SF_DOSE_SCALE) / n;
    double var = sq - mean * mean;
    if (var < 0)
        var = 0;
    *gray = mean * SF_J_PER_MEV / mass_kg;
    *rel_unc = d->histories > 1 ? sqrt(var / (n - 1)) / mean : 0;
}

void sf_dose_map_merge(sf_dose_map *dst, const sf_dose_map *src)
{
    for (int64_t v = 0; v < dst->n_voxels; ++v) {
        dst->sum[v] += src->sum[v];
        uint64_t lo = dst->sum2_lo[v] + src->sum2_lo[v];
        dst->sum2_hi[v] += src->sum2_hi[v] + (lo < dst->sum2_lo[v]);
        dst->sum2_lo[v] = lo;
    }
    dst->histories += src->histories;
}

void sf_dose_map_pack(const sf_dose_map *d, uint64_t *w)
{
    size_t n = (size_t)d->n_voxels;
    memcpy(w, d->sum, n * sizeof *w);
    memcpy(w + n, d->sum2_lo, n * sizeof *w);
    memcpy(w + 2 * n, d->sum2_hi, n * sizeof *w);
}

void sf_dose_map_unpack(sf_dose_map *d, const uint64_t *w)
{
    size_t n = (size_t)d->n_voxels;
    memcpy(d->sum, w, n * sizeof *w);
    memcpy(d->sum2_lo, w + n, n * sizeof *w);
    memcpy(d->sum2_hi, w + 2 * n, n * sizeof *w);
}
