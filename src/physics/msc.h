/* Multiple elastic scattering over one condensed-history step.
 *
 * The angular deflection after a path s is drawn from a two-moment
 * "modified Wentzel" distribution, mu = (1 - cos theta)/2 in [0, 1]:
 *     p(mu) = (1 - B) W_A(mu) + B delta(mu - mu_d),
 *     W_A(mu) = A (1 + A) / (A + mu)^2   (Wentzel, screening A),
 * with A, B, mu_d chosen so that the first two Goudsmit-Saunderson moments
 * are exact: <mu> = (1 - exp(-s/lambda_1)) / 2 and
 * <P2(cos theta)> = exp(-s/lambda_2) (Goudsmit & Saunderson, Phys. Rev. 57,
 * 24 (1940); Lewis, Phys. Rev. 78, 526 (1950)). This is the MW model of
 * PENELOPE (Baro, Sempau, Fernandez-Varea & Salvat, NIM B 84, 465 (1994);
 * Fernandez-Varea, Mayol, Baro & Salvat, NIM B 73, 447 (1993)) applied to
 * the step's multiple-scattering distribution:
 *   case I, the Wentzel of the right <mu> has <mu^2> too large (nearly
 *     always): A from <mu>, mu_d = <mu>, B from <mu^2>;
 *   case II, its <mu^2> is too small (lambda_1/lambda_2 below ~2.6 and
 *     small steps, i.e. low energies): a point mass at large angle,
 *     mu_d = 3/4 (any mu_d with <mu^2> < mu_d <mu> would do), A and B
 *     solved together.
 * Matching only the first moment (the previous sampler) leaves <mu^2> too
 * large by a factor that decays only like 1/ln(lambda_1/s) as the step
 * shrinks, which biased dose point kernels at every practical step size.
 * With the random-hinge displacement the mean deflection, mean
 * longitudinal displacement and second angular moment are exact. Pure
 * functions, no state. */
#ifndef SF_MSC_H
#define SF_MSC_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "transport/rng.h"

/* First moment <mu> of the Wentzel distribution of screening A:
 * A [(1 + A) ln(1 + 1/A) - 1]. Increases from 0 (A -> 0) to 1/2. */
double sf_msc_wentzel_mean_mu(double A);

/* Screening A whose Wentzel distribution has <mu> = mean_mu, for
 * 0 < mean_mu < 1/2 (Newton iterations on ln A; relative accuracy 1e-10). */
double sf_msc_wentzel_screening(double mean_mu);

/* Second moment <mu^2> of the Wentzel distribution of screening A:
 * A (1 + A) [1 - 2 A ln(1 + 1/A) + A/(1 + A)]. */
double sf_msc_wentzel_mean_mu2(double A);

/* Parameters of the two-moment modified Wentzel distribution of one step:
 * p(mu) = (1 - B) Wentzel_A(mu) + B delta(mu - mu_delta). */
typedef struct sf_msc_mw {
    double A, B, mu_delta;
} sf_msc_mw;

/* For t1 = s/lambda_1, t2 = s/lambda_2: <mu> = (1 - exp(-t1))/2 and
 * <P2(cos theta)> = exp(-t2) exactly. */
sf_msc_mw sf_msc_mw_params(double t1, double t2);

/* Case II of sf_msc_mw_params: <mu> = m1, <mu^2> = m2 > <mu^2>_A, A the
 * screening of the Wentzel distribution of mean m1 (the start of the
 * root search). Outside the reach of case II (m2 >= 3/4 m1 or m1 >= 3/4):
 * the Wentzel of screening A alone, B = 0. */
sf_msc_mw sf_msc_mw_case2(double A, double m1, double m2);

/* cos theta after a path of s_over_lambda1 = s / lambda_1 first and
 * s_over_lambda2 = s / lambda_2 second transport mean free paths (one
 * uniform draw). Beyond 8 first transport mean free paths the direction is
 * isotropic to within 2e-4 in <cos theta> and is drawn so. */
double sf_msc_sample_cos_theta(double s_over_lambda1, double s_over_lambda2,
                               sf_rng *rng);

/* ---- tabulated sampler (the transport kernel's) --------------------------
 *
 * In case I (nearly every step) A and <mu^2>_A depend on t1 alone, so they
 * are tabulated once versus t1 for 2^-20 <= t1 < 4: 2^SF_MSC_TAB_BITS cells
 * per octave, uniform in t1 within an octave, so that the cell and the
 * position s in [0,1) within it come from the bits of t1 (no logarithm).
 * In each cell A exp(-t1) (smooth: it tends to 1/3 where A grows like
 * exp(t1)/3) and <mu^2>_A are the cubics through their exact values at
 * s = 0, 1/3, 2/3, 1 (continuous across cells; against sf_msc_mw_params,
 * relative error of A and absolute error of B below 1e-8, cases I and II).
 * One cell is one 64-byte line. Case II starts its root search from the
 * tabulated A. Outside the table the exact sf_msc_mw_params is used: above
 * t1 ~ 6 the case II equations have two roots and the table would not
 * always pick the one the exact search picks (steps of more than 4
 * transport mean free paths are rare anyway). The sampled distribution is
 * that of sf_msc_sample_cos_theta to the accuracy of the table. */
#define SF_MSC_TAB_BITS 5
#define SF_MSC_TAB_OCT_MIN (-20)
#define SF_MSC_TAB_OCT_MAX 2
#define SF_MSC_TAB_CELLS \
    ((SF_MSC_TAB_OCT_MAX - SF_MSC_TAB_OCT_MIN) << SF_MSC_TAB_BITS)

typedef struct sf_msc_table {
    double c[SF_MSC_TAB_CELLS][8]; /* A e^-t1: c[0..3], <mu^2>_A: c[4..7] */
} sf_msc_table;

/* Fills the table (about a millisecond; no allocation). */
void sf_msc_table_init(sf_msc_table *t);

/* expm1(-t) for t >= 0, to ~1e-13 relative: a Taylor polynomial below
 * t = 0.01, exp(-t) - 1 above (no cancellation to speak of there). About
 * half the cost of libm's expm1, and called twice per electron step. */
static inline double sf_msc_expm1_neg(double t)
{
    if (t < 0.01)
        return -t * (1.0 - t * (0.5 - t * (1.0 / 6.0 - t * (1.0 / 24.0 -
                                                               t / 120.0))));
    return exp(-t) - 1.0;
}

/* Modified-Wentzel parameters of (t1, t2) from the table (case II solved
 * from the tabulated A); *ok = 0 when the table does not apply (t1 outside
 * it, t2 <= 0): then p is not set. */
static inline sf_msc_mw sf_msc_mw_params_tab(const sf_msc_table *t,
                                             double t1, double t2, int *ok)
{
    sf_msc_mw p = {0.0, 0.0, 0.0};
    uint64_t b;
    memcpy(&b, &t1, sizeof b);
    /* t1 > 0 here; a sign bit (t1 < 0) would put e out of range. */
    int e = (int)(b >> 52) - 1023;
    *ok = 0;
    if (e < SF_MSC_TAB_OCT_MIN || e >= SF_MSC_TAB_OCT_MAX || !(t2 > 0.0))
        return p;
    const int sh = 52 - SF_MSC_TAB_BITS;
    const double *c = t->c[((e - SF_MSC_TAB_OCT_MIN) << SF_MSC_TAB_BITS) |
                           (int)((b >> sh) & ((1u << SF_MSC_TAB_BITS) - 1))];
    double s = (double)(b & ((UINT64_C(1) << sh) - 1)) *
               (1.0 / (double)(UINT64_C(1) << sh));
    double g = c[0] + s * (c[1] + s * (c[2] + s * c[3]));
    double w2 = c[4] + s * (c[5] + s * (c[6] + s * c[7]));
    double em1 = sf_msc_expm1_neg(t1);
    double A = g / (1.0 + em1);
    double m1 = -0.5 * em1;
    double m2 = m1 + sf_msc_expm1_neg(t2) / 6.0;
    if (m2 < m1 * m1)
        m2 = m1 * m1;
    *ok = 1;
    if (!(w2 >= m2))
        return sf_msc_mw_case2(A, m1, m2);
    double den = w2 - m1 * m1;
    p.A = A;
    p.mu_delta = m1;
    p.B = den > 0.0 ? (w2 - m2) / den : 0.0;
    return p;
}

/* sf_msc_sample_cos_theta with the tabulated parameters: cos theta after
 * t1 = s/lambda_1, t2 = s/lambda_2 (one 32-bit word). */
double sf_msc_sample_cos_theta_tab(const sf_msc_table *t, double t1,
                                   double t2, sf_rng *rng);

/* The distribution of one (t1, t2), prepared once for several draws (the
 * two halves of an electron step share it). */
typedef struct sf_msc_draw {
    sf_msc_mw p;
    int kind; /* 0: no deflection (t1 <= 0), 1: modified Wentzel,
                 2: isotropic (t1 > 8) */
} sf_msc_draw;

sf_msc_draw sf_msc_prepare_tab(const sf_msc_table *t, double t1, double t2);

/* cos theta of the modified Wentzel distribution p at the uniform deviate
 * u in (0,1): below B the point mass, above it the Wentzel inverse
 * cumulative distribution mu = A xi / (1 - xi + A) on the rescaled
 * remainder. */
static inline double sf_msc_mw_cos_at(sf_msc_mw p, double u)
{
    /* Both branches are computed and one is picked by a bit mask: which
     * applies is a coin toss of probability B, so a branch mispredicted
     * about once a step. Below B the Wentzel value is discarded whatever
     * it is (xi < 0; NaN if B = 1): the mask, not arithmetic, picks. */
    double xi = (u - p.B) / (1.0 - p.B);
    double mu_w = p.A * xi / (1.0 - xi + p.A);
    uint64_t bw, bd, mask = -(uint64_t)(u < p.B);
    memcpy(&bw, &mu_w, sizeof bw);
    memcpy(&bd, &p.mu_delta, sizeof bd);
    uint64_t bm = (bd & mask) | (bw & ~mask);
    double mu;
    memcpy(&mu, &bm, sizeof mu);
    double c = 1.0 - 2.0 * mu;
    return c < -1.0 ? -1.0 : (c > 1.0 ? 1.0 : c);
}

/* cos theta from a prepared distribution: one 32-bit word (two for the
 * isotropic case). One word suffices: the cells of 2^-32 in u limit the
 * sampled mu only where the Wentzel screening A is below ~1e-10, far below
 * any step's. */
static inline double sf_msc_draw_cos(const sf_msc_draw *d, sf_rng *rng)
{
    if (d->kind == 0)
        return 1.0;
    if (d->kind == 2)
        return 2.0 * sf_rng_uniform(rng) - 1.0;
    return sf_msc_mw_cos_at(d->p, ((double)sf_rng_u32(rng) + 0.5) * 0x1p-32);
}

#endif
