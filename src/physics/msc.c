/* Multiple-scattering angular sampler: Wentzel distribution with the
 * screening fitted to the Goudsmit-Saunderson first moment (see msc.h). */
#include "physics/msc.h"

#include <math.h>

double sf_msc_wentzel_mean_mu(double A)
{
    /* For large A use the series of (1 + A) ln(1 + 1/A) - 1 in x = 1/A:
     * x/2 - x^2/6 + x^3/12 - x^4/20 + ..., to avoid cancellation. */
    if (A > 1e3) {
        double x = 1.0 / A;
        return 0.5 - x / 6.0 + x * x / 12.0 - x * x * x / 20.0;
    }
    return A * ((1.0 + A) * log1p(1.0 / A) - 1.0);
}

double sf_msc_wentzel_screening(double m)
{
    if (!(m > 0.0))
        return 0.0;
    if (m >= 0.5)
        return INFINITY;
    /* Start: small m, <mu> ~ A (ln(1/A) - 1); large m, <mu> ~ 1/2 - 1/(6A). */
    double A;
    if (m < 0.05) {
        A = m / 5.0;
        for (int i = 0; i < 3; ++i) {
            double l = log(1.0 / A) - 1.0;
            A = m / (l > 1.0 ? l : 1.0);
        }
    } else if (m > 0.45) {
        A = 1.0 / (6.0 * (0.5 - m));
    } else {
        A = m; /* <mu>(A) is within a factor ~3 of A here */
    }
    /* Newton on f(y) = <mu>(e^y) - m, y = ln A:
     * d<mu>/dA = (1 + 2A) ln(1 + 1/A) - 2. */
    for (int it = 0; it < 40; ++it) {
        double g = sf_msc_wentzel_mean_mu(A) - m;
        double dg = (A > 1e3) ? 1.0 / (6.0 * A * A)
                              : (1.0 + 2.0 * A) * log1p(1.0 / A) - 2.0;
        double dy = -g / (dg * A);
        if (dy > 2.0)
            dy = 2.0;
        if (dy < -2.0)
            dy = -2.0;
        A *= exp(dy);
        if (fabs(dy) < 1e-10)
            break;
    }
    return A;
}

double sf_msc_sample_cos_theta(double s_over_lambda1, sf_rng *rng)
{
    if (!(s_over_lambda1 > 0.0))
        return 1.0;
    if (s_over_lambda1 > 8.0)
        return 2.0 * sf_rng_uniform(rng) - 1.0;
    double m = 0.5 * (-expm1(-s_over_lambda1));
    double A = sf_msc_wentzel_screening(m);
    /* Inverse of the cumulative distribution of p(mu):
     * mu = A xi / (1 - xi + A). */
    double xi = sf_rng_uniform(rng);
    double mu = A * xi / (1.0 - xi + A);
    double c = 1.0 - 2.0 * mu;
    return c < -1.0 ? -1.0 : (c > 1.0 ? 1.0 : c);
}
