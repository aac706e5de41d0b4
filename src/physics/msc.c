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
 * its root in ln A between the two. */
#define MU_C 0.75

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
    return sf_msc_mw_case2(A, m1, m2);
}

/* g(A) and B(A), with the derivative of g with respect to ln A; one
 * logarithm. With L = ln(1 + 1/A): d<mu>/dA = (1 + 2A) L - 2,
 * d<mu^2>/dA = 1 + 6A - (4A + 6A^2) L, dB/dA = d<mu>/dA (m1 - MU_C) /
 * (MU_C - <mu>)^2. */
static double case2_excess_d(double A, double m1, double m2, double *B,
                             double *dg_dy)
{
    double w1, w2, d1, d2;
    if (A > 1e3) {
        double x = 1.0 / A;
        w1 = 0.5 - x / 6.0 + x * x / 12.0 - x * x * x / 20.0;
        w2 = 1.0 / 3.0 - x / 6.0 + x * x / 10.0 - x * x * x / 15.0;
        d1 = x * x * (1.0 / 6.0 - x / 6.0 + 0.15 * x * x);
        d2 = x * x * (1.0 / 6.0 - 0.2 * x + 0.2 * x * x);
    } else {
        double L = log1p(1.0 / A);
        w1 = A * ((1.0 + A) * L - 1.0);
        w2 = A * (1.0 + A) * (1.0 - 2.0 * A * L + A / (1.0 + A));
        d1 = (1.0 + 2.0 * A) * L - 2.0;
        d2 = 1.0 + 6.0 * A - (4.0 * A + 6.0 * A * A) * L;
    }
    double den = MU_C - w1;
    *B = (m1 - w1) / den;
    double dB = d1 * (m1 - MU_C) / (den * den);
    *dg_dy = A * ((1.0 - *B) * d2 + dB * (MU_C * MU_C - w2));
    return (1.0 - *B) * w2 + *B * MU_C * MU_C - m2;
}

sf_msc_mw sf_msc_mw_case2(double A, double m1, double m2)
{
    sf_msc_mw p = {A, 0.0, m1};
    if (!(m1 * MU_C > m2) || m1 >= MU_C)
        return p;                      /* outside the reach of case II */
    /* Case II: the root of g(ln A), which is positive as A -> 0 and
     * negative at A_I. Newton in y = ln A from y_I, safeguarded by the
     * bracket found so far (steps that leave it are replaced by a bisection,
     * or by a doubling step down while no lower end is known); a few
     * evaluations (the bisection it replaces needed ~30 for 1e-7). */
    double B = 0.0, dg;
    double y = log(A), hi = y, lo = -INFINITY, step = 1.0;
    double g = case2_excess_d(A, m1, m2, &B, &dg);
    if (!(g < 0.0)) {
        /* A_I itself (possible only through rounding at the border of
         * the two cases): the Wentzel of A_I, B = 0 up to rounding. */
        p.B = B < 0.0 ? 0.0 : (B > 1.0 ? 1.0 : B);
        p.mu_delta = MU_C;
        return p;
    }
    for (int it = 0; it < 200; ++it) {
        double y_new = dg < 0.0 ? y - g / dg : -INFINITY;
        /* Converged: the Newton step from the point just evaluated is
         * below 1e-9 (so is its error); A, B of that point are kept. */
        if (fabs(y_new - y) < 1e-9)
            break;
        if (lo > -INFINITY) {
            if (!(y_new > lo && y_new < hi))
                y_new = 0.5 * (lo + hi);
        } else if (!(y_new >= hi - step && y_new < hi)) {
            y_new = hi - step;
            step *= 2.0;
        }
        y = y_new;
        A = exp(y);
        g = case2_excess_d(A, m1, m2, &B, &dg);
        if (g > 0.0)
            lo = y;
        else if (g < 0.0)
            hi = y;
        else
            break;
        if (hi - lo < 1e-10 || step > 128.0)
            break;
    }
    p.A = A;
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
    return sf_msc_mw_cos_at(sf_msc_mw_params(s_over_lambda1, s_over_lambda2),
                            sf_rng_uniform(rng));
}

void sf_msc_table_init(sf_msc_table *t)
{
    const int per = 1 << SF_MSC_TAB_BITS;
    for (int cell = 0; cell < SF_MSC_TAB_CELLS; ++cell) {
        int oct = SF_MSC_TAB_OCT_MIN + cell / per, j = cell % per;
        double t_lo = ldexp(1.0 + (double)j / per, oct);
        double h = ldexp(1.0 / per, oct);
        double fa[4], fw[4];
        for (int q = 0; q < 4; ++q) {
            double t1 = t_lo + h * q / 3.0;
            double A = sf_msc_wentzel_screening(0.5 * (-expm1(-t1)));
            fa[q] = A * exp(-t1); /* -> 1/3 for large t1: smooth */
            fw[q] = sf_msc_wentzel_mean_mu2(A);
        }
        /* Newton form of the cubic through s = 0, 1/3, 2/3, 1, expanded
         * into powers of s. */
        for (int k = 0; k < 2; ++k) {
            const double *f = k ? fw : fa;
            double d1 = 3.0 * (f[1] - f[0]);
            double d2 = 4.5 * (f[2] - 2.0 * f[1] + f[0]);
            double d3 = 4.5 * (f[3] - 3.0 * f[2] + 3.0 * f[1] - f[0]);
            /* p(s) = f0 + d1 s + d2 s (s - 1/3) + d3 s (s - 1/3)(s - 2/3) */
            double *c = t->c[cell] + 4 * k;
            c[0] = f[0];
            c[1] = d1 - d2 / 3.0 + d3 * (2.0 / 9.0);
            c[2] = d2 - d3;
            c[3] = d3;
        }
    }
}

sf_msc_draw sf_msc_prepare_tab(const sf_msc_table *t, double t1, double t2)
{
    sf_msc_draw d = {{0.0, 0.0, 0.0}, 0};
    if (!(t1 > 0.0))
        return d;
    if (t1 > 8.0) {
        d.kind = 2;
        return d;
    }
    int ok;
    d.p = sf_msc_mw_params_tab(t, t1, t2, &ok);
    if (!ok)
        d.p = sf_msc_mw_params(t1, t2);
    d.kind = 1;
    return d;
}

double sf_msc_sample_cos_theta_tab(const sf_msc_table *t, double t1,
                                   double t2, sf_rng *rng)
{
    sf_msc_draw d = sf_msc_prepare_tab(t, t1, t2);
    return sf_msc_draw_cos(&d, rng);
}
