#include "transport/soft_loss.h"

/* Standard normal quantile by bisection on erfc: run once per world, so
 * clarity beats speed. */
static double normal_quantile(double p)
{
    double lo = -10.0, hi = 10.0;
    for (int it = 0; it < 200 && hi - lo > 1e-15; ++it) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(-mid / sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

void sf_soft_loss_table_init(sf_soft_loss_table *t)
{
    const double edge = SF_SOFT_LOSS_NORMAL_EDGE;
    double p_lo = 0.5 * erfc(edge / sqrt(2.0)), p_hi = 1.0 - p_lo;
    double z[SF_SOFT_LOSS_CELLS];
    double sum2 = 0.0;
    for (int i = 0; i < SF_SOFT_LOSS_CELLS / 2; ++i) {
        /* Symmetric by construction: the mean is exactly 0. */
        double p = p_lo + (p_hi - p_lo) * (i + 0.5) / SF_SOFT_LOSS_CELLS;
        z[i] = normal_quantile(p);
        z[SF_SOFT_LOSS_CELLS - 1 - i] = -z[i];
        sum2 += 2.0 * z[i] * z[i];
    }
    double scale = 1.0 / sqrt(sum2 / SF_SOFT_LOSS_CELLS);
    t->z_max = 0.0;
    for (int i = 0; i < SF_SOFT_LOSS_CELLS; ++i) {
        t->z[i] = (float)(z[i] * scale);
        if (fabs((double)t->z[i]) > t->z_max)
            t->z_max = fabs((double)t->z[i]);
    }
}
