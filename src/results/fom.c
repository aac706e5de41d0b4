#include "results/fom.h"

#include <math.h>
#include <string.h>

#include "results/median.h"

double sf_fom_value(double rel_unc, double cpu_seconds)
{
    if (!(rel_unc > 0 && isfinite(rel_unc) && cpu_seconds > 0 &&
          isfinite(cpu_seconds)))
        return NAN;
    return 1.0 / (rel_unc * rel_unc * cpu_seconds);
}

void sf_fom_of_task(const double *rel_unc, const double *score,
                    const double *mass_kg, size_t n, int32_t self_target,
                    double cpu_seconds, sf_fom *out)
{
    int32_t smallest = -1;
    for (size_t i = 0; i < n; ++i)
        if (score[i] > 0 && mass_kg[i] > 0 &&
            (smallest < 0 || mass_kg[i] < mass_kg[smallest]))
            smallest = (int32_t)i;
    out->self_target = self_target >= 0 && (size_t)self_target < n
                           ? self_target : -1;
    out->smallest_target = smallest;
    out->self = out->self_target < 0
                    ? NAN : sf_fom_value(rel_unc[out->self_target], cpu_seconds);
    out->smallest = smallest < 0
                        ? NAN : sf_fom_value(rel_unc[smallest], cpu_seconds);
}

int32_t sf_fom_self_target(const sf_saf_region *source,
                           const sf_saf_region *targets, size_t n)
{
    for (size_t i = 0; i < n; ++i) {
        int same = source->id >= 0
                       ? targets[i].id == source->id
                       : targets[i].id < 0 &&
                             strcmp(targets[i].name, source->name) == 0;
        if (same)
            return (int32_t)i;
    }
    return -1;
}

void sf_fom_stats_of(const double *v, size_t n, double *scratch,
                     sf_fom_stats *out)
{
    out->n_valid = 0;
    out->min = NAN;
    out->argmin = -1;
    for (size_t i = 0; i < n; ++i) {
        if (isnan(v[i]))
            continue;
        scratch[out->n_valid++] = v[i];
        if (out->argmin < 0 || v[i] < out->min) {
            out->min = v[i];
            out->argmin = (long)i;
        }
    }
    out->median = sf_median_sort(scratch, out->n_valid);
}
