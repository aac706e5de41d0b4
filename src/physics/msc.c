/* Multiple-scattering angular sampler: two-moment modified Wentzel
 * distribution (see msc.h). */
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

double sf_msc_wentzel_mean_mu2(double A)
{
    /* A (1 + A) [1 - 2 A ln(1 + 1/A) + A/(1 + A)]; for large A the series
     * 1/3 - x/6 + x^2/10 - x^3/15 + ... in x = 1/A (cancellation). */
    if (A > 1e3) {
        double x = 1.0 / A;
        return 1.0 / 3.0 - x / 6.0 + x * x / 10.0 - x * x * x / 15.0;
    }
    return A * (1.0 + A) * (1.0 - 2.0 * A * log1p(1.0 / A) + A / (1.0 + A));
}

/* Case II of sf_msc_mw_params: Wentzel(A) mixed with a point mass at
 * mu = MU_C. For a given A the first moment fixes the weight,
 * B(A) = (m1 - <mu>_A) / (MU_C - <mu>_A); the excess of the second moment
 * g(A) = (1 - B) <mu^2>_A + B MU_C^2 - m2 is positive as A -> 0 (it tends
 * to m1 MU_C - m2 > 0) and negative at the A of case I (where B = 0):
 * bisection in ln A between the two. */
#define MU_C 0.75

static double case2_excess(double A, double m1, double m2, double *B)
{
    double w1 = sf_msc_wentzel_mean_mu(A);
    *B = (m1 - w1) / (MU_C - w1);
    return (1.0 - *B) * sf_msc_wentzel_mean_mu2(A) + *B * MU_C * MU_C - m2;
}

sf_msc_mw sf_msc_mw_params(double t1, double t2)
{
    sf_msc_mw p = {0.0, 0.0, 0.0};
    if (!(t1 > 0.0))
        return p;
    double m1 = 0.5 * (-expm1(-t1));
    double A = sf_msc_wentzel_screening(m1);
    p.A = A;
    p.mu_delta = m1;
    if (!(t2 > 0.0) || !isfinite(A))
        return p;
    /* <P2> = exp(-t2) = 1 - 6 <mu> + 6 <mu^2>. */
    double m2 = m1 + expm1(-t2) / 6.0;
    if (m2 < m1 * m1)
        m2 = m1 * m1;                 /* not reachable for lambda2 <= lambda1 */
    double w2 = sf_msc_wentzel_mean_mu2(A);
    if (w2 >= m2) {
        /* Case I: the point mass at <mu> keeps the first moment. */
        double den = w2 - m1 * m1;
        p.B = den > 0.0 ? (w2 - m2) / den : 0.0;
        return p;
    }
    if (!(m1 * MU_C > m2) || m1 >= MU_C)
        return p;                      /* outside the reach of case II */
    /* Case II. */
    double lo = log(A) - 60.0, hi = log(A), B = 0.0;
    for (int it = 0; it < 60; ++it) {
        double mid = 0.5 * (lo + hi);
        if (case2_excess(exp(mid), m1, m2, &B) > 0.0)
            lo = mid;
        else
            hi = mid;
        if (hi - lo < 1e-7)
            break;
    }
    p.A = exp(0.5 * (lo + hi));
    case2_excess(p.A, m1, m2, &B);
    p.B = B < 0.0 ? 0.0 : (B > 1.0 ? 1.0 : B);
    p.mu_delta = MU_C;
    return p;
}

double sf_msc_sample_cos_theta(double s_over_lambda1, double s_over_lambda2,
                               sf_rng *rng)
{
    if (!(s_over_lambda1 > 0.0))
        return 1.0;
    if (s_over_lambda1 > 8.0)
        return 2.0 * sf_rng_uniform(rng) - 1.0;
    sf_msc_mw p = sf_msc_mw_params(s_over_lambda1, s_over_lambda2);
    /* One draw: below B the point mass, above it the Wentzel inverse
     * cumulative distribution mu = A xi / (1 - xi + A) on the rescaled
     * remainder. */
    double u = sf_rng_uniform(rng);
    double mu;
    if (u < p.B) {
        mu = p.mu_delta;
    } else {
        double xi = (u - p.B) / (1.0 - p.B);
        mu = p.A * xi / (1.0 - xi + p.A);
    }
    double c = 1.0 - 2.0 * mu;
    return c < -1.0 ? -1.0 : (c > 1.0 ? 1.0 : c);
}
